import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * GET /calls and GET /proposals list only what the caller may see, and what they list agrees with
 * what GET /{resource}/{id} lets the caller read. Agencies are unique to each world, so counts
 * filtered by this world's agencies or calls do not depend on other suites.
 */

interface Page {
  items: { id: string; state: string; callId?: string }[];
  total: number;
  limit: number;
  offset: number;
}

const ids = (page: Page): string[] => page.items.map((i) => i.id).sort();
const sorted = (xs: string[]): string[] => [...xs].sort();

describe('what the list endpoints show to whom', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let other: World;
  let lead: string;
  let cp: string;
  const who = (agency: string, role: string): Person => w.people[agency][role];

  /** The world's calls, in the list's order (latest submission deadline first). */
  const call = { open: '', announced: '', draft: '' };
  /** Proposals to the world's open call, and one to its announced call. */
  const proposal = { submitted: '', submittedLater: '', draft: '', counterpartOnly: '', inAnnounced: '' };
  let otherProposal = '';

  async function list(path: string, person: Person): Promise<Page> {
    const res = await api.get(path, person.token);
    expectStatus(res, 200);
    return res.body as Page;
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    lead = w.lead;
    cp = w.counterpart;
    const day = 24 * 3600 * 1000;
    const deadline = (days: number) => new Date(Date.now() + days * day).toISOString();
    call.open = w.callId; // deadline in 60 days
    call.announced = await factory.call(w, { submissionDeadline: deadline(50) }, 'announced');
    call.draft = await factory.call(w, { submissionDeadline: deadline(40) }, 'draft');

    proposal.submitted = await factory.proposal(w, {}, { submit: true });
    proposal.draft = await factory.proposal(w);
    const counterpartApplicant = who(cp, 'applicant');
    const created = await factory.proposals.create(
      factory.proposalDto(w, { parties: factory.parties(w).filter((p) => p.agency === cp) }),
      counterpartApplicant.actor,
    );
    proposal.counterpartOnly = created.id;
    proposal.inAnnounced = await factory.proposal(w, { callId: call.announced });
    proposal.submittedLater = await factory.proposal(w, {}, { submit: true });

    other = await factory.world();
    otherProposal = await factory.proposal(other, {}, { submit: true });
  });
  afterAll(() => sut.close());

  describe('GET /calls', () => {
    it("shows the outsider none of the world's calls", async () => {
      const all = await list('/calls', w.outsider);
      expect(all.total).toBe(0);
      expect(all.items).toEqual([]);
      expect((await list(`/calls?agency=${lead}`, w.outsider)).total).toBe(0);
    });

    it("shows a participating agency's staff exactly the calls their agency takes part in", async () => {
      for (const person of [who(lead, 'program_officer'), who(cp, 'agency_officer'), who(cp, 'board_member')]) {
        const page = await list('/calls', person);
        expect(page.total).toBe(3);
        expect(ids(page)).toEqual(sorted(Object.values(call)));
        expect(ids(page)).not.toContain(other.callId);
      }
    });

    it('shows the administrator every call, narrowed by the agency filter', async () => {
      expect(ids(await list(`/calls?agency=${lead}`, w.admin))).toEqual(sorted(Object.values(call)));
      expect(ids(await list(`/calls?agency=${cp}`, w.admin))).toEqual(sorted(Object.values(call)));
      expect(ids(await list(`/calls?agency=${other.lead}`, w.admin))).toEqual([other.callId]);
      const everything = await list('/calls?limit=1', w.admin);
      expect(everything.total).toBeGreaterThanOrEqual(4);
    });

    it('filters calls by state', async () => {
      const po = who(lead, 'program_officer');
      expect(ids(await list('/calls?state=open', po))).toEqual([call.open]);
      expect(ids(await list('/calls?state=announced', po))).toEqual([call.announced]);
      expect(ids(await list('/calls?state=draft', po))).toEqual([call.draft]);
      expect(await list('/calls?state=archived', po)).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
      expect(ids(await list(`/calls?state=open&agency=${other.lead}`, w.admin))).toEqual([other.callId]);
    });

    it('pages calls with limit and offset, latest deadline first, and reports the total', async () => {
      const po = who(lead, 'program_officer');
      const first = await list('/calls?limit=2&offset=0', po);
      expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
      expect(first.items.map((i) => i.id)).toEqual([call.open, call.announced]);
      const second = await list('/calls?limit=2&offset=2', po);
      expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
      expect(second.items.map((i) => i.id)).toEqual([call.draft]);
      const past = await list('/calls?limit=2&offset=3', po);
      expect(past).toEqual({ items: [], total: 3, limit: 2, offset: 3 });
    });
  });

  describe('GET /proposals', () => {
    const worldProposals = () => [
      proposal.submitted,
      proposal.submittedLater,
      proposal.draft,
      proposal.counterpartOnly,
      proposal.inAnnounced,
    ];
    const ofOpenCall = () =>
      sorted([proposal.submitted, proposal.submittedLater, proposal.draft, proposal.counterpartOnly]);
    /** Agency staff see proposals once submitted; drafts belong to their applicants. */
    const submittedOfOpenCall = () => sorted([proposal.submitted, proposal.submittedLater]);

    it('shows an applicant only their own proposals', async () => {
      const mine = await list('/proposals', who(lead, 'applicant'));
      expect(mine.total).toBe(4);
      expect(ids(mine)).toEqual(
        sorted([proposal.submitted, proposal.submittedLater, proposal.draft, proposal.inAnnounced]),
      );
      const theirs = await list('/proposals', who(cp, 'applicant'));
      expect(theirs.total).toBe(1);
      expect(ids(theirs)).toEqual([proposal.counterpartOnly]);
      expect(ids(await list(`/proposals?callId=${call.open}`, who(cp, 'applicant')))).toEqual([
        proposal.counterpartOnly,
      ]);
    });

    it('shows the staff of either participating agency every submitted proposal of the call, and no draft', async () => {
      for (const role of [
        'agency_officer',
        'program_officer',
        'program_director',
        'panel_member',
        'steering_committee_member',
        'board_member',
      ]) {
        for (const agency of [lead, cp]) {
          const page = await list(`/proposals?callId=${call.open}`, who(agency, role));
          expect({ role, agency, ids: ids(page), total: page.total }).toEqual({
            role,
            agency,
            ids: submittedOfOpenCall(),
            total: 2,
          });
        }
      }
      const all = await list('/proposals', who(cp, 'program_officer'));
      expect(ids(all)).toEqual(submittedOfOpenCall());
      expect(ids(all)).not.toContain(otherProposal);
    });

    it('shows a reviewer no proposal that is not assigned to them', async () => {
      const page = await list('/proposals', who(lead, 'reviewer'));
      expect(page).toEqual({ items: [], total: 0, totalExact: true, limit: 50, offset: 0, next: null, prev: null });
    });

    it("shows the outsider none of the world's proposals", async () => {
      expect((await list('/proposals', w.outsider)).total).toBe(0);
      expect((await list(`/proposals?callId=${call.open}`, w.outsider)).total).toBe(0);
    });

    it('shows the administrator every proposal of every call', async () => {
      expect(ids(await list(`/proposals?callId=${call.open}`, w.admin))).toEqual(ofOpenCall());
      expect(ids(await list(`/proposals?callId=${call.announced}`, w.admin))).toEqual([proposal.inAnnounced]);
      expect(ids(await list(`/proposals?callId=${other.callId}`, w.admin))).toEqual([otherProposal]);
    });

    it('filters proposals by call, state and agency', async () => {
      const po = who(lead, 'program_officer');
      expect(ids(await list(`/proposals?callId=${call.open}&state=submitted`, po))).toEqual(submittedOfOpenCall());
      expect(ids(await list(`/proposals?callId=${call.open}&state=draft`, po))).toEqual([]);
      expect(ids(await list(`/proposals?callId=${call.open}&state=draft`, w.admin))).toEqual(
        sorted([proposal.draft, proposal.counterpartOnly]),
      );
      expect(ids(await list(`/proposals?callId=${call.open}&agency=${cp}`, w.admin))).toEqual(ofOpenCall());
      expect(ids(await list(`/proposals?callId=${call.open}&agency=${lead}`, w.admin))).toEqual(
        sorted([proposal.submitted, proposal.submittedLater, proposal.draft]),
      );
      expect(ids(await list(`/proposals?state=draft&agency=${lead}`, w.admin))).toEqual(
        expect.arrayContaining([proposal.draft, proposal.inAnnounced]),
      );
      expect((await list(`/proposals?callId=${other.callId}`, po)).total).toBe(0);
    });

    it('pages proposals with limit and offset, newest first, and reports the total', async () => {
      const po = who(cp, 'program_officer');
      const first = await list(`/proposals?callId=${call.open}&limit=1`, po);
      expect(first).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(first.items.map((i) => i.id)).toEqual([proposal.submittedLater]);
      const second = await list(`/proposals?callId=${call.open}&limit=1&offset=1`, po);
      expect(second).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(second.items.map((i) => i.id)).toEqual([proposal.submitted]);
    });

    it('lists exactly the proposals each caller may read', async () => {
      const people = [
        who(lead, 'applicant'),
        who(cp, 'applicant'),
        who(lead, 'program_officer'),
        who(cp, 'agency_officer'),
        who(lead, 'reviewer'),
        w.outsider,
        w.admin,
      ];
      for (const person of people) {
        const listed = sorted([
          ...ids(await list(`/proposals?callId=${call.open}`, person)),
          ...ids(await list(`/proposals?callId=${call.announced}`, person)),
        ]);
        const readable: string[] = [];
        for (const id of worldProposals()) {
          const res = await api.get(`/proposals/${id}`, person.token);
          expect([200, 404]).toContain(res.status);
          if (res.status === 200) readable.push(id);
        }
        expect({ person: person.email, listed }).toEqual({ person: person.email, listed: sorted(readable) });
      }
    });
  });

  describe('paging and filter values', () => {
    it.each([
      ['/calls?limit=0', 'limit'],
      ['/calls?limit=201', 'limit'],
      ['/calls?limit=ten', 'limit'],
      ['/calls?offset=-1', 'offset'],
      ['/calls?offset=100000000000000000000', 'offset'],
      ['/proposals?offset=1.5', 'offset'],
      // Deeper than the proposal lists' offsets go: their cursors reach any depth.
      ['/proposals?offset=10001', 'offset'],
      ['/proposals?offset=99999999999999999999', 'offset'],
      // Numbers in plain decimal digits only, not what Number() also reads.
      ['/proposals?offset=0x10', 'offset'],
      ['/proposals?offset=1e1', 'offset'],
      ['/proposals?offset=%201', 'offset'],
      ['/proposals?limit=%2B5', 'limit'],
      ['/calls?limit=0b11', 'limit'],
      ['/proposals?callId=call-1', 'callId'],
      ['/calls?colour=red', 'colour'],
    ])('refuses %s with 400 naming %s', async (path, field) => {
      const res = await api.get(path, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain(field);
    });

    it('pages a proposal list by offset down to 10,000 rows and says how to go deeper', async () => {
      const deepest = await api.get('/proposals?offset=10000', who(lead, 'program_officer').token);
      expect(deepest.status).toBe(200);
      expect(deepest.body).toMatchObject({ items: [], offset: 10000 });
      for (const offset of ['10001', '9007199254740992', '99999999999999999999']) {
        const deeper = await api.get(`/proposals?offset=${offset}`, who(lead, 'program_officer').token);
        expectProblem(deeper, 400, 'validation-failed');
        expect([offset, deeper.body.errors]).toEqual([
          offset,
          [
            {
              field: 'offset',
              message: 'must be at most 10000 (deeper pages: follow the next or prev cursor of a page)',
            },
          ],
        ]);
      }
    });

    it.each([
      ['/calls?state=open%00', 'state'],
      ['/calls?agency=%00', 'agency'],
      ['/proposals?state=draft%00', 'state'],
    ])('refuses a NUL character in %s with 400 naming %s', async (path, field) => {
      const res = await api.get(path, who(lead, 'program_officer').token);
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(/NUL/) }]);
    });
  });
});
