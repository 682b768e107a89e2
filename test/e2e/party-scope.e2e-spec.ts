import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { API, client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * Issue 15 (an outside tester): a counterpart PI could withdraw the conflict the lead PI declared.
 * Every party-scoped edit of a draft is its own party's: a declared conflict is withdrawn only by
 * whoever declared it, or by the lead PI (the applicant) for its own party's declarations; a
 * counterpart PI changes only their own party (budget, institution), never another's; members and
 * invitations are the lead PI's; documents the applicants'. Others who see the proposal get 403,
 * those who do not 404; a refusal changes nothing. Tests run in order.
 */
describe('party scope: each party edits only its own data', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let proposalId: string;
  let counterpartPi: Person;
  let leadCoPi: Person;
  let teamMember: Person;
  let leadConflict = '';
  let counterpartConflict = '';
  let coPiConflict = '';
  const lead = () => w.people[w.lead].applicant;
  const withdrawRefusal =
    "a declared conflict is withdrawn only by whoever declared it, or by the lead principal investigator for its own party's declarations";

  const invite = async (person: Person, agency: string, role: 'pi' | 'member') => {
    const res = await api.post(
      `/proposals/${proposalId}/members`,
      { agency, role, name: `Invited ${role}`, email: person.email, institution: 'Invited Institute' },
      lead().token,
    );
    expectStatus(res, 201);
    expectStatus(await api.post(`/proposals/${proposalId}/invitation/accept`, {}, person.token), 200);
    return res.body.id as string;
  };
  const declare = async (person: Person, name: string) => {
    const res = await api.post(
      `/proposals/${proposalId}/conflicts`,
      { name, institution: 'Kyoto University', type: 'advisor' },
      person.token,
    );
    expectStatus(res, 201);
    return res.body.id as string;
  };
  const conflictNames = async () =>
    ((await api.get(`/proposals/${proposalId}/conflicts`, lead().token)).body as { name: string }[]).map((c) => c.name);
  const draft = async (token: string) => {
    const res = await api.get(`/proposals/${proposalId}`, token);
    expectStatus(res, 200);
    const { title, abstract, durationMonths, keywords, parties } = res.body;
    return { title, abstract, durationMonths, keywords, parties } as {
      title: string;
      abstract: string;
      durationMonths: number;
      keywords: string[];
      parties: { agency: string; institution: string; budgetPerYear: number[] }[];
    };
  };
  const signIn = async (person: Person) => {
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: form.text.match(/name="_csrf" value="([^"]+)"/)![1], email: person.email, password: PASSWORD })
      .expect(303);
    return agent;
  };

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    proposalId = await factory.proposal(w);
    counterpartPi = await factory.person('applicant', w.counterpart);
    leadCoPi = await factory.person('applicant', w.lead);
    teamMember = await factory.person('applicant', w.counterpart);
    await invite(counterpartPi, w.counterpart, 'pi');
    await invite(leadCoPi, w.lead, 'pi');
    await invite(teamMember, w.counterpart, 'member');
    leadConflict = await declare(lead(), 'Declared by the lead PI');
    counterpartConflict = await declare(counterpartPi, 'Declared by the counterpart PI');
    coPiConflict = await declare(leadCoPi, 'Declared by the lead party co-PI');
  });
  afterAll(() => sut.close());

  describe('declared conflicts', () => {
    it("refuses the counterpart PI the lead PI's conflict (403), changing nothing", async () => {
      const res = await api.delete(`/proposals/${proposalId}/conflicts/${leadConflict}`, counterpartPi.token);
      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toBe(withdrawRefusal);
      expect(await conflictNames()).toContain('Declared by the lead PI');
    });

    it("refuses the lead PI the counterpart PI's conflict, and the lead party's co-PI the lead PI's", async () => {
      const byLead = await api.delete(`/proposals/${proposalId}/conflicts/${counterpartConflict}`, lead().token);
      expectProblem(byLead, 403, 'forbidden');
      const byCoPi = await api.delete(`/proposals/${proposalId}/conflicts/${leadConflict}`, leadCoPi.token);
      expectProblem(byCoPi, 403, 'forbidden');
      expect(await conflictNames()).toEqual([
        'Declared by the lead PI',
        'Declared by the counterpart PI',
        'Declared by the lead party co-PI',
      ]);
    });

    it('refuses a team member (403) and someone who does not see the proposal (404)', async () => {
      const member = await api.delete(`/proposals/${proposalId}/conflicts/${leadConflict}`, teamMember.token);
      expectProblem(member, 403, 'forbidden');
      const stranger = await factory.person('applicant', w.counterpart);
      expectProblem(await api.delete(`/proposals/${proposalId}/conflicts/${leadConflict}`, stranger.token), 404);
      expect(await conflictNames()).toHaveLength(3);
    });

    it('offers the counterpart PI in the console only the withdrawal of their own declaration, and refuses the other', async () => {
      const agent = await signIn(counterpartPi);
      const page = await agent.get(`/console/proposals/${proposalId}`).expect(200);
      expect(page.text).toContain(`/conflicts/${counterpartConflict}/remove`);
      expect(page.text).not.toContain(`/conflicts/${leadConflict}/remove`);
      expect(page.text).toContain('Declared by someone else');
      const refused = await agent
        .post(`/console/proposals/${proposalId}/conflicts/${leadConflict}/remove`)
        .type('form')
        .send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1] })
        .expect(303);
      const after = await agent.get(refused.headers.location as string).expect(200);
      expect(after.text).toContain(withdrawRefusal.replace("party's", 'party&#39;s'));
      expect(await conflictNames()).toContain('Declared by the lead PI');
    });

    it("lets the lead PI withdraw its own party's declarations, and each PI their own", async () => {
      expectStatus(await api.delete(`/proposals/${proposalId}/conflicts/${coPiConflict}`, lead().token), 204);
      expectStatus(
        await api.delete(`/proposals/${proposalId}/conflicts/${counterpartConflict}`, counterpartPi.token),
        204,
      );
      expectStatus(await api.delete(`/proposals/${proposalId}/conflicts/${leadConflict}`, lead().token), 204);
      expect(await conflictNames()).toEqual([]);
    });
  });

  describe("another party's budget", () => {
    it("refuses the counterpart PI a change to the lead party's budget or institution, changing nothing", async () => {
      const before = await draft(lead().token);
      const changed = (agency: string, change: Partial<{ institution: string; budgetPerYear: number[] }>) => ({
        ...before,
        parties: before.parties.map((p) => (p.agency === agency ? { ...p, ...change } : p)),
      });
      const budget = await api.patch(
        `/proposals/${proposalId}`,
        changed(w.lead, { budgetPerYear: before.parties.find((p) => p.agency === w.lead)!.budgetPerYear.map(() => 1) }),
        counterpartPi.token,
      );
      expectProblem(budget, 403, 'forbidden');
      expect(budget.body.detail).toBe(
        `you are the principal investigator of the ${w.counterpart} party: you may not change the ${w.lead} party`,
      );
      const institution = await api.patch(
        `/proposals/${proposalId}`,
        changed(w.lead, { institution: 'Somewhere else' }),
        counterpartPi.token,
      );
      expectProblem(institution, 403, 'forbidden');
      const dropped = await api.patch(
        `/proposals/${proposalId}`,
        { ...before, parties: before.parties.filter((p) => p.agency !== w.lead) },
        counterpartPi.token,
      );
      expectProblem(dropped, 403, 'forbidden');
      expect((await draft(lead().token)).parties).toEqual(before.parties);
    });

    it("refuses the lead party's co-PI a change to the counterpart's budget", async () => {
      const before = await draft(lead().token);
      const res = await api.patch(
        `/proposals/${proposalId}`,
        {
          ...before,
          parties: before.parties.map((p) =>
            p.agency === w.counterpart ? { ...p, budgetPerYear: p.budgetPerYear.map((b) => b + 1) } : p,
          ),
        },
        leadCoPi.token,
      );
      expectProblem(res, 403, 'forbidden');
      expect((await draft(lead().token)).parties).toEqual(before.parties);
    });

    it('lets the counterpart PI change their own party, and the lead PI every party', async () => {
      const before = await draft(lead().token);
      const own = await api.patch(
        `/proposals/${proposalId}`,
        {
          ...before,
          parties: before.parties.map((p) =>
            p.agency === w.counterpart ? { ...p, institution: 'Oregon Institute of Geology' } : p,
          ),
        },
        counterpartPi.token,
      );
      expectStatus(own, 200);
      expect(own.body.parties.find((p: { agency: string }) => p.agency === w.counterpart).institution).toBe(
        'Oregon Institute of Geology',
      );
      const now = await draft(lead().token);
      const all = await api.patch(
        `/proposals/${proposalId}`,
        { ...now, parties: now.parties.map((p) => ({ ...p, institution: `${p.institution} (lead's edit)` })) },
        lead().token,
      );
      expectStatus(all, 200);
    });
  });

  describe('members, invitations and documents', () => {
    it('refuses the counterpart PI inviting or removing people, even of their own party (the lead PI does)', async () => {
      const members = (await api.get(`/proposals/${proposalId}/members`, counterpartPi.token)).body as {
        id: string;
        email: string;
      }[];
      const member = members.find((m) => m.email === teamMember.email)!;
      const removed = await api.delete(`/proposals/${proposalId}/members/${member.id}`, counterpartPi.token);
      expectProblem(removed, 403, 'forbidden');
      const invited = await api.post(
        `/proposals/${proposalId}/members`,
        { agency: w.counterpart, role: 'member', name: 'Z', email: 'z@example.org', institution: 'Z' },
        counterpartPi.token,
      );
      expectProblem(invited, 403, 'forbidden');
      const byCoPi = await api.delete(`/proposals/${proposalId}/members/${member.id}`, leadCoPi.token);
      expectProblem(byCoPi, 403, 'forbidden');
      const after = (await api.get(`/proposals/${proposalId}/members`, lead().token)).body as { email: string }[];
      expect(after.map((m) => m.email)).toContain(teamMember.email);
      expect(after.map((m) => m.email)).not.toContain('z@example.org');
    });

    it("refuses accepting another person's invitation: the counterpart PI has none to the lead's co-PI place", async () => {
      const other = await factory.person('applicant', w.lead);
      expectStatus(
        await api.post(
          `/proposals/${proposalId}/members`,
          { agency: w.lead, role: 'member', name: 'Other', email: other.email, institution: 'Other' },
          lead().token,
        ),
        201,
      );
      const res = await api.post(`/proposals/${proposalId}/invitation/accept`, {}, teamMember.token);
      expectStatus(res, 200);
      expect(res.body.agency).toBe(w.counterpart);
      const members = (await api.get(`/proposals/${proposalId}/members`, lead().token)).body as {
        email: string;
        accepted: boolean;
      }[];
      expect(members.find((m) => m.email === other.email)!.accepted).toBe(false);
    });

    it('refuses the counterpart PI an upload (documents are the applicants’), storing nothing', async () => {
      const res = await request(sut.url)
        .post(`${API}/proposals/${proposalId}/documents`)
        .set('Authorization', `Bearer ${counterpartPi.token}`)
        .field('type', 'research-plan')
        .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: 'plan.pdf', contentType: 'application/pdf' });
      expectProblem(res, 403, 'forbidden');
      expect((await api.get(`/proposals/${proposalId}/documents`, lead().token)).body.items ?? []).toEqual([]);
    });
  });
});
