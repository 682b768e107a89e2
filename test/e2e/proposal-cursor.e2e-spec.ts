import { DataSource } from 'typeorm';
import { encodeCursor } from '../../src/modules/proposals/proposal-cursor.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * Keyset (cursor) paging of GET /proposals (issue 17): `next` and `prev` walk a list page by page at
 * any depth, without duplicates or gaps, in a stable order while proposals are added, and never past
 * what the caller may see. A cursor that is not one the list made (for this reader) is refused with
 * a problem: cursors are signed, so an altered or hand-made one never reaches the query.
 */

interface Page {
  items: { id: string; title: string; state: string }[];
  total: number;
  totalExact: boolean;
  next: string | null;
  prev: string | null;
}

describe('GET /proposals with cursors', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let po: Person;
  const submitted: string[] = [];
  let draft = '';

  async function list(path: string, person: Person): Promise<Page> {
    const res = await api.get(path, person.token);
    expectStatus(res, 200);
    return res.body as Page;
  }

  /** Every page from the first by `next`, and the pages walked back by `prev` from the last. */
  async function walk(path: string, person: Person): Promise<{ forward: string[][]; backward: string[][] }> {
    const forward: string[][] = [];
    let page = await list(path, person);
    forward.push(page.items.map((i) => i.id));
    expect(page.prev).toBeNull();
    while (page.next) {
      page = await list(`${path}&cursor=${page.next}`, person);
      forward.push(page.items.map((i) => i.id));
    }
    const backward: string[][] = [page.items.map((i) => i.id)];
    while (page.prev) {
      page = await list(`${path}&cursor=${page.prev}`, person);
      backward.unshift(page.items.map((i) => i.id));
    }
    return { forward, backward };
  }

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    po = w.people[w.counterpart].program_officer;
    const titles = ['delta', 'Alpha', 'echo', 'charlie', 'bravo', 'Foxtrot', 'golf'];
    for (const title of titles)
      submitted.push(await factory.proposal(w, { title: `${title} survey` }, { submit: true }));
    draft = await factory.proposal(w, { title: 'alpha draft' });
  });

  afterAll(() => sut.close());

  it('walks the newest-first list by next and back by prev: every proposal once, in order', async () => {
    const { forward, backward } = await walk(`/proposals?callId=${w.callId}&limit=3`, po);
    expect(forward.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(forward.flat()).toEqual([...submitted].reverse());
    expect(backward).toEqual(forward);
    // The officer's pages hold no never-submitted draft; its applicant's do.
    expect(forward.flat()).not.toContain(draft);
    const applicant = w.people[w.lead].applicant;
    expect((await walk(`/proposals?callId=${w.callId}&limit=3`, applicant)).forward.flat()).toContain(draft);
  });

  it('sorts by title (case-insensitive) across pages, both ways', async () => {
    const { forward } = await walk(`/proposals?callId=${w.callId}&limit=2&sort=title`, po);
    const titles = (await list(`/proposals?callId=${w.callId}&limit=50&sort=title`, po)).items.map((i) => i.id);
    expect(forward.flat()).toEqual(titles);
    expect(titles[0]).toBe(submitted[1]); // Alpha
    const down = await walk(`/proposals?callId=${w.callId}&limit=2&sort=-title`, po);
    expect(down.forward.flat()).toEqual([...titles].reverse());
  });

  it.each(['updated', '-updated', 'state', '-state'])(
    'walks the list sorted by %s both ways, for an officer and for an administrator (the order of the instances’ indexes)',
    async (sort) => {
      for (const person of [po, w.admin]) {
        const { forward, backward } = await walk(`/proposals?callId=${w.callId}&limit=2&sort=${sort}`, person);
        const all = (await list(`/proposals?callId=${w.callId}&limit=50&sort=${sort}`, person)).items.map((i) => i.id);
        expect(forward.flat()).toEqual(all);
        expect(backward).toEqual(forward);
        expect(new Set(all)).toEqual(new Set(person === po ? submitted : [...submitted, draft]));
      }
    },
  );

  it.each(['-created', 'created', 'title', '-title', 'updated', '-updated', 'state', '-state'])(
    'pages by offset exactly as by cursor, sorted by %s, for an administrator, an officer and an applicant, with and without filters',
    async (sort) => {
      // Each reader's offset pages are read apart from the rows they skip (which are tested but not
      // read): slices of the same list whatever the reader, sort or filter.
      const applicant = w.people[w.lead].applicant;
      for (const person of [w.admin, po, applicant])
        for (const filter of ['', '&state=submitted', `&agency=${w.counterpart}`, '&q=survey']) {
          const path = `/proposals?callId=${w.callId}&sort=${sort}${filter}`;
          const all = (await list(`${path}&limit=50`, person)).items.map((i) => i.id);
          if (filter !== `&agency=${w.counterpart}`) expect(all.length).toBeGreaterThan(2);
          const pages: string[] = [];
          for (let offset = 0; offset < all.length + 2; offset += 2)
            pages.push(...(await list(`${path}&limit=2&offset=${offset}`, person)).items.map((i) => i.id));
          expect(pages).toEqual(all);
          expect((await walk(`${path}&limit=2`, person)).forward.flat()).toEqual(all);
        }
    },
  );

  it('keeps the next page stable while proposals are added', async () => {
    const path = `/proposals?callId=${w.callId}&limit=3`;
    const first = await list(path, po);
    const added = await factory.proposal(w, { title: 'hotel survey' }, { submit: true });
    const rest: string[] = [];
    for (let page = first; page.next;) {
      page = await list(`${path}&cursor=${page.next}`, po);
      rest.push(...page.items.map((i) => i.id));
    }
    expect([...first.items.map((i) => i.id), ...rest]).toEqual([...submitted].reverse());
    expect((await list(path, po)).items[0].id).toBe(added);
    submitted.push(added);
  });

  it('reports the total, exact below the cap', async () => {
    const page = await list(`/proposals?callId=${w.callId}&limit=2`, po);
    expect(page).toMatchObject({ total: submitted.length, totalExact: true });
  });

  it.each([
    ['not base64', 'not a cursor!'],
    ['not JSON', Buffer.from('{"sort"').toString('base64url')],
    [
      'a forged id',
      Buffer.from(JSON.stringify(['-created', '2025-01-01T00:00:00.000000Z', "1' OR 1=1", 'next'])).toString(
        'base64url',
      ),
    ],
    [
      'an impossible time',
      Buffer.from(
        JSON.stringify(['-created', '2025-02-30T00:00:00.000000Z', '00000000-0000-4000-8000-000000000000', 'next']),
      ).toString('base64url'),
    ],
    [
      'an unknown direction',
      Buffer.from(JSON.stringify(['title', 'a', '00000000-0000-4000-8000-000000000000', 'up'])).toString('base64url'),
    ],
  ])('refuses a cursor that is %s with a 400 problem', async (_what, cursor) => {
    const res = await api.get(`/proposals?callId=${w.callId}&cursor=${encodeURIComponent(cursor)}`, po.token);
    expectProblem(res, 400, 'validation-failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toContain('cursor');
  });

  it.each(['bogus', 'UNDER_REVIEW', 'submitted,draft'])(
    'refuses state=%s, a state no proposal is ever in, naming the states there are',
    async (state) => {
      const res = await api.get(`/proposals?callId=${w.callId}&state=${encodeURIComponent(state)}`, po.token);
      expectProblem(res, 400, 'validation-failed');
      const errors = res.body.errors as { field: string; message: string }[];
      expect(errors.map((e) => e.field)).toEqual(['state']);
      expect(errors[0].message).toContain('under_review');
    },
  );

  it('walks the list sorted by state both ways', async () => {
    const { forward, backward } = await walk(`/proposals?callId=${w.callId}&limit=3&sort=-state`, po);
    const all = (await list(`/proposals?callId=${w.callId}&limit=50&sort=-state`, po)).items.map((i) => i.id);
    expect(forward.flat()).toEqual(all);
    expect(backward).toEqual(forward);
    expect(new Set(all)).toEqual(new Set(submitted));
  });

  /** A cursor's body (base64url JSON) and its signature. */
  const parts = (cursor: string) => {
    const [body, signature] = cursor.split('.');
    return { body: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown[], signature };
  };
  const refusedCursor = async (person: Person, query: string, cursor: string) => {
    const res = await api.get(
      `/proposals?callId=${w.callId}&${query}&cursor=${encodeURIComponent(cursor)}`,
      person.token,
    );
    expectProblem(res, 400, 'validation-failed');
    expect((res.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['cursor']);
    return res.body as Record<string, unknown>;
  };

  it('refuses a cursor altered in any way, or made by hand with any signature', async () => {
    const path = `/proposals?callId=${w.callId}&limit=2&sort=title`;
    const { next } = await list(path, po);
    expect((await list(`${path}&cursor=${next}`, po)).items).toHaveLength(2);
    const { body, signature } = parts(next!);
    // Another key (the next page's first title), the same signature.
    const altered = Buffer.from(JSON.stringify([body[0], 'charlie survey', body[2], body[3]])).toString('base64url');
    await refusedCursor(po, 'limit=2&sort=title', `${altered}.${signature}`);
    // One character of the signature changed; no signature; a hand-made one.
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    await refusedCursor(po, 'limit=2&sort=title', `${next!.split('.')[0]}.${flipped}`);
    await refusedCursor(po, 'limit=2&sort=title', next!.split('.')[0]);
    await refusedCursor(po, 'limit=2&sort=title', `${altered}.${'A'.repeat(43)}`);
    // The last character's unused bits changed (the same bytes once decoded): altered all the same.
    const last = signature.at(-1)!;
    const sameBytes = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const i = sameBytes.indexOf(last);
    const twin = sameBytes[i ^ 1];
    await refusedCursor(po, 'limit=2&sort=title', `${next!.split('.')[0]}.${signature.slice(0, -1)}${twin}`);
  });

  it("refuses one reader's cursor from another", async () => {
    const applicant = w.people[w.lead].applicant;
    const { next } = await list(`/proposals?callId=${w.callId}&limit=2`, applicant);
    expect(next).not.toBeNull();
    await refusedCursor(po, 'limit=2', next!);
    expect((await list(`/proposals?callId=${w.callId}&limit=2&cursor=${next}`, applicant)).items).toHaveLength(2);
  });

  it('positions a state-sort cursor by the state it carries, so a hand-made one naming a hidden proposal (even signed with the real key) tells nothing', async () => {
    const [{ secret }] = (await sut.app
      .get(DataSource)
      .query(`SELECT secret FROM service_secrets WHERE name = 'proposal-cursor'`)) as { secret: string }[];
    const made = (id: string, key: string) =>
      encodeCursor({ sort: 'state', key, id, direction: 'next' }, secret, po.userId);
    // Control: a cursor naming a row the officer sees, with its state, reads the page after it.
    const seen = await list(`/proposals?callId=${w.callId}&limit=50&sort=state`, po);
    const after = await list(
      `/proposals?callId=${w.callId}&limit=50&sort=state&cursor=${made(seen.items[0].id, seen.items[0].state)}`,
      po,
    );
    expect(after.items.map((i) => i.id)).toEqual(seen.items.slice(1).map((i) => i.id));
    // The draft (the applicant's alone) and an id nobody has answer alike: the row is never read.
    const hidden = await list(`/proposals?callId=${w.callId}&limit=50&sort=state&cursor=${made(draft, 'draft')}`, po);
    const unknown = await list(
      `/proposals?callId=${w.callId}&limit=50&sort=state&cursor=${made('00000000-0000-4000-8000-000000000000', 'draft')}`,
      po,
    );
    expect(hidden.items.map((i) => i.id)).toEqual(unknown.items.map((i) => i.id));
    expect(hidden.items.map((i) => i.id)).not.toContain(draft);
    // Unsigned (base64url JSON, as cursors were before), a cursor is refused.
    const unsigned = Buffer.from(JSON.stringify(['state', 'draft', draft, 'next'])).toString('base64url');
    await refusedCursor(po, 'limit=50&sort=state', unsigned);
  });

  it("goes on from where the last page ended when that page's last row changed state in between (state sort)", async () => {
    const firstPage = await list(`/proposals?callId=${w.callId}&limit=1&sort=state`, po);
    const all = await list(`/proposals?callId=${w.callId}&limit=50&sort=state`, po);
    const moved = firstPage.items[0];
    // The row the cursor names moves to a state sorting elsewhere (by SQL, as another officer's event would).
    await sut.app.get(DataSource).query(`UPDATE workflow_instances SET state = 'zzz_moved' WHERE id = $1`, [moved.id]);
    try {
      const rest = await list(`/proposals?callId=${w.callId}&limit=50&sort=state&cursor=${firstPage.next}`, po);
      const restIds = rest.items.map((i) => i.id);
      expect(restIds).toEqual(expect.arrayContaining(all.items.slice(1).map((i) => i.id)));
    } finally {
      await sut.app
        .get(DataSource)
        .query(`UPDATE workflow_instances SET state = $2 WHERE id = $1`, [moved.id, moved.state]);
    }
  });

  it('refuses a cursor with another sort or with an offset', async () => {
    const { next } = await list(`/proposals?callId=${w.callId}&limit=2&sort=title`, po);
    expectProblem(
      await api.get(`/proposals?callId=${w.callId}&sort=-created&cursor=${next}`, po.token),
      400,
      'validation-failed',
    );
    expectProblem(
      await api.get(`/proposals?callId=${w.callId}&sort=title&offset=2&cursor=${next}`, po.token),
      400,
      'validation-failed',
    );
  });
});
