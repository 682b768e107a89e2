import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DuplicateFundingService,
  EXPORT_HEADER,
} from '../../src/modules/duplicate-funding/duplicate-funding.service.js';
import { toCsv } from '../../src/modules/reviews/csv.js';
import { Factory, unique, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectStatus, type Client } from '../support/http.js';
import { uniqueOrcid } from '../support/orcid.js';

const ORCID = uniqueOrcid();
const NUMBER = String(randomInt(10_000_000, 100_000_000));

interface CheckBody {
  researchers: {
    name: string;
    agency: string;
    orcid: string | null;
    researcherNumber: string | null;
    effortPercent: number | null;
    totalEffortPercent: number;
    overEffort: boolean;
    overlaps: (
      | {
          visible: true;
          proposalId: string;
          title: string;
          status: string;
          startsOn: string;
          endsOn: string;
          effortPercent: number | null;
        }
      | { visible: false; status: string; startsOn: string; endsOn: string; effortPercent: number | null }
    )[];
  }[];
  ruling: { ruling: string | null } | null;
}

/** A proposal's lines as the file documents them: one per researcher and overlap, from its check as the API answers it. */
function linesOf(id: string, title: string, check: CheckBody): string[][] {
  const ruling = check.ruling?.ruling ?? '';
  return check.researchers.flatMap((r) => {
    const own = [
      id,
      title,
      r.name,
      r.agency,
      r.orcid ?? '',
      r.researcherNumber ?? '',
      String(r.effortPercent ?? ''),
      String(r.totalEffortPercent),
      r.overEffort ? 'yes' : 'no',
    ];
    if (r.overlaps.length === 0) return [[...own, '', '', '', '', '', '', ruling]];
    return r.overlaps.map((o) => [
      ...own,
      o.status,
      o.visible ? o.proposalId : '',
      o.visible ? o.title : '',
      o.startsOn,
      o.endsOn,
      String(o.effortPercent ?? ''),
      ruling,
    ]);
  });
}

/**
 * Issue 17: the call's duplicate-funding CSV, read a batch of proposals at a time (their checks and
 * what the reader sees of them decided per batch), is exactly the per-proposal checks one after
 * the other: for an administrator, and for an agency officer who sees only part of the call (a
 * proposal they are a party to: conflicted; a draft; overlapping proposals of other agencies shown
 * as period and effort only).
 */
describe('duplicate-funding CSV of a whole call, read in batches', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w1: World;
  let w2: World;
  const ids: Record<string, string> = {};
  const titles = {
    a: `Dupexport A ${unique()}`,
    b: `Dupexport B ${unique()}`,
    conflicted: `Dupexport conflicted ${unique()}`,
    draft: `Dupexport draft ${unique()}`,
    plain: `Dupexport plain ${unique()}`,
    other: `Dupexport other agencies ${unique()}`,
  };
  const officer = () => w1.people[w1.lead].agency_officer;

  async function proposal(
    w: World,
    title: string,
    effort: number,
    o: { draft?: boolean; piEmail?: string; ids?: boolean } = {},
  ) {
    const [lead, counterpart] = factory.parties(w);
    const identified = o.ids ?? true;
    return factory.proposal(
      w,
      {
        title,
        parties: [
          { ...lead, ...(identified ? { piOrcid: ORCID, piEffortPercent: effort } : {}) },
          {
            ...counterpart,
            ...(identified ? { piResearcherNumber: NUMBER, piEffortPercent: 15 } : {}),
            ...(o.piEmail ? { piEmail: o.piEmail } : {}),
          },
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
    w2 = await factory.world();
    ids.a = await proposal(w1, titles.a, 50);
    ids.b = await proposal(w1, titles.b, 30);
    // The lead agency's officer is this one's counterpart PI: conflicted, they do not see it.
    ids.conflicted = await proposal(w1, titles.conflicted, 20, { piEmail: officer().email });
    ids.draft = await proposal(w1, titles.draft, 90, { draft: true });
    ids.plain = await proposal(w1, titles.plain, 0, { ids: false });
    ids.other = await proposal(w2, titles.other, 40);
    // A ruling shows on every line of its proposal.
    expectStatus(
      await api.post(
        `/proposals/${ids.a}/duplicate-funding/rulings`,
        { ruling: 'requires-adjustment', note: 'Reduce the effort.' },
        w1.people[w1.lead].program_director.token,
      ),
      201,
    );
    // Created within one millisecond (as a bulk import does): a batch boundary must not read any again.
    await sut.app.get(DataSource).query(
      `UPDATE proposals p SET created_at = '2026-01-01T00:00:00.000Z'::timestamptz + x.n * interval '1 microsecond'
         FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM proposals WHERE call_id = $1) x
        WHERE p.id = x.id`,
      [w1.callId],
    );
  });
  afterAll(() => sut.close());

  /** The call's proposals in the export's order, and the lines of the checks the reader may read (none for a 403/404). */
  async function expected(reader: Person): Promise<string> {
    const proposals: { id: string; title: string }[] = await sut.app
      .get(DataSource)
      .query(`SELECT id, title FROM proposals WHERE call_id = $1 ORDER BY created_at, id`, [w1.callId]);
    const rows: string[][] = [];
    for (const p of proposals) {
      const res = await api.get(`/proposals/${p.id}/duplicate-funding`, reader.token);
      if (res.status === 403 || res.status === 404) continue;
      expectStatus(res, 200);
      rows.push(...linesOf(p.id, p.title, res.body as CheckBody));
    }
    return toCsv(EXPORT_HEADER, rows);
  }

  async function exported(reader: Person): Promise<string> {
    const res = await api.get(`/calls/${w1.callId}/exports/duplicate-funding.csv`, reader.token).buffer(true);
    expectStatus(res, 200);
    return res.text;
  }

  it("is, for an administrator, every proposal's check in turn, overlaps of other agencies named", async () => {
    const csv = await exported(w1.admin);
    expect(csv).toBe(await expected(w1.admin));
    for (const id of [ids.a, ids.b, ids.conflicted, ids.draft, ids.plain]) expect(csv).toContain(`\r\n${id},`);
    expect(csv).toContain(`,${ids.other},${titles.other},`);
    expect(csv).toMatch(new RegExp(`^${ids.a},.*,requires-adjustment$`, 'm'));
  });

  it('is, for an officer who sees part of the call, the checks they read alone: no conflicted proposal, draft or other agencies named', async () => {
    const csv = await exported(officer());
    expect(csv).toBe(await expected(officer()));
    for (const id of [ids.a, ids.b, ids.plain]) expect(csv).toContain(`\r\n${id},`);
    for (const leak of [ids.conflicted, titles.conflicted, ids.draft, titles.draft, ids.other, titles.other])
      expect(csv).not.toContain(leak);
    // What they may not see still counts: A's researcher overlaps B, the conflicted one and the other agencies' one.
    const sato = csv.split('\r\n').filter((l) => l.startsWith(`${ids.a},`) && l.includes(ORCID));
    expect(sato).toHaveLength(3);
    expect(sato.filter((l) => l.includes(',pending,,,'))).toHaveLength(2);
  });

  it('reads the same whatever the batch, each proposal once, those created within one millisecond too', async () => {
    const checks = sut.app.get(DuplicateFundingService);
    for (const reader of [w1.admin, officer()]) {
      const rows: string[][] = [];
      for await (const row of checks.exportCall(w1.callId, reader.actor, 2)) rows.push(row);
      expect(toCsv(EXPORT_HEADER, rows)).toBe(await exported(reader));
    }
  });
});
