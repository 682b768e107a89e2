import request from 'supertest';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { ProposalsService } from '../../src/modules/proposals/proposals.service.js';
import { FIRST_FISCAL_YEAR as FY, Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';

/**
 * The console's pages for the steps only the API could do before: creating a call from a program,
 * drafting and editing a joint proposal, managing an agency's reviewer pool. Over plain HTTP with
 * sessions and CSRF tokens, as a browser without JavaScript sends them.
 */
describe('console pages for calls, proposals and reviewer pools', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  /** The text of the element with that id (tags stripped, entities of quotes decoded). */
  const textOf = (html: string, id: string): string => {
    const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
    return (m?.[1] ?? '').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  };

  async function signedIn(person: Person) {
    await withPassword(app, person);
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
      .expect(303);
    return agent;
  }

  /** POSTs a form as the page at `page` offers it (with its CSRF token). */
  async function post(agent: request.Agent, page: string, action: string, fields: Record<string, string>) {
    const form = await agent.get(page).expect(200);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...fields });
  }

  const callFields = (title: string, overrides: Record<string, string> = {}) => ({
    program: world.program,
    title,
    description: 'A call created in the console.',
    opensAt: day(1),
    submissionDeadline: day(60),
    reviewDue: day(90),
    'agencies.0.code': world.lead,
    'agencies.1.code': world.counterpart,
    lead: '0',
    ...overrides,
  });

  const callsTitled = async (title: string): Promise<number> =>
    (await app.dataSource.query(`SELECT count(*)::int AS n FROM calls WHERE title = $1`, [title]))[0].n;

  describe('creating a call', () => {
    it("creates a call of the program through the API's service, as a draft led by the officer's agency", async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const title = `Console call ${unique()}`;

      const page = await agent.get('/console/calls/new').expect(200);
      const res = await post(agent, '/console/calls/new', '/console/calls/new', callFields(title));

      expect(page.text).toContain('id="new-call-form"');
      expect(page.text).toContain(`data-program="${world.program}"`);
      expect(res.status).toBe(303);
      const id = res.headers.location.replace('/console/calls/', '');
      const call = await app.app.get(CallsService).get(id, world.people[world.lead].program_officer.actor);
      expect(call).toMatchObject({ title, program: world.program, state: 'draft' });
      // A co-owned call: each agency approves its own figures afterwards.
      expect(call.agencies.map((a) => [a.code, a.role, a.capPerProjectPerYear, a.approvedAt])).toEqual(
        expect.arrayContaining([
          [world.lead, 'lead', null, null],
          [world.counterpart, 'counterpart', null, null],
        ]),
      );
      const shown = await agent.get(res.headers.location).expect(200);
      expect(shown.text).toContain('Call created');
      expect(textOf(shown.text, 'partnership-pending')).toContain(world.counterpart);
      expect(shown.text).toContain('id="participation-link"');
    });

    it("lets the counterpart's own PO approve its participation on the call page's form, shown in the partnership table", async () => {
      const callId = await factory.call(world, {}, 'draft', { approve: false });
      const cpOfficer = await signedIn(world.people[world.counterpart].program_officer);
      const form = await cpOfficer.get(`/console/calls/${callId}/participation`).expect(200);
      expect(form.text).toContain('id="participation-form"');
      expect(form.text).toContain(`value="${world.counterpart}"`);
      const res = await post(
        cpOfficer,
        `/console/calls/${callId}/participation`,
        `/console/calls/${callId}/participation`,
        {
          agency: world.counterpart,
          'fiscalYear.0': String(FY),
          'amount.0': '700000',
          'fiscalYear.1': String(FY + 1),
          'amount.1': '700000',
          capPerProjectPerYear: '200000',
          jpyPerUnit: '150',
          appointees: world.people[world.counterpart].program_officer.userId,
        },
      );
      expect(res.status).toBe(303);
      const page = await cpOfficer.get(`/console/calls/${callId}`).expect(200);
      expect(page.text).toMatch(new RegExp(`data-agency="${world.counterpart}"[^]*?data-status="approved"`));
      expect(textOf(page.text, 'partnership-pending')).toContain(world.lead);
      // Another agency's officer has no form for it.
      const leadOfficer = await signedIn(world.people[world.lead].agency_officer);
      expect((await leadOfficer.get(`/console/calls/${callId}/participation`)).status).toBe(403);
    });

    it("refuses a call that breaks the program's rules, each reason beside its field, keeping the values and creating nothing", async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const title = `Refused call ${unique()}`;

      const res = await post(
        agent,
        '/console/calls/new',
        '/console/calls/new',
        callFields(title, {
          submissionDeadline: day(0),
          opensAt: day(5),
          durationMaxMonths: '90',
        }),
      );

      expect(res.status).toBe(422);
      expect(textOf(res.text, 'call-submissionDeadline-error')).toContain('dates must be in order');
      expect(textOf(res.text, 'call-duration-max-error')).toMatch(/research period of 36-90 months is outside program/);
      expect(res.text).toContain(`value="${title}"`);
      expect(res.text).toContain('value="90"');
      expect(await callsTitled(title)).toBe(0);
    });

    it('names each field the API validation refuses (an empty title, a research period that is not a number)', async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);

      const res = await post(
        agent,
        '/console/calls/new',
        '/console/calls/new',
        callFields('', { durationMaxMonths: 'lots' }),
      );

      expect(res.status).toBe(400);
      expect(textOf(res.text, 'call-title-en-error')).toBe('Required.');
      expect(textOf(res.text, 'call-duration-max-error')).toMatch(/integer/);
    });

    it('refuses an officer who would lead the call for another agency, and opens the page to no one else but officers and directors', async () => {
      const cpOfficer = await signedIn(world.people[world.counterpart].program_officer);
      const title = `Not mine ${unique()}`;

      const refused = await post(cpOfficer, '/console/calls/new', '/console/calls/new', callFields(title));
      const applicant = await signedIn(world.people[world.lead].applicant);
      const reviewer = await signedIn(world.people[world.lead].reviewer);
      const officer = await signedIn(world.people[world.lead].agency_officer);

      expect(refused.status).toBe(403);
      expect(textOf(refused.text, 'call-agencies-error')).toContain('lead agency');
      expect(await callsTitled(title)).toBe(0);
      for (const agent of [applicant, reviewer, officer]) {
        expect((await agent.get('/console/calls/new')).status).toBe(403);
        const list = await agent.get('/console/calls').expect(200);
        expect(list.text).not.toContain('id="new-call-link"');
      }
      const po = await (await signedIn(world.people[world.lead].program_officer)).get('/console/calls').expect(200);
      expect(po.text).toContain('id="new-call-link"');
    });

    it('lists every call for a state no call is ever in (a stale link), not an error page', async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const all = await agent.get('/console/calls').expect(200);
      const stale = await agent.get('/console/calls?state=no-such-state').expect(200);
      expect(stale.text).toContain(world.callId);
      expect(all.text).toContain(world.callId);
    });

    it('refuses the form without its CSRF token', async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const title = `No token ${unique()}`;

      const res = await agent.post('/console/calls/new').type('form').send(callFields(title));

      expect(res.status).toBe(403);
      expect(await callsTitled(title)).toBe(0);
    });
  });

  describe('drafting and editing a proposal', () => {
    const proposalFields = (title: string, overrides: Record<string, string> = {}) => ({
      title,
      abstract: 'Seismic arrays that warn of landslides.',
      durationMonths: '36',
      keywords: 'seismology, landslides',
      'parties.0.piName': 'Hanako Sato',
      'parties.0.piEmail': 'hanako@example.ac.jp',
      'parties.0.institution': 'Tohoku University',
      'parties.0.country': 'jp',
      'parties.0.budget.0': '20000000',
      'parties.0.budget.1': '20000000',
      'parties.0.budget.2': '10000000',
      'parties.1.piName': 'Alex Smith',
      'parties.1.institution': 'University of Washington',
      'parties.1.country': 'US',
      'parties.1.budget.0': '150000',
      'parties.1.budget.1': '150000',
      'parties.1.budget.2': '150000',
      ...overrides,
    });

    async function drafted(agent: request.Agent, title: string): Promise<string> {
      const page = `/console/calls/${world.callId}/proposals/new`;
      const res = await post(agent, page, page, proposalFields(title));
      expect(res.status).toBe(303);
      return res.headers.location.replace('/console/proposals/', '');
    }

    it('drafts a joint proposal with its parties and budgets per year, shown with year labels and totals', async () => {
      const applicant = world.people[world.lead].applicant;
      const agent = await signedIn(applicant);
      const callPage = await agent.get(`/console/calls/${world.callId}`).expect(200);
      const title = `Console proposal ${unique()}`;

      const id = await drafted(agent, title);

      expect(callPage.text).toContain('id="new-proposal-link"');
      const proposal = await app.app.get(ProposalsService).get(id, applicant.actor);
      expect(proposal).toMatchObject({ title, durationMonths: 36, keywords: ['seismology', 'landslides'] });
      expect(proposal.parties).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            agency: world.lead,
            country: 'JP',
            budgetPerYear: [20_000_000, 20_000_000, 10_000_000],
          }),
          expect.objectContaining({
            agency: world.counterpart,
            piEmail: null,
            budgetPerYear: [150_000, 150_000, 150_000],
          }),
        ]),
      );
      const edit = await agent.get(`/console/proposals/${id}/edit`).expect(200);
      expect(edit.text).toContain('Year 1 (months 1–12)');
      expect(edit.text).toContain('Year 3 (months 25–36)');
      expect(edit.text).toMatch(/class="num party-total">[^<]*50,000,000/);
      expect(edit.text).toMatch(/class="num party-total">[^<]*450,000/);
      const page = await agent.get(`/console/proposals/${id}`).expect(200);
      expect(page.text).toContain('id="edit-proposal-link"');
    });

    it('edits the draft through the same service; a refused edit names the field, keeps the values and changes nothing', async () => {
      const applicant = world.people[world.lead].applicant;
      const agent = await signedIn(applicant);
      const id = await drafted(agent, `To edit ${unique()}`);
      const edit = `/console/proposals/${id}/edit`;
      const renamed = `Edited ${unique()}`;

      const bad = await post(
        agent,
        edit,
        edit,
        proposalFields(renamed, { durationMonths: '500', 'parties.1.budget.1': '' }),
      );
      const good = await post(agent, edit, edit, proposalFields(renamed, { 'parties.1.budget.3': '100000' }));

      expect(bad.status).toBe(400);
      expect(textOf(bad.text, 'proposal-duration-error')).toMatch(/must not be greater than 120/);
      expect(textOf(bad.text, 'party-1-budget-error')).toMatch(/integer/);
      expect(bad.text).toContain(`value="${renamed}"`);
      expect(good.status).toBe(303);
      const proposal = await app.app.get(ProposalsService).get(id, applicant.actor);
      expect(proposal.title).toBe(renamed);
      expect(proposal.parties.find((p) => p.agency === world.counterpart)?.budgetPerYear).toEqual([
        150_000, 150_000, 150_000, 100_000,
      ]);
    });

    it('offers no edit once the proposal is submitted, and keeps other people out (404 for a draft not theirs)', async () => {
      const applicant = world.people[world.lead].applicant;
      const agent = await signedIn(applicant);
      const id = await drafted(agent, `Submitted ${unique()}`);
      const otherApplicant = await signedIn(world.people[world.counterpart].applicant);
      const outsider = await signedIn(await factory.person('applicant', world.outsider.actor.grants[0].agency));

      expect((await otherApplicant.get(`/console/proposals/${id}/edit`)).status).toBe(404);
      expect((await outsider.get(`/console/calls/${world.callId}/proposals/new`)).status).toBe(404);
      const po = await signedIn(world.people[world.lead].program_officer);
      expect((await po.get(`/console/calls/${world.callId}/proposals/new`)).status).toBe(403);

      await factory.send('proposal', id, { type: 'SUBMIT' }, applicant.actor);

      const page = await agent.get(`/console/proposals/${id}`).expect(200);
      expect(page.text).not.toContain('id="edit-proposal-link"');
      expect((await agent.get(`/console/proposals/${id}/edit`)).status).toBe(422);
      expect((await po.get(`/console/proposals/${id}/edit`)).status).toBe(403);
      // The API refuses the same edit with the same rule.
      const api = await request(app.url)
        .patch(`/api/v1/proposals/${id}`)
        .set('Authorization', `Bearer ${applicant.token}`)
        .send({ ...factory.proposalDto(world), callId: undefined });
      expect(api.status).toBe(422);
      expect(api.body.reasons[0]).toMatch(/it is edited while drafted or while more information is requested/);
    });
  });

  describe("managing an agency's reviewer pool", () => {
    it('adds a reviewer with their expertise, then removes them (with their reviewer role there)', async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const researcher = await factory.person('applicant', world.lead);
      const page = `/console/agencies/${world.lead}/reviewers`;

      const added = await post(agent, page, page, {
        email: researcher.email,
        name: 'Keiko Tanaka',
        institution: 'Kyoto University',
        expertise: 'seismology\nremote sensing',
        recentCoauthors: 'Alex Smith',
      });
      const listed = await agent.get(page).expect(200);
      const id = /data-reviewer="([^"]+)" data-email="([^"]+)"/.exec(
        listed.text.slice(listed.text.indexOf(`data-email="${researcher.email}"`) - 60),
      )![1];
      const grants = async () =>
        (
          await app.dataSource.query(
            `SELECT count(*)::int AS n FROM role_grants g JOIN agencies a ON a.id = g.agency_id WHERE g.user_id = $1 AND g.role = 'reviewer' AND a.code = $2`,
            [researcher.userId, world.lead],
          )
        )[0].n;
      const before = await grants();
      const removed = await post(agent, page, `${page}/${id}/remove`, {});
      const after = await agent.get(page).expect(200);

      expect(added.status).toBe(303);
      expect(listed.text).toContain('Keiko Tanaka');
      expect(listed.text).toContain('seismology, remote sensing');
      expect(before).toBe(1);
      expect(removed.status).toBe(303);
      expect(after.text).not.toContain(researcher.email);
      expect(after.text).toContain('Reviewer removed from the pool');
      expect(await grants()).toBe(0);
    });

    it('refuses an unknown user or a bad field beside it, adding no one', async () => {
      const agent = await signedIn(world.people[world.lead].agency_officer);
      const page = `/console/agencies/${world.lead}/reviewers`;

      const unknown = await post(agent, page, page, {
        email: 'nobody@nowhere.example',
        name: 'Nobody',
        institution: 'Nowhere',
      });
      const invalid = await post(agent, page, page, { email: 'not an address', name: '', institution: 'X' });

      expect(unknown.status).toBe(404);
      expect(textOf(unknown.text, 'pool-email-error')).toContain('create the user first');
      expect(unknown.text).toContain('value="Nobody"');
      expect(invalid.status).toBe(400);
      expect(textOf(invalid.text, 'pool-email-error')).toMatch(/must be an email/);
      expect(textOf(invalid.text, 'pool-name-error')).toBe('Required.');
      const rows = await app.dataSource.query(`SELECT 1 FROM reviewers WHERE name = 'Nobody'`);
      expect(rows).toEqual([]);
    });

    it("keeps a reviewer with assignments, and keeps other agencies' officers (404) and non-staff (403) out", async () => {
      const agent = await signedIn(world.people[world.lead].program_officer);
      const page = `/console/agencies/${world.lead}/reviewers`;
      const reviewer = await factory.reviewer(world.lead, { institution: 'Osaka University' });
      // The reviewer invited to a proposal under review of a call of its own.
      const po = world.people[world.lead].program_officer;
      const callId = await factory.call(world);
      await factory.send(
        'call',
        callId,
        {
          type: 'CONFIGURE_REVIEW',
          minReviewersPerAgency: 1,
          reviewDue: new Date(Date.now() + 21 * 86_400_000).toISOString(),
        },
        po.actor,
      );
      const proposal = await factory.proposal({ ...world, callId }, {}, { submit: true });
      for (const type of ['CLOSE', 'START_REVIEW']) await factory.send('call', callId, { type }, po.actor);
      await factory.send('proposal', proposal, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
      for (const agency of [world.lead, world.counterpart])
        await factory.send(
          'proposal',
          proposal,
          { type: 'RULE_ELIGIBILITY', eligible: true },
          world.people[agency].program_officer.actor,
        );
      await app.app.get(AssignmentsService).create({ proposalId: proposal, reviewerId: reviewer.reviewerId }, po.actor);
      const offered = await agent.get(page).expect(200);
      const row = (html: string, id: string) => {
        const at = html.indexOf(`data-reviewer="${id}"`);
        return html.slice(at, html.indexOf('</tr>', at));
      };

      const kept = await post(agent, page, `${page}/${reviewer.reviewerId}/remove`, {});
      const after = await agent.get(page).expect(200);

      // The page does not offer Remove for them, and says why; a reviewer without assignments keeps it.
      expect(row(offered.text, reviewer.reviewerId)).not.toContain('/remove');
      expect(row(offered.text, reviewer.reviewerId)).toContain('Stays: 1 assignment refers to this reviewer');
      const idle = await factory.reviewer(world.lead, { institution: 'Nagoya University' });
      expect(row((await agent.get(page).expect(200)).text, idle.reviewerId)).toContain(
        `${page}/${idle.reviewerId}/remove`,
      );
      // A form posted anyway (an old page) is still refused.
      expect(kept.status).toBe(303);
      expect(after.text).toContain('has assignments and stays in the pool');
      expect(after.text).toContain(`data-reviewer="${reviewer.reviewerId}"`);
      const cpOfficer = await signedIn(world.people[world.counterpart].program_officer);
      const applicant = await signedIn(world.people[world.lead].applicant);
      expect((await cpOfficer.get(page)).status).toBe(404);
      expect((await cpOfficer.get(`/console/agencies/${world.counterpart}/reviewers`)).status).toBe(200);
      expect((await applicant.get(page)).status).toBe(403);
      expect((await applicant.get('/console/reviewers')).status).toBe(403);
      const noToken = await agent.post(`${page}/${reviewer.reviewerId}/remove`).type('form').send({});
      expect(noToken.status).toBe(403);
      expect((await app.dataSource.query(`SELECT 1 FROM reviewers WHERE id = $1`, [reviewer.reviewerId])).length).toBe(
        1,
      );
    });
  });
});
