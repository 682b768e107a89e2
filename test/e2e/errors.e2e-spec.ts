import { randomUUID } from 'node:crypto';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client, type Resource } from '../support/http.js';

/**
 * Every class of bad request is answered as application/problem+json with the right status, and
 * none of them changes anything: after each, the resource is re-read with its version and history.
 */

interface Observed {
  state: string;
  version: number;
  history: number;
}

describe('refused requests', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let lead: string;
  let cp: string;
  const who = (agency: string, role: string): Person => w.people[agency][role];

  /** The resource as the administrator reads it: state, version and how many transitions it has. */
  async function observe(resource: Resource, id: string): Promise<Observed> {
    const res = await api.get(`/${resource}/${id}`, w.admin.token);
    expectStatus(res, 200);
    const history = await api.get(`/${resource}/${id}/history`, w.admin.token);
    expectStatus(history, 200);
    expect(history.body.items).toHaveLength(res.body.version);
    return { state: res.body.state, version: res.body.version, history: history.body.items.length };
  }

  const countCalls = async (): Promise<number> => {
    const res = await api.get(`/calls?agency=${lead}`, w.admin.token);
    expectStatus(res, 200);
    return res.body.total;
  };
  const countProposals = async (callId: string): Promise<number> => {
    const res = await api.get(`/proposals?callId=${callId}`, w.admin.token);
    expectStatus(res, 200);
    return res.body.total;
  };

  /** A submitted proposal of the world's open call, in eligibility_check. */
  async function proposalInEligibilityCheck(): Promise<string> {
    const id = await factory.proposal(w, {}, { submit: true });
    await factory.engine.send({
      subjectType: 'proposal',
      instanceId: id,
      body: { type: 'START_ELIGIBILITY_CHECK' },
      actor: who(lead, 'program_officer').actor,
    });
    return id;
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    lead = w.lead;
    cp = w.counterpart;
  });
  afterAll(() => sut.close());

  describe('400 for an invalid request', () => {
    it('refuses POST /calls with an invalid body, naming each field and why, and creates no call', async () => {
      const before = await countCalls();
      const dto = factory.callDto(w);
      const body = {
        ...dto,
        title: '',
        opensAt: 'next monday',
        agencies: [{ ...dto.agencies[0], capPerProjectPerYear: 0 }, dto.agencies[1]],
        budget: 5,
      };
      const res = await api.post('/calls', body, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'title', message: expect.stringMatching(/longer than or equal to 1/) },
          { field: 'opensAt', message: expect.stringMatching(/ISO 8601/) },
          { field: 'agencies.0.capPerProjectPerYear', message: expect.stringMatching(/not be less than 1/) },
          { field: 'budget', message: expect.stringMatching(/should not exist/) },
        ]),
      );
      expect(await countCalls()).toBe(before);
    });

    it('refuses POST /calls without its required fields, naming them', async () => {
      const before = await countCalls();
      const { program: _program, submissionDeadline: _deadline, ...body } = factory.callDto(w);
      const res = await api.post('/calls', body, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['program', 'submissionDeadline']));
      expect(await countCalls()).toBe(before);
    });

    it('refuses POST /proposals with an invalid body, naming each field and why, and creates no proposal', async () => {
      const before = await countProposals(w.callId);
      const dto = factory.proposalDto(w);
      const body = {
        ...dto,
        durationMonths: 0,
        keywords: 'seismology',
        parties: [
          { ...dto.parties[0], budgetPerYear: [20_000_000, -1, 20_000_000], piEmail: 'not an e-mail' },
          dto.parties[1],
        ],
      };
      const res = await api.post('/proposals', body, who(lead, 'applicant').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'durationMonths', message: expect.stringMatching(/not be less than 1/) },
          { field: 'keywords', message: expect.stringMatching(/array/) },
          { field: 'parties.0.budgetPerYear', message: expect.stringMatching(/not be less than 0/) },
          { field: 'parties.0.piEmail', message: expect.stringMatching(/email/) },
        ]),
      );
      expect(res.body.detail).toMatch(/durationMonths/);
      expect(await countProposals(w.callId)).toBe(before);
    });

    it('refuses POST /proposals whose callId is not a UUID, naming the field', async () => {
      const res = await api.post(
        '/proposals',
        factory.proposalDto(w, { callId: 'call-42' }),
        who(lead, 'applicant').token,
      );
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field: 'callId', message: expect.stringMatching(/UUID/) }]);
    });

    it('refuses a malformed JSON body with 400 and changes nothing', async () => {
      const before = await observe('calls', w.callId);
      const event = await api.postRaw(
        `/calls/${w.callId}/events`,
        '{"type": "CLOSE",',
        who(lead, 'program_officer').token,
      );
      expectProblem(event, 400, 'validation-failed');
      const create = await api.postRaw('/calls', '{"program": ', who(lead, 'program_officer').token);
      expectProblem(create, 400, 'validation-failed');
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses an unknown event type, naming the type field, and changes nothing', async () => {
      const before = await observe('calls', w.callId);
      const res = await api.event('calls', w.callId, { type: 'PUBLISH' }, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field: 'type', message: expect.stringContaining('CLOSE') }]);
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses an event body without a type, naming the type field', async () => {
      const before = await observe('calls', w.callId);
      const res = await api.event('calls', w.callId, { reason: 'no type' }, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field: 'type', message: expect.any(String) }]);
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses an event payload that does not fit the rule, naming the field, and changes nothing', async () => {
      const id = await proposalInEligibilityCheck();
      const before = await observe('proposals', id);
      const res = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', eligible: 'yes' },
        who(lead, 'program_officer').token,
      );
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field: 'eligible', message: expect.stringMatching(/boolean/) }]);
      const extra = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', eligible: true, score: 3 },
        who(lead, 'program_officer').token,
      );
      expectProblem(extra, 400, 'validation-failed');
      expect(extra.body.errors[0].message).toMatch(/score/);
      expect(await observe('proposals', id)).toEqual(before);
    });
    it('refuses an event type named like a built-in object property as unknown', async () => {
      const before = await observe('calls', w.callId);
      for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const res = await api.event('calls', w.callId, { type }, who(lead, 'program_officer').token);
        expectProblem(res, 400, 'validation-failed');
        expect(res.body.errors).toEqual([{ field: 'type', message: expect.stringContaining('ANNOUNCE') }]);
      }
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses a NUL character in a body field, naming the field, and changes nothing', async () => {
      const callsBefore = await countCalls();
      const call = await api.post(
        '/calls',
        { ...factory.callDto(w), title: 'Joint call\u0000 2027' },
        who(lead, 'program_officer').token,
      );
      expectProblem(call, 400, 'validation-failed');
      expect(call.body.errors).toEqual([{ field: 'title', message: expect.stringMatching(/NUL/) }]);
      expect(await countCalls()).toBe(callsBefore);

      const proposalsBefore = await countProposals(w.callId);
      const dto = factory.proposalDto(w);
      dto.parties[1].institution = 'University\u0000 of Washington';
      const proposal = await api.post('/proposals', dto, who(lead, 'applicant').token);
      expectProblem(proposal, 400, 'validation-failed');
      expect(proposal.body.errors).toEqual([{ field: 'parties.1.institution', message: expect.stringMatching(/NUL/) }]);
      expect(await countProposals(w.callId)).toBe(proposalsBefore);

      const callId = await factory.call(w);
      const before = await observe('calls', callId);
      const po = who(lead, 'program_officer');
      const cancel = await api.event('calls', callId, { type: 'CANCEL', reason: 'budget\u0000 withdrawn' }, po.token, {
        'Idempotency-Key': randomUUID(),
      });
      expectProblem(cancel, 400, 'validation-failed');
      expect(cancel.body.errors).toEqual([{ field: 'reason', message: expect.stringMatching(/NUL/) }]);
      const key = await api.event(
        'calls',
        callId,
        { type: 'CANCEL', reason: 'budget withdrawn', 'x\u0000': 1 },
        po.token,
        { 'Idempotency-Key': randomUUID() },
      );
      expectProblem(key, 400, 'validation-failed');
      expect(await observe('calls', callId)).toEqual(before);
    });

    it('refuses amounts beyond the safe integer range, naming the field, and creates no call', async () => {
      const before = await countCalls();
      const dto = factory.callDto(w);
      dto.agencies[0].budgetEnvelope = 1e20;
      const res = await api.post('/calls', dto, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([
        { field: 'agencies.0.budgetEnvelope', message: expect.stringMatching(/not be greater than/) },
      ]);
      expect(await countCalls()).toBe(before);
    });
  });

  describe('413 for a body over the size limit', () => {
    it('answers a body over 1 MB with 413 as a client error and changes nothing', async () => {
      const before = await observe('calls', w.callId);
      const res = await api.event(
        'calls',
        w.callId,
        { type: 'CANCEL', reason: 'x'.repeat(1_100_000) },
        who(lead, 'program_officer').token,
      );
      expectProblem(res, 413);
      expect(res.body.code).not.toBe('internal');
      expect(res.body.title).not.toMatch(/internal/i);
      expect(await observe('calls', w.callId)).toEqual(before);
    });
  });

  describe('401 without a valid token', () => {
    it('refuses reads and events without a token and changes nothing', async () => {
      const before = await observe('calls', w.callId);
      expectProblem(await api.get(`/calls/${w.callId}`), 401, 'unauthenticated');
      expectProblem(await api.event('calls', w.callId, { type: 'CLOSE' }), 401, 'unauthenticated');
      expectProblem(await api.post('/calls', factory.callDto(w)), 401, 'unauthenticated');
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses an unknown token or another scheme and changes nothing', async () => {
      const before = await observe('calls', w.callId);
      expectProblem(
        await api.event('calls', w.callId, { type: 'CLOSE' }, 'tdm_not-a-real-token'),
        401,
        'unauthenticated',
      );
      const basic = await api.get(`/calls/${w.callId}`, undefined, {
        Authorization: `Basic ${who(lead, 'program_officer').token}`,
      });
      expectProblem(basic, 401, 'unauthenticated');
      expect(await observe('calls', w.callId)).toEqual(before);
    });
  });

  describe('403 for an event the sender may not send', () => {
    it('refuses CLOSE sent by an applicant and changes nothing', async () => {
      const callId = await factory.call(w, {}, 'open');
      const before = await observe('calls', callId);
      const res = await api.event('calls', callId, { type: 'CLOSE' }, who(lead, 'applicant').token);
      expectProblem(res, 403, 'forbidden');
      expect(await observe('calls', callId)).toEqual(before);
    });

    it("refuses OPEN sent by the counterpart's program officer (the lead's staff open a call)", async () => {
      const callId = await factory.call(w, {}, 'announced');
      const before = await observe('calls', callId);
      const res = await api.event('calls', callId, { type: 'OPEN' }, who(cp, 'program_officer').token);
      expectProblem(res, 403, 'forbidden');
      expect(await observe('calls', callId)).toEqual(before);
    });

    it("refuses the counterpart's officer ruling eligibility for the lead agency and records no ruling", async () => {
      const id = await proposalInEligibilityCheck();
      const before = await observe('proposals', id);
      const res = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', agency: lead, eligible: false },
        who(cp, 'agency_officer').token,
      );
      expectProblem(res, 403, 'forbidden');
      expect(await observe('proposals', id)).toEqual(before);
      const after = await api.get(`/proposals/${id}`, w.admin.token);
      expect(after.body.progress.eligibility).toEqual({});
    });

    it('refuses an event with a malformed payload from someone without its role as 403, before looking at the payload', async () => {
      const id = await proposalInEligibilityCheck();
      const before = await observe('proposals', id);
      const res = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', agency: 42, eligible: 'perhaps' },
        who(lead, 'board_member').token,
      );
      expectProblem(res, 403, 'forbidden');
      expect(await observe('proposals', id)).toEqual(before);
    });
  });

  describe('404 for what the caller may not see or what does not exist', () => {
    it("hides a call of agencies the outsider's agency does not work with, even from its program officer", async () => {
      const before = await observe('calls', w.callId);
      expectProblem(await api.get(`/calls/${w.callId}`, w.outsider.token), 404, 'not-found');
      expectProblem(await api.get(`/calls/${w.callId}/history`, w.outsider.token), 404, 'not-found');
      expectProblem(await api.event('calls', w.callId, { type: 'CLOSE' }, w.outsider.token), 404, 'not-found');
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('hides the proposals of that call from the outsider and refuses it a proposal there', async () => {
      const id = await factory.proposal(w, {}, { submit: true });
      const before = await observe('proposals', id);
      const proposalsBefore = await countProposals(w.callId);
      expectProblem(await api.get(`/proposals/${id}`, w.outsider.token), 404, 'not-found');
      expectProblem(await api.get(`/proposals/${id}/history`, w.outsider.token), 404, 'not-found');
      expectProblem(
        await api.event('proposals', id, { type: 'START_ELIGIBILITY_CHECK' }, w.outsider.token),
        404,
        'not-found',
      );
      expectProblem(await api.post('/proposals', factory.proposalDto(w), w.outsider.token), 404, 'not-found');
      expect(await observe('proposals', id)).toEqual(before);
      expect(await countProposals(w.callId)).toBe(proposalsBefore);
    });

    it("hides an applicant's proposal from other applicants, of the other agency and of the same one", async () => {
      const id = await factory.proposal(w);
      const before = await observe('proposals', id);
      const sameAgency = await factory.person('applicant', lead);
      for (const other of [who(cp, 'applicant'), sameAgency]) {
        expectProblem(await api.get(`/proposals/${id}`, other.token), 404, 'not-found');
        expectProblem(await api.get(`/proposals/${id}/history`, other.token), 404, 'not-found');
        expectProblem(await api.event('proposals', id, { type: 'WITHDRAW' }, other.token), 404, 'not-found');
      }
      expect(await observe('proposals', id)).toEqual(before);
    });

    it('answers 404 for an id that is not a UUID', async () => {
      const token = w.admin.token;
      expectProblem(await api.get('/calls/not-a-uuid', token), 404, 'not-found');
      expectProblem(await api.get('/proposals/42', token), 404, 'not-found');
      expectProblem(await api.get('/proposals/42/history', token), 404, 'not-found');
      expectProblem(await api.event('calls', 'call-1', { type: 'ANNOUNCE' }, token), 404, 'not-found');
    });

    it('answers 404 for an unknown UUID', async () => {
      const token = w.admin.token;
      const unknown = randomUUID();
      expectProblem(await api.get(`/calls/${unknown}`, token), 404, 'not-found');
      expectProblem(await api.get(`/proposals/${unknown}`, token), 404, 'not-found');
      expectProblem(await api.get(`/calls/${unknown}/history?verify=true`, token), 404, 'not-found');
      expectProblem(await api.event('calls', unknown, { type: 'ANNOUNCE' }, token), 404, 'not-found');
      expectProblem(
        await api.event('proposals', unknown, { type: 'SUBMIT' }, who(lead, 'applicant').token),
        404,
        'not-found',
      );
      expectProblem(
        await api.post('/proposals', factory.proposalDto(w, { callId: unknown }), who(lead, 'applicant').token),
        404,
        'not-found',
      );
    });

    it('does not tell a proposal id from a call id', async () => {
      const id = await factory.proposal(w);
      expectProblem(await api.get(`/calls/${id}`, w.admin.token), 404, 'not-found');
      expectProblem(await api.event('calls', id, { type: 'ANNOUNCE' }, w.admin.token), 404, 'not-found');
      expectProblem(await api.get(`/proposals/${w.callId}`, w.admin.token), 404, 'not-found');
    });
  });

  describe('409 for an event the current state does not take', () => {
    it('refuses ANNOUNCE on an open call and lists the events the caller may send', async () => {
      const before = await observe('calls', w.callId);
      const res = await api.event('calls', w.callId, { type: 'ANNOUNCE' }, who(lead, 'program_officer').token);
      expectProblem(res, 409, 'event-not-allowed');
      expect(res.body.state).toBe('open');
      expect([...res.body.allowedEvents].sort()).toEqual([
        'ADD_AGENCY_CRITERIA',
        'CANCEL',
        'CLOSE',
        'CONFIGURE_REVIEW',
      ]);
      expect(await observe('calls', w.callId)).toEqual(before);
    });

    it('refuses a second SUBMIT of a submitted proposal and lists only WITHDRAW for its applicant', async () => {
      const id = await factory.proposal(w, {}, { submit: true });
      const before = await observe('proposals', id);
      const res = await api.event('proposals', id, { type: 'SUBMIT' }, who(lead, 'applicant').token);
      expectProblem(res, 409, 'event-not-allowed');
      expect(res.body).toMatchObject({ state: 'submitted', allowedEvents: ['WITHDRAW'] });
      expect(await observe('proposals', id)).toEqual(before);
    });
  });

  describe('412 for a stale If-Match', () => {
    it('refuses an event with a stale If-Match and names the current version', async () => {
      // Created (1), each agency's approval of its part (2, 3), announced (4), opened (5).
      const callId = await factory.call(w);
      const before = await observe('calls', callId);
      expect(before.version).toBe(5);
      const res = await api.event('calls', callId, { type: 'CLOSE' }, who(lead, 'program_officer').token, {
        'If-Match': '"4"',
      });
      expectProblem(res, 412, 'precondition-failed');
      expect(res.body.currentVersion).toBe(5);
      expect(await observe('calls', callId)).toEqual(before);
    });

    it('refuses a malformed If-Match with 400, naming the header', async () => {
      const callId = await factory.call(w);
      const before = await observe('calls', callId);
      const res = await api.event('calls', callId, { type: 'CLOSE' }, who(lead, 'program_officer').token, {
        'If-Match': 'latest',
      });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);
      expect(await observe('calls', callId)).toEqual(before);
    });
  });

  describe('422 for a program rule', () => {
    it("refuses SUBMIT with a yearly budget above the agency's cap and lists the reason", async () => {
      const parties = factory.parties(w);
      parties[1].budgetPerYear = [150_000, 250_000, 150_000];
      const id = await factory.proposal(w, { parties });
      const before = await observe('proposals', id);
      const res = await api.event('proposals', id, { type: 'SUBMIT' }, who(lead, 'applicant').token);
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([`party of ${cp} requests 250000 in year 2, above the cap of 200000`]);
      expect(res.body.state).toBe('draft');
      expect(await observe('proposals', id)).toEqual(before);
      const read = await api.get(`/proposals/${id}`, who(lead, 'applicant').token);
      expect(read.body.allowedEvents).toEqual(['WITHDRAW']);
    });

    it('refuses a call with three agencies for a two-agency program and creates nothing', async () => {
      const before = await countCalls();
      const third = await factory.agency();
      const dto = factory.callDto(w);
      dto.agencies.push({ code: third, role: 'counterpart' });
      const res = await api.post('/calls', dto, who(lead, 'program_officer').token);
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([`program ${w.program} allows at most 2 agencies`]);
      expect(await countCalls()).toBe(before);
    });

    it('refuses a second eligibility ruling by the same agency and keeps the first', async () => {
      const id = await proposalInEligibilityCheck();
      const first = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', eligible: true },
        who(lead, 'program_officer').token,
      );
      expectStatus(first, 200);
      const before = await observe('proposals', id);
      const res = await api.event(
        'proposals',
        id,
        { type: 'RULE_ELIGIBILITY', eligible: false },
        who(lead, 'agency_officer').token,
      );
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([`${lead} has already ruled on eligibility`]);
      expect(await observe('proposals', id)).toEqual(before);
      const after = await api.get(`/proposals/${id}`, w.admin.token);
      expect(after.body.progress.eligibility).toEqual({ [lead]: { eligible: true, reasons: [] } });
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retried POST /proposals with the first answer and creates one proposal', async () => {
      const before = await countProposals(w.callId);
      const key = randomUUID();
      const dto = factory.proposalDto(w);
      const applicant = who(lead, 'applicant');
      const first = await api.post('/proposals', dto, applicant.token, { 'Idempotency-Key': key });
      expectStatus(first, 201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const retry = await api.post('/proposals', dto, applicant.token, { 'Idempotency-Key': key });
      expectStatus(retry, 201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers['content-type']).toMatch(/^application\/json/);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers.location).toBe(first.headers.location);
      expect(await countProposals(w.callId)).toBe(before + 1);
    });

    it('answers a retried event with the first answer and makes no second transition', async () => {
      const id = await factory.proposal(w);
      const key = randomUUID();
      const applicant = who(lead, 'applicant');
      const first = await api.event('proposals', id, { type: 'SUBMIT' }, applicant.token, { 'Idempotency-Key': key });
      expectStatus(first, 200);
      const after = await observe('proposals', id);
      expect(after).toEqual({ state: 'submitted', version: 2, history: 2 });
      const retry = await api.event('proposals', id, { type: 'SUBMIT' }, applicant.token, { 'Idempotency-Key': key });
      expectStatus(retry, 200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"2"');
      expect(await observe('proposals', id)).toEqual(after);
    });

    it('refuses the same key with another body with 422 and changes nothing', async () => {
      const id = await factory.proposal(w);
      const key = randomUUID();
      const applicant = who(lead, 'applicant');
      expectStatus(
        await api.event('proposals', id, { type: 'SUBMIT' }, applicant.token, { 'Idempotency-Key': key }),
        200,
      );
      const before = await observe('proposals', id);
      const res = await api.event('proposals', id, { type: 'WITHDRAW', reason: 'changed our minds' }, applicant.token, {
        'Idempotency-Key': key,
      });
      expectProblem(res, 422, 'idempotency-key-reused');
      expect(await observe('proposals', id)).toEqual(before);
    });

    it('replays an earlier 4xx answer even once the event has become allowed', async () => {
      const callId = await factory.call(w, {}, 'draft');
      const po = who(lead, 'program_officer');
      const key = randomUUID();
      const first = await api.event('calls', callId, { type: 'OPEN' }, po.token, { 'Idempotency-Key': key });
      expectProblem(first, 409, 'event-not-allowed');
      expectStatus(await api.event('calls', callId, { type: 'ANNOUNCE' }, po.token), 200);
      const before = await observe('calls', callId);
      expect(before.state).toBe('announced');
      const retry = await api.event('calls', callId, { type: 'OPEN' }, po.token, { 'Idempotency-Key': key });
      expectProblem(retry, 409, 'event-not-allowed');
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await observe('calls', callId)).toEqual(before);
    });

    it('replays an earlier validation failure of POST /calls', async () => {
      const before = await countCalls();
      const key = randomUUID();
      const body = { ...factory.callDto(w), title: '' };
      const po = who(lead, 'program_officer');
      const first = await api.post('/calls', body, po.token, { 'Idempotency-Key': key });
      expectProblem(first, 400, 'validation-failed');
      const retry = await api.post('/calls', body, po.token, { 'Idempotency-Key': key });
      expectProblem(retry, 400, 'validation-failed');
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await countCalls()).toBe(before);
    });

    it("keeps one user's key apart from another user's", async () => {
      const key = randomUUID();
      const mine = await factory.proposal(w);
      const theirs = await api.post('/proposals', factory.proposalDto(w), who(cp, 'applicant').token);
      expectStatus(theirs, 201);
      expectStatus(
        await api.event('proposals', mine, { type: 'SUBMIT' }, who(lead, 'applicant').token, {
          'Idempotency-Key': key,
        }),
        200,
      );
      const other = await api.event('proposals', theirs.body.id, { type: 'SUBMIT' }, who(cp, 'applicant').token, {
        'Idempotency-Key': key,
      });
      expectStatus(other, 200);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(await observe('proposals', theirs.body.id)).toMatchObject({ state: 'submitted', version: 2 });
    });
  });
});
