import { Factory, unique, type Person, type World } from '../factories/world.js';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * Issue 15, parties: the lead PI invites the counterpart PI and team members by e-mail; the
 * counterpart PI co-edits after accepting, a stranger cannot; a team member's conflict is detected
 * when they are invited as a reviewer; the applicants' typed conflicts; country rules, Belmont's
 * three countries, e-ASIA without a party of the lead; budgets by cost category within the limits.
 */
describe('parties: members, countries, budgets and typed conflicts', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let proposalId: string;
  let counterpartPi: Person;
  let teamMember: Person;
  const lead = () => w.people[w.lead].applicant;
  const draftBody = async (id: string, token: string) => {
    const res = await api.get(`/proposals/${id}`, token);
    expectStatus(res, 200);
    const { title, abstract, durationMonths, keywords, parties } = res.body;
    return { title, abstract, durationMonths, keywords, parties };
  };

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    proposalId = await factory.proposal(w);
    counterpartPi = await factory.person('applicant', w.counterpart);
    teamMember = await factory.person('applicant', w.counterpart);
  });
  afterAll(() => sut.close());

  describe('invitations', () => {
    it('lets the lead PI invite the counterpart PI, and writes the invitation e-mail to the outbox', async () => {
      const res = await api.post(
        `/proposals/${proposalId}/members`,
        {
          agency: w.counterpart,
          role: 'pi',
          name: 'Alex Smith',
          email: counterpartPi.email,
          institution: 'University of Washington',
        },
        lead().token,
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ agency: w.counterpart, role: 'pi', accepted: false });
      const rows = await sut.dataSource.query(
        `SELECT payload FROM outbox WHERE instance_id = $1 AND payload->>'template' = 'party-invitation'`,
        [proposalId],
      );
      expect(rows).toEqual([{ payload: expect.objectContaining({ members: [res.body.id] }) }]);
    });

    it('refuses an invitation by anyone but the lead PI, and a second PI of the same party', async () => {
      const stranger = await api.post(
        `/proposals/${proposalId}/members`,
        { agency: w.counterpart, role: 'member', name: 'X', email: 'x@example.org', institution: 'X' },
        counterpartPi.token,
      );
      expectProblem(stranger, 404);
      const second = await api.post(
        `/proposals/${proposalId}/members`,
        { agency: w.counterpart, role: 'pi', name: 'Y', email: 'y@example.org', institution: 'Y' },
        lead().token,
      );
      expectProblem(second, 422, 'rule-violated');
      expect(second.body.reasons).toEqual([
        `the ${w.counterpart} party has its principal investigator invited already`,
      ]);
    });

    it('keeps the draft from the invited PI until they accept; then they co-edit it', async () => {
      expectProblem(await api.get(`/proposals/${proposalId}`, counterpartPi.token), 404);
      const invitation = await api.get(`/proposals/${proposalId}/invitation`, counterpartPi.token);
      expectStatus(invitation, 200);
      expect(invitation.body).toMatchObject({ agency: w.counterpart, role: 'pi', accepted: false });
      expectStatus(await api.post(`/proposals/${proposalId}/invitation/accept`, {}, counterpartPi.token), 200);

      const body = await draftBody(proposalId, counterpartPi.token);
      const edited = await api.patch(
        `/proposals/${proposalId}`,
        { ...body, title: 'Edited by the counterpart PI' },
        counterpartPi.token,
      );
      expectStatus(edited, 200);
      expect(edited.body.title).toBe('Edited by the counterpart PI');

      // In the console the co-editing PI is offered the edit, not the upload the API keeps to the applicants.
      await withPassword(sut, counterpartPi);
      const agent = request.agent(sut.url);
      const form = await agent.get('/console/sign-in').expect(200);
      const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrf, email: counterpartPi.email, password: PASSWORD });
      const page = await agent.get(`/console/proposals/${proposalId}`).expect(200);
      expect(page.text).toContain('id="edit-proposal-link"');
      expect(page.text).not.toContain('id="document-upload"');
    });

    it('refuses a stranger: no invitation, no proposal, no edit', async () => {
      const stranger = await factory.person('applicant', w.counterpart);
      expectProblem(await api.get(`/proposals/${proposalId}/invitation`, stranger.token), 404);
      expectProblem(await api.post(`/proposals/${proposalId}/invitation/accept`, {}, stranger.token), 404);
      expectProblem(await api.get(`/proposals/${proposalId}`, stranger.token), 404);
      const body = await draftBody(proposalId, lead().token);
      expectProblem(await api.patch(`/proposals/${proposalId}`, { ...body, title: 'Hijacked' }, stranger.token), 404);
    });

    it('lets a team member see the proposal but not edit it', async () => {
      const invited = await api.post(
        `/proposals/${proposalId}/members`,
        {
          agency: w.counterpart,
          role: 'member',
          name: 'Kim Lee',
          email: teamMember.email,
          institution: 'Oregon Institute of Geology',
        },
        lead().token,
      );
      expectStatus(invited, 201);
      expectStatus(await api.post(`/proposals/${proposalId}/invitation/accept`, {}, teamMember.token), 200);
      const body = await draftBody(proposalId, teamMember.token);
      expectProblem(await api.patch(`/proposals/${proposalId}`, { ...body, title: 'No' }, teamMember.token), 403);
      const members = await api.get(`/proposals/${proposalId}/members`, teamMember.token);
      expect(members.body.map((m: { role: string; accepted: boolean }) => [m.role, m.accepted])).toEqual([
        ['member', true],
        ['pi', true],
      ]);
    });
  });

  describe('typed conflicts', () => {
    it('takes a conflict the applicants declare, with its type, and refuses an unknown type', async () => {
      const bad = await api.post(
        `/proposals/${proposalId}/conflicts`,
        { name: 'Taro Yamada', institution: 'Kyoto University', type: 'rival' },
        lead().token,
      );
      expectProblem(bad, 400, 'validation-failed');
      const res = await api.post(
        `/proposals/${proposalId}/conflicts`,
        { name: 'Taro Yamada', institution: 'Kyoto University', type: 'advisor', note: 'PhD advisor of the lead PI' },
        counterpartPi.token,
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ name: 'Taro Yamada', type: 'advisor' });
    });

    it("detects a team member's institution and the applicants' declaration when reviewers are invited, and shows the types to officers", async () => {
      const po = w.people[w.counterpart].program_officer;
      const leadPo = w.people[w.lead].program_officer;
      await factory.send('proposal', proposalId, { type: 'SUBMIT' }, lead().actor);
      await factory.send('call', w.callId, { type: 'CLOSE' }, leadPo.actor);
      await factory.send('call', w.callId, { type: 'START_REVIEW' }, leadPo.actor);
      await factory.send('proposal', proposalId, { type: 'START_ELIGIBILITY_CHECK' }, leadPo.actor);
      await factory.send('proposal', proposalId, { type: 'RULE_ELIGIBILITY', eligible: true }, leadPo.actor);
      await factory.send('proposal', proposalId, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);

      const colleague = await factory.reviewer(w.counterpart, { institution: 'Oregon Institute of Geology' });
      const sameInstitution = await api.post(
        '/assignments',
        { proposalId, reviewerId: colleague.reviewerId, dueAt: at(20) },
        po.token,
      );
      expectProblem(sameInstitution, 422, 'rule-violated');
      expect(sameInstitution.body.reasons).toEqual([
        `conflict of interest (same-institution): the reviewer works at the institution of a team member of the ${w.counterpart} party`,
      ]);

      const advisor = await factory.reviewer(w.counterpart, {
        institution: `Elsewhere ${unique()}`,
        name: 'Taro Yamada',
      });
      const declared = await api.post(
        '/assignments',
        { proposalId, reviewerId: advisor.reviewerId, dueAt: at(20) },
        po.token,
      );
      expectProblem(declared, 422, 'rule-violated');
      expect(declared.body.reasons).toEqual([
        'conflict of interest (declared): the applicants declared a conflict of interest (advisor: Taro Yamada)',
      ]);

      const listed = await api.get(`/proposals/${proposalId}/conflicts`, po.token);
      expectStatus(listed, 200);
      expect(listed.body.map((c: { type: string }) => c.type)).toEqual(['advisor']);
    });

    it("takes a type with a reviewer's DECLARE_CONFLICT and keeps it", async () => {
      const po = w.people[w.counterpart].program_officer;
      const reviewer = await factory.reviewer(w.counterpart, { institution: `Far away ${unique()}` });
      const invited = await api.post(
        '/assignments',
        { proposalId, reviewerId: reviewer.reviewerId, dueAt: at(20) },
        po.token,
      );
      expectStatus(invited, 201);
      await factory.send('assignment', invited.body.id, { type: 'ACCEPT', declaresNoConflict: true }, reviewer.actor);
      const res = await api.event(
        'assignments',
        invited.body.id,
        { type: 'DECLARE_CONFLICT', reason: 'Former student', conflictType: 'advisor' },
        reviewer.token,
      );
      expectStatus(res, 200);
      const [row] = await sut.dataSource.query(`SELECT type FROM conflict_declarations WHERE assignment_id = $1`, [
        invited.body.id,
      ]);
      expect(row.type).toBe('advisor');
    });
  });

  describe('countries and budgets', () => {
    it("refuses a party whose country is not its agency's, with a clear problem, writing nothing", async () => {
      const open = await factory.world();
      const dto = factory.proposalDto(open);
      dto.parties[1].country = 'DE';
      const res = await api.post('/proposals', dto, open.people[open.lead].applicant.token);
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.reasons).toEqual([
        `the ${open.counterpart} party is in DE, but ${open.counterpart} funds researchers of US`,
      ]);
    });

    it('takes budgets by category (yearly totals derived) and refuses one above a category limit', async () => {
      const pw = await new ProgramWorld(factory, sut.url).build([{ country: 'US', currency: 'USD' }]);
      const [JST, US] = pw.agencies;
      const callId = await pw.openCall('sicorp-bilateral', [
        { code: JST, cap: 30_000_000, envelope: 300_000_000 },
        { code: US, cap: 300_000, envelope: 3_000_000 },
      ]);
      const applicant = await factory.person('applicant', JST);
      const year = {
        goods: 5_000_000,
        personnel: 8_000_000,
        travel: 2_000_000,
        workshops: 1_000_000,
        other: 1_000_000,
      };
      const body = (other: number) => ({
        callId,
        title: `Budget ${unique()}`,
        abstract: 'A joint project.',
        durationMonths: 36,
        parties: [
          {
            agency: JST,
            piName: 'A',
            institution: 'I',
            country: 'JP',
            budgetByCategory: [year, year, { ...year, other }],
          },
          { agency: US, piName: 'B', institution: 'J', country: 'US', budgetPerYear: [100_000, 100_000, 100_000] },
        ],
      });
      const ok = await api.post('/proposals', body(1_000_000), applicant.token);
      expectStatus(ok, 201);
      expect(ok.body.parties.find((p: { agency: string }) => p.agency === JST).budgetPerYear).toEqual([
        17_000_000, 17_000_000, 17_000_000,
      ]);
      const tooMuch = await api.post('/proposals', body(9_000_000), applicant.token);
      expectProblem(tooMuch, 422, 'rule-violated');
      expect(tooMuch.body.reasons).toEqual([
        `the ${JST} party's other in year 3 (9000000) is above 30% of the year's total (25000000)`,
      ]);
    });

    it('refuses a Belmont Forum proposal of three agencies but two countries', async () => {
      const pw = await new ProgramWorld(factory, sut.url).build([
        { country: 'JP', currency: 'JPY' },
        { country: 'US', currency: 'USD' },
        { country: 'DE', currency: 'EUR' },
      ]);
      const [JST, JP2, US, DE] = pw.agencies;
      const callId = await pw.openCall('belmont-forum', [
        { code: JST, cap: 8_000_000, envelope: 80_000_000 },
        { code: JP2, cap: 8_000_000, envelope: 80_000_000 },
        { code: US, cap: 100_000, envelope: 1_000_000 },
        { code: DE, cap: 100_000, envelope: 1_000_000 },
      ]);
      const two = await pw.proposal(callId, [
        { agency: JST, budget: 5_000_000 },
        { agency: JP2, budget: 5_000_000 },
        { agency: US, budget: 50_000 },
      ]);
      expectProblem(two.res, 422, 'rule-violated');
      expect(two.res.body.reasons).toEqual(['the proposal has parties of 2 countries; the program needs at least 3']);
      const three = await pw.proposal(callId, [
        { agency: JST, budget: 5_000_000 },
        { agency: US, budget: 50_000 },
        { agency: DE, budget: 50_000 },
      ]);
      expectStatus(three.res, 201);
    });

    it("takes an e-ASIA proposal without a party of the lead, routed to its parties' agencies; the lead still sees it", async () => {
      const pw = await new ProgramWorld(factory, sut.url).build([
        { country: 'TH', currency: 'THB' },
        { country: 'VN', currency: 'VND' },
        { country: 'PH', currency: 'PHP' },
      ]);
      const [JST, TH, VN, PH] = pw.agencies;
      const callId = await pw.openCall('e-asia-jrp', [
        { code: JST, cap: 13_000_000, envelope: 100_000_000 },
        { code: TH, cap: 1_000_000, envelope: 10_000_000 },
        { code: VN, cap: 1_000_000, envelope: 10_000_000 },
        { code: PH, cap: 1_000_000, envelope: 10_000_000 },
      ]);
      const p = await pw.proposal(callId, [
        { agency: TH, budget: 500_000 },
        { agency: VN, budget: 500_000 },
        { agency: PH, budget: 500_000 },
      ]);
      expectStatus(p.res, 201);
      await pw.send('proposals', p.id, p.applicant, { type: 'SUBMIT' });
      expectStatus(await pw.api.get(`/proposals/${p.id}`, pw.who(JST, 'program_officer').token), 200);
      expectStatus(await pw.api.get(`/proposals/${p.id}`, pw.who(TH, 'program_officer').token), 200);
      const [row] = await sut.dataSource.query(`SELECT agencies FROM workflow_projections WHERE instance_id = $1`, [
        p.id,
      ]);
      expect([...row.agencies].sort()).toEqual([PH, TH, VN].sort());
    });
  });
});
