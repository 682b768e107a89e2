import request from 'supertest';
import {
  DuplicateFundingCheck,
  DuplicateFundingRuling,
  PartyMember,
  TwinProposal,
} from '../../src/common/openapi/api-schemas.js';
import { callAtBoard } from '../browser/board-call.js';
import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';
import { uniqueOrcid } from '../support/orcid.js';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** The shared researcher's iD, this run's own (other test files share the database); ORCID's own example for the X. */
const ORCID = uniqueOrcid();
const OTHER_ORCID = uniqueOrcid({ endingInX: true });

/**
 * Issue 16, duplicate funding (e-Rad practice): researcher identities on parties and members,
 * checked by their check digit; the same researcher's other proposals in any call of any agency,
 * overlapping in period, with their effort added up against the program's limit; what an agency
 * sees of a proposal it may not see (period and effort only); the agencies' twins and their
 * differences; the CSV export; the PD's ruling as a step of the proposal's log; refusals.
 */
describe('duplicate funding: identities, overlaps, effort, twins, rulings', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w1: World;
  let w2: World;
  const ids = { p1: '', p2: '', p3: '', draft: '', later: '' };
  const titles = {
    p1: `Dupfund P1 ${unique()}`,
    p2: `Dupfund SECRET other agency ${unique()}`,
    p3: `Dupfund P3 same call ${unique()}`,
    draft: `Dupfund draft ${unique()}`,
    later: `Dupfund later period ${unique()}`,
  };
  const po1 = () => w1.people[w1.lead].program_officer;
  const pd1 = () => w1.people[w1.lead].program_director;

  /** A proposal whose lead PI is the shared researcher (ORCID) with `effort`; submitted unless `draft`. */
  async function proposal(w: World, title: string, effort: number, o: { draft?: boolean; callId?: string } = {}) {
    const [lead, counterpart] = factory.parties(w);
    return factory.proposal(
      { ...w, callId: o.callId ?? w.callId },
      {
        title,
        parties: [
          { ...lead, piName: 'Hanako Sato', piOrcid: ORCID, piEffortPercent: effort },
          { ...counterpart, piResearcherNumber: '11112222', piEffortPercent: 20 },
        ],
      },
      { submit: !o.draft },
    );
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w1 = await factory.world();
    w2 = await factory.world(); // other agencies altogether
    ids.p1 = await proposal(w1, titles.p1, 50);
    ids.p3 = await proposal(w1, titles.p3, 30);
    ids.p2 = await proposal(w2, titles.p2, 40);
    ids.draft = await proposal(w1, titles.draft, 90, { draft: true });
    // A call whose projects start five years on: its proposals do not overlap the others.
    const laterCall = await factory.call(w1, { boardDate: at(5 * 365), panelDate: at(5 * 365 - 10) });
    ids.later = await proposal(w1, titles.later, 60, { callId: laterCall });
  });
  afterAll(() => sut.close());

  describe('identities', () => {
    it('refuses an ORCID iD whose check digit fails, and a researcher number that is not 8 digits, naming the field', async () => {
      const applicant = w1.people[w1.lead].applicant;
      const [lead, counterpart] = factory.parties(w1);
      const res = await api.post(
        '/proposals',
        {
          ...factory.proposalDto(w1),
          parties: [
            { ...lead, piOrcid: '0000-0002-1825-0098' },
            { ...counterpart, piResearcherNumber: '1234567' },
          ],
        },
        applicant.token,
      );
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'parties.0.piOrcid', message: expect.stringContaining('check digit') },
          { field: 'parties.1.piResearcherNumber', message: expect.stringContaining('8 digits') },
        ]),
      );
      const malformed = await api.post(
        '/proposals',
        { ...factory.proposalDto(w1), parties: [{ ...lead, piOrcid: '0000000218250097' }, counterpart] },
        applicant.token,
      );
      expectProblem(malformed, 400);
      expect(malformed.body.errors).toEqual([
        { field: 'parties.0.piOrcid', message: expect.stringContaining('0000-0000-0000-000X') },
      ]);
      const count = await sut.dataSource.query(
        `SELECT count(*)::int AS n FROM proposals WHERE applicant_user_id = $1`,
        [applicant.userId],
      );
      expect(count[0].n).toBe(4); // the four made above, nothing more
    });

    it("keeps a party's identities and a team member's, with an ORCID iD ending in X", async () => {
      const applicant = w1.people[w1.lead].applicant;
      const read = await api.get(`/proposals/${ids.draft}`, applicant.token);
      expectStatus(read, 200);
      expect(read.body.parties).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ agency: w1.lead, piOrcid: ORCID, piEffortPercent: 90, piResearcherNumber: null }),
          expect.objectContaining({ agency: w1.counterpart, piResearcherNumber: '11112222', piOrcid: null }),
        ]),
      );
      const member = {
        agency: w1.counterpart,
        role: 'member',
        name: 'Mia Jones',
        email: `mia.${unique()}@example.org`.toLowerCase(),
        institution: 'UW',
      };
      const bad = await api.post(
        `/proposals/${ids.draft}/members`,
        { ...member, orcid: '0000-0002-1694-2330' },
        applicant.token,
      );
      expectProblem(bad, 400);
      expect(bad.body.errors).toEqual([{ field: 'orcid', message: expect.stringContaining('check digit') }]);
      const badEffort = await api.post(
        `/proposals/${ids.draft}/members`,
        { ...member, effortPercent: 120 },
        applicant.token,
      );
      expectProblem(badEffort, 400);
      expect(badEffort.body.errors[0].field).toBe('effortPercent');
      const ok = await api.post(
        `/proposals/${ids.draft}/members`,
        { ...member, orcid: OTHER_ORCID, researcherNumber: '87654321', effortPercent: 25 },
        applicant.token,
      );
      expectStatus(ok, 201);
      expect(ok.body).toMatchObject({ orcid: OTHER_ORCID, researcherNumber: '87654321', effortPercent: 25 });
      expect(() => PartyMember.parse(ok.body)).not.toThrow();
    });
  });

  describe('overlaps and effort', () => {
    it("lists the researcher's overlapping proposals of any call, adds up the effort and flags it above the program's limit", async () => {
      const res = await api.get(`/proposals/${ids.p1}/duplicate-funding`, po1().token);
      expectStatus(res, 200);
      expect(() => DuplicateFundingCheck.parse(res.body)).not.toThrow(); // as the OpenAPI document says
      const sato = res.body.researchers.find((r: { orcid: string | null }) => r.orcid === ORCID);
      // This project 50%, P3 30% (same call, visible), P2 40% (other agencies): 120% over the placeholder 100%.
      expect(sato).toMatchObject({ name: 'Hanako Sato', effortPercent: 50, totalEffortPercent: 120, overEffort: true });
      expect(sato.overlaps).toHaveLength(2);
      expect(sato.overlaps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            visible: true,
            proposalId: ids.p3,
            title: titles.p3,
            status: 'pending',
            effortPercent: 30,
          }),
          {
            visible: false,
            status: 'pending',
            startsOn: expect.any(String),
            endsOn: expect.any(String),
            effortPercent: 40,
          },
        ]),
      );
      expect(res.body).toMatchObject({
        flagged: true,
        maxEffortPercent: 100,
        flags: { overlapping: 2, overEffort: 1 },
      });
      // The counterpart PI, by researcher number, is in P3 and P2 too (20% each): overlapping, within the limit.
      const counterpart = res.body.researchers.find(
        (r: { researcherNumber: string | null }) => r.researcherNumber === '11112222',
      );
      expect(counterpart).toMatchObject({ totalEffortPercent: 60, overEffort: false });
      expect(
        counterpart.overlaps.map((o: { visible: boolean; proposalId?: string }) => o.proposalId ?? 'hidden').sort(),
      ).toEqual([ids.p3, 'hidden'].sort());
    });

    it('never names, to an agency, a proposal it may not see: no title, id, agency or call of it', async () => {
      const res = await api.get(
        `/proposals/${ids.p1}/duplicate-funding`,
        w1.people[w1.counterpart].agency_officer.token,
      );
      expectStatus(res, 200);
      for (const leak of [ids.p2, titles.p2, w2.lead, w2.counterpart, w2.callId]) expect(res.text).not.toContain(leak);
      // The other agencies' own officer sees P1 the same way from their side.
      const other = await api.get(`/proposals/${ids.p2}/duplicate-funding`, w2.people[w2.lead].program_officer.token);
      expectStatus(other, 200);
      for (const leak of [ids.p1, ids.p3, titles.p1, titles.p3, w1.lead, w1.callId])
        expect(other.text).not.toContain(leak);
      expect(other.body.researchers[0].overlaps).toEqual([
        expect.objectContaining({ visible: false }),
        expect.objectContaining({ visible: false }),
      ]);
      // The administrator sees every one.
      const admin = await api.get(`/proposals/${ids.p1}/duplicate-funding`, w1.admin.token);
      expect(admin.text).toContain(titles.p2);
    });

    it('leaves out drafts and projects whose periods do not overlap', async () => {
      const res = await api.get(`/proposals/${ids.p1}/duplicate-funding`, po1().token);
      for (const id of [ids.draft, ids.later]) expect(res.text).not.toContain(id);
      const later = await api.get(`/proposals/${ids.later}/duplicate-funding`, po1().token);
      expectStatus(later, 200);
      expect(later.body).toMatchObject({ flagged: false, flags: { overlapping: 0, overEffort: 0 } });
    });

    it("is the agencies' own: 403 for its applicant, 404 for an agency outside its call", async () => {
      expectProblem(
        await api.get(`/proposals/${ids.p1}/duplicate-funding`, w1.people[w1.lead].applicant.token),
        403,
        'forbidden',
      );
      expectProblem(await api.get(`/proposals/${ids.p1}/duplicate-funding`, w1.outsider.token), 404);
      expectProblem(
        await api.get(`/proposals/${ids.p1}/duplicate-funding`, w2.people[w2.lead].program_director.token),
        404,
      );
    });
  });

  describe('twins', () => {
    const twin = {
      system: 'e-Rad',
      reference: 'JP-2026-00123',
      title: 'Landslide warning from seismic arrays',
      principalInvestigators: ['Hanako Sato', 'Taro Yamada'],
      budget: 50_000_000,
      startsOn: '2027-04-01',
      endsOn: '2029-03-31',
    };

    it("lists where an agency's twin differs from the proposal: title, principal investigators, budget, period", async () => {
      const res = await api.put(`/proposals/${ids.p1}/twins/${w1.lead}`, twin, w1.people[w1.lead].agency_officer.token);
      expectStatus(res, 200);
      expect(() => TwinProposal.parse(res.body)).not.toThrow();
      expect(res.body.differences).toEqual([
        { field: 'title', tandem: titles.p1, twin: twin.title },
        { field: 'principalInvestigators', tandem: ['Hanako Sato', 'Alex Smith'], twin: twin.principalInvestigators },
        { field: 'budget', tandem: 60_000_000, twin: 50_000_000 },
        { field: 'durationMonths', tandem: 36, twin: 24 },
      ]);
      const same = await api.put(
        `/proposals/${ids.p1}/twins/${w1.lead}`,
        {
          ...twin,
          title: titles.p1.toUpperCase(),
          principalInvestigators: ['Hanako  Sato'],
          budget: 60_000_000,
          endsOn: '2030-03-31',
        },
        po1().token,
      );
      expectStatus(same, 200);
      expect(same.body.differences).toEqual([]);
      const check = await api.get(
        `/proposals/${ids.p1}/duplicate-funding`,
        w1.people[w1.counterpart].program_officer.token,
      );
      expect(check.body.twins).toEqual([
        expect.objectContaining({ agency: w1.lead, reference: 'JP-2026-00123', differences: [] }),
      ]);
    });

    it('refuses a twin of another agency, of an agency outside the proposal, and a period that ends before it starts', async () => {
      expectProblem(
        await api.put(`/proposals/${ids.p1}/twins/${w1.lead}`, twin, w1.people[w1.counterpart].agency_officer.token),
        403,
      );
      expectProblem(await api.put(`/proposals/${ids.p1}/twins/${w2.lead}`, twin, po1().token), 422, 'rule-violated');
      const backwards = await api.put(
        `/proposals/${ids.p1}/twins/${w1.lead}`,
        { ...twin, endsOn: '2026-01-01' },
        po1().token,
      );
      expectProblem(backwards, 400);
      expect(backwards.body.errors).toEqual([{ field: 'endsOn', message: 'must be after startsOn' }]);
      const notADay = await api.put(
        `/proposals/${ids.p1}/twins/${w1.lead}`,
        { ...twin, startsOn: '2027-02-30' },
        po1().token,
      );
      expectProblem(notADay, 400);
      expect(notADay.body.errors[0].field).toBe('startsOn');
      const kept = await sut.dataSource.query(
        `SELECT to_char(ends_on, 'YYYY-MM-DD') AS e FROM twin_proposals WHERE proposal_id = $1`,
        [ids.p1],
      );
      expect(kept).toEqual([{ e: '2030-03-31' }]);
    });
  });

  describe('CSV export', () => {
    it("streams the call's checks, one line per researcher and overlap, without what the reader may not see", async () => {
      const res = await api
        .get(`/calls/${w1.callId}/exports/duplicate-funding.csv`, w1.people[w1.counterpart].program_officer.token)
        .buffer(true);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'proposal,title,researcher,agency,orcid,researcher_number,effort_percent,total_effort_percent,over_limit,overlap_status,overlap_proposal,overlap_title,overlap_starts_on,overlap_ends_on,overlap_effort_percent,ruling',
      );
      const sato = lines.filter((l) => l.startsWith(`${ids.p1},`) && l.includes(ORCID));
      expect(sato).toHaveLength(2);
      expect(sato).toEqual(
        expect.arrayContaining([
          expect.stringContaining(`,120,yes,pending,${ids.p3},${titles.p3},`),
          expect.stringMatching(/,120,yes,pending,,,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},40,/),
        ]),
      );
      for (const leak of [ids.p2, titles.p2, ids.draft]) expect(res.text).not.toContain(leak);
      expectProblem(
        await api.get(`/calls/${w1.callId}/exports/duplicate-funding.csv`, w2.people[w2.lead].program_officer.token),
        404,
      );
    });
  });

  describe("the PD's ruling", () => {
    it("is a step of the proposal's log: shown to the agencies, not to its applicant, the chain still verified", async () => {
      const res = await api.post(
        `/proposals/${ids.p1}/duplicate-funding/rulings`,
        { ruling: 'requires-adjustment', note: 'Effort in P3 to be reduced to 20% before funding.' },
        pd1().token,
      );
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ agency: w1.lead, ruling: 'requires-adjustment' });
      expect(() => DuplicateFundingRuling.parse(res.body)).not.toThrow();
      const history = await api.get(
        `/proposals/${ids.p1}/history?verify=true`,
        w1.people[w1.counterpart].agency_officer.token,
      );
      const step = history.body.items.find((i: { event: string }) => i.event === 'DUPLICATE_FUNDING_RULING');
      expect(step).toMatchObject({
        seq: res.body.seq,
        payload: {
          agency: w1.lead,
          ruling: 'requires-adjustment',
          note: 'Effort in P3 to be reduced to 20% before funding.',
        },
        actor: { id: pd1().userId },
      });
      expect(step.from).toBe(step.to);
      expect(history.body.verification).toMatchObject({ valid: true });
      const mine = await api.get(`/proposals/${ids.p1}/history`, w1.people[w1.lead].applicant.token);
      expect(mine.body.items.map((i: { event: string }) => i.event)).not.toContain('DUPLICATE_FUNDING_RULING');
      const check = await api.get(`/proposals/${ids.p1}/duplicate-funding`, po1().token);
      expect(check.body.ruling).toEqual({ agency: w1.lead, ruling: 'requires-adjustment' });
      expect(check.body.rulings).toHaveLength(1);
    });

    it('refuses a ruling by anyone but a PD of its agencies, and an unknown ruling, changing nothing', async () => {
      const before = await sut.dataSource.query(`SELECT version FROM workflow_instances WHERE id = $1`, [ids.p3]);
      const body = { ruling: 'cleared', note: 'No duplication.' };
      expectProblem(
        await api.post(`/proposals/${ids.p3}/duplicate-funding/rulings`, body, po1().token),
        403,
        'forbidden',
      );
      expectProblem(
        await api.post(`/proposals/${ids.p3}/duplicate-funding/rulings`, body, w1.people[w1.lead].applicant.token),
        403,
      );
      expectProblem(
        await api.post(
          `/proposals/${ids.p3}/duplicate-funding/rulings`,
          body,
          w2.people[w2.lead].program_director.token,
        ),
        404,
      );
      const unknown = await api.post(
        `/proposals/${ids.p3}/duplicate-funding/rulings`,
        { ruling: 'fine', note: 'x' },
        pd1().token,
      );
      expectProblem(unknown, 400);
      expect(unknown.body.errors[0].field).toBe('ruling');
      expectProblem(
        await api.post(`/proposals/${ids.p3}/duplicate-funding/rulings`, { ...body, agency: w2.lead }, pd1().token),
        422,
      );
      const after = await sut.dataSource.query(`SELECT version FROM workflow_instances WHERE id = $1`, [ids.p3]);
      expect(after).toEqual(before);
      const counterpartPd = await api.post(
        `/proposals/${ids.p3}/duplicate-funding/rulings`,
        body,
        w1.people[w1.counterpart].program_director.token,
      );
      expectStatus(counterpartPd, 201);
      expect(counterpartPd.body.agency).toBe(w1.counterpart);
    });
  });

  describe('console', () => {
    const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
    async function signedIn(person: Person) {
      const { withPassword, PASSWORD } = await import('../support/browser.js');
      await withPassword(sut, person);
      const agent = request.agent(sut.url);
      const form = await agent.get('/console/sign-in').expect(200);
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
        .expect(303);
      return agent;
    }

    it("lists a flagged proposal without its agency's ruling on its officers' start page, and shows the panel on its page", async () => {
      const agent = await signedIn(w1.people[w1.lead].agency_officer);
      const home = await agent.get('/console/home').expect(200);
      const at = home.text.indexOf('data-worklist="duplicate-funding"');
      expect(at).toBeGreaterThan(0);
      const part = home.text.slice(at, home.text.indexOf('</section>', at));
      expect(part).toContain(titles.p3); // flagged, not ruled on by its lead agency
      expect(part).not.toContain(titles.p1); // ruled on above
      const page = await agent.get(`/console/proposals/${ids.p1}`).expect(200);
      expect(page.text).toContain('id="duplicate-funding"');
      expect(page.text).toContain('Another proposal under consideration overlaps');
      expect(page.text).not.toContain(titles.p2);
      const csv = await agent.get(`/console/calls/${w1.callId}/duplicate-funding.csv`).buffer(true).expect(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.text).toContain(titles.p3);
      expect(csv.text).not.toContain(titles.p2);
      const applicant = await signedIn(w1.people[w1.lead].applicant);
      const own = await applicant.get(`/console/proposals/${ids.p1}`).expect(200);
      expect(own.text).not.toContain('id="duplicate-funding"');
    });
  });
  describe('a funded project of other agencies', () => {
    let funded = '';
    const fundedTitle = `Dupfund funded elsewhere ${unique()}`;

    beforeAll(async () => {
      // A third pair of agencies selects a project of the same researcher (both agencies select it: it holds their budgets).
      const w3 = await factory.world();
      const parties = factory.parties.bind(factory);
      factory.parties = (w, years) => {
        const [lead, counterpart] = parties(w, years);
        return [{ ...lead, piOrcid: ORCID, piEffortPercent: 10 }, counterpart];
      };
      try {
        [funded] = await callAtBoard(sut.app, factory, w3, [fundedTitle]);
      } finally {
        factory.parties = parties;
      }
    });

    it('shows as "another funded project overlaps": its period and effort, nothing else', async () => {
      const res = await api.get(`/proposals/${ids.p3}/duplicate-funding`, po1().token);
      expectStatus(res, 200);
      const sato = res.body.researchers.find((r: { orcid: string | null }) => r.orcid === ORCID);
      expect(sato.overlaps).toContainEqual({
        visible: false,
        status: 'funded',
        startsOn: expect.any(String),
        endsOn: expect.any(String),
        effortPercent: 10,
      });
      expect(sato.totalEffortPercent).toBe(30 + 50 + 40 + 10);
      for (const leak of [funded, fundedTitle]) expect(res.text).not.toContain(leak);
      const agent = await (async () => {
        const { withPassword, PASSWORD } = await import('../support/browser.js');
        const officer = await withPassword(sut, w1.people[w1.lead].agency_officer);
        const a = request.agent(sut.url);
        const form = await a.get('/console/sign-in').expect(200);
        const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
        await a
          .post('/console/sign-in')
          .type('form')
          .send({ _csrf: csrf, email: officer.email, password: PASSWORD })
          .expect(303);
        return a;
      })();
      const page = await agent.get(`/console/proposals/${ids.p3}`).expect(200);
      expect(page.text).toContain('Another funded project overlaps');
      expect(page.text).not.toContain(fundedTitle);
    });
  });
});
