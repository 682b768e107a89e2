/**
 * Proposal lists at the query layer (issue 17): `ProposalsRepository.list` as the service calls it,
 * for every role and kind of list, on a database loaded by bench/scale-load.ts. No HTTP, no
 * rendering: the two statements of a list (the capped count and the page) on one connection with
 * `jit=off`, as the service opens its sessions. Reads only.
 *
 *   node dist/bench/proposal-lists.bench.js --database-url postgres://…/tandem_scale100k [--requests 20] [--explain]
 *
 * Roles: an administrator, the JST (the call's lead) and NSF program officers, an NSF agency
 * officer, a reviewer (the busiest of one pool copy) and an applicant (a copy's). Kinds: the first
 * page, `state=` (a state the role is shown), `state=` with `agency=`, `sort=title`, `sort=-updated`,
 * `sort=state`, `q=`, `agency=` and a page read by cursor deep in the list (the 2,000th row on).
 */
import 'reflect-metadata';
import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import type { Actor } from '../src/engine/actor.js';
import { WorkflowRegistry } from '../src/engine/workflow-registry.js';
import { ProposalsRepository, type ProposalFilter } from '../src/modules/proposals/proposals.repository.js';
import type { ProposalSort } from '../src/modules/proposals/proposals.dto.js';
import { pg, type PgClient } from './support/pg.js';

const program = new Command('node dist/bench/proposal-lists.bench.js')
  .requiredOption('--database-url <url>', 'a database loaded by bench/scale-load.ts (read only)')
  .option('--requests <n>', 'lists of each kind measured after one warm-up', '20')
  .option('--only <text>', 'only the role/kind names that contain this text')
  .option('--explain', 'print EXPLAIN ANALYZE of each kind’s statements (count and page)');
program.parse();
const opts = program.opts<{ databaseUrl: string; requests: string; only?: string; explain?: boolean }>();

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

async function main(): Promise<void> {
  const client: PgClient = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  await client.query('SET jit = off');
  let explainNext = 0;
  // The repository reads through `query` only: one connection stands in for the DataSource.
  const db = {
    query: async (text: string, values?: unknown[]) => {
      if (explainNext > 0) {
        explainNext--;
        const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
        console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      return (await client.query(text, values)).rows;
    },
  } as unknown as DataSource;
  const sut = new ProposalsRepository(db);
  const registry = new WorkflowRegistry();
  const maskedStates = new Map<string, string>();
  for (const d of registry.all())
    if (d.subject === 'proposal')
      for (const [from, to] of Object.entries(d.maskedStates ?? {})) maskedStates.set(from, to);

  const one = async (sql: string, values: unknown[] = []) => (await client.query<{ id: string }>(sql, values)).rows[0];
  const { call_id: callId } = (
    await client.query<{ call_id: string }>(
      `SELECT call_id FROM proposals GROUP BY call_id ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows[0];
  const staff = async (role: string, agency: string): Promise<Actor> => {
    const u = await one(
      `SELECT u.id FROM users u JOIN role_grants g ON g.user_id = u.id JOIN agencies a ON a.id = g.agency_id
        WHERE g.role = $1 AND a.code = $2 AND u.email LIKE 'sim-%' ORDER BY u.email LIMIT 1`,
      [role, agency],
    );
    return { userId: u.id, grants: [{ role: role as never, agency }] };
  };
  const reviewer = await one(
    `SELECT u.id FROM users u JOIN assignments a ON a.reviewer_user_id = u.id WHERE u.email LIKE 'p7.%'
      GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`,
  );
  const applicant = await one(
    `SELECT u.id FROM proposals p JOIN users u ON u.id = p.applicant_user_id WHERE u.email LIKE 'c1000.%' LIMIT 1`,
  );
  const admin = await one(`SELECT user_id AS id FROM role_grants WHERE role = 'administrator' LIMIT 1`);
  const roles: [string, Actor][] = [
    ['admin', { userId: admin?.id ?? null, grants: [{ role: 'administrator', agency: null }] }],
    ['JST PO', await staff('program_officer', 'JST')],
    ['NSF PO', await staff('program_officer', 'NSF')],
    ['NSF officer', await staff('agency_officer', 'NSF')],
    ['reviewer', { userId: reviewer.id, grants: [{ role: 'reviewer', agency: 'NSF' }] }],
    ['applicant', { userId: applicant.id, grants: [{ role: 'applicant', agency: null }] }],
  ];

  const kinds = (internal: boolean): [string, Partial<ProposalFilter>][] => [
    ['first page', {}],
    ['state=', { state: internal ? 'recommended' : 'under_review' }],
    ['state= + agency=', { state: internal ? 'recommended' : 'under_review', agency: 'NSF' }],
    ['sort=title', { sort: 'title' }],
    ['sort=-updated', { sort: '-updated' }],
    ['sort=state', { sort: 'state' }],
    ['q=coastal', { q: 'coastal' }],
    ['agency=FAPESP', { agency: 'FAPESP' }],
    ['deep cursor', { cursor: undefined }],
  ];

  const n = Number(opts.requests);
  console.log(`| role | list | rows | p50 ms | p99 ms |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  for (const [role, actor] of roles) {
    const internal = role !== 'reviewer' && role !== 'applicant';
    for (const [kind, extra] of kinds(internal)) {
      if (opts.only && !`${role}: ${kind}`.includes(opts.only)) continue;
      const filter: ProposalFilter = {
        actor,
        callId,
        sort: '-created' as ProposalSort,
        limit: 50,
        offset: 0,
        maskedStates,
        ...extra,
      };
      if (kind === 'deep cursor') {
        // The cursor of the 2,000th row the role sees (or its last), read once by offset.
        const { rows } = await sut.list({ ...filter, offset: 1999, limit: 1 });
        const last = rows.at(-1) ?? (await sut.list({ ...filter, limit: 1 })).rows.at(-1);
        if (!last) continue;
        filter.cursor = { sort: '-created', key: last.sort_key, id: last.id, direction: 'next' };
      }
      await sut.list(filter);
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        rows = (await sut.list(filter)).rows.length;
        times.push(performance.now() - t);
      }
      console.log(
        `| ${role} | ${kind} | ${rows} | ${quantile(times, 0.5).toFixed(1)} | ${quantile(times, 0.99).toFixed(1)} |`,
      );
      if (opts.explain) {
        explainNext = 2;
        await sut.list(filter);
      }
    }
  }
  await client.end();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
