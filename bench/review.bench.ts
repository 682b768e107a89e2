/**
 * npm run bench:review: the joint review's call-wide computations on PostgreSQL, for calls of 500
 * to 5,000 proposals with 100 to 1,000 reviewers per agency: the proposed assignment of one
 * agency (bulk queries, conflict index, greedy planner), the joint ranking (load, rank, write) and
 * the proposed selection (load, plan). Writes the "## Review" section of docs/benchmarks.md.
 *
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/tandem_bench_i3) is emptied first.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { DataSource } from 'typeorm';
import { sicorpJointCallV1 } from '../workflows/sicorp-joint-call.machine.js';
import { sicorpJointProposalV1 } from '../workflows/sicorp-joint-proposal.machine.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { writeSection } from './support/report.js';
import { advance, persist, start } from '../src/engine/machine-runtime.js';
import { WorkflowEngine } from '../src/engine/workflow-engine.service.js';
import { WorkflowRegistry } from '../src/engine/workflow-registry.js';
import { PanelsHooks } from '../src/modules/panels/panels.hooks.js';
import { PanelsRepository } from '../src/modules/panels/panels.repository.js';
import { AssignmentsService } from '../src/modules/reviews/assignments.service.js';
import { CallReviewAccess } from '../src/modules/reviews/call-access.service.js';
import { ReviewsRepository } from '../src/modules/reviews/reviews.repository.js';
import { SelectionQueries } from '../src/modules/selection/selection-queries.service.js';
import { SelectionRepository } from '../src/modules/selection/selection.repository.js';

const URL_ = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tandem_bench_i3';
const SIZES = (process.env.BENCH_SIZES ?? '500,1000,2500,5000').split(',').map(Number);
const REPEAT = 3;
const HASH = '0'.repeat(64);
const VOCABULARY = Array.from({ length: 120 }, (_, i) => `topic-${i}`);

/** Deterministic pseudo-random numbers, so every run measures the same data. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

async function resetDatabase(): Promise<DataSource> {
  const url = new URL(URL_);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: adminUrl.toString() });
  await admin.initialize();
  const name = url.pathname.slice(1);
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length === 0)
    await admin.query(`CREATE DATABASE "${name}"`);
  await admin.destroy();
  const ds = new DataSource(dataSourceOptions(url.toString(), 4));
  await ds.initialize();
  await ds.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

async function insertChunks<T>(
  ds: DataSource,
  rows: T[],
  size: number,
  write: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
  void ds;
}

interface Seeded {
  callId: string;
  agencies: [string, string];
}

/** A call of `n` proposals under review, `r` reviewers per agency, and the conflicts real pools have. */
async function seed(ds: DataSource, n: number, r: number): Promise<Seeded> {
  const random = rng(n * 7919 + r);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const agencies: [string, string] = [`J${n}`, `N${n}`];
  for (const [code, currency] of [
    [agencies[0], 'JPY'],
    [agencies[1], 'USD'],
  ]) {
    await ds.query(`INSERT INTO agencies (code, name, country, currency) VALUES ($1, $1, 'JP', $2)`, [code, currency]);
  }
  const [program] = await ds.query(
    `INSERT INTO programs (code, name, call_workflow, proposal_workflow, min_agencies, max_agencies, duration_min_months, duration_max_months)
     VALUES ($1, $1, 'sicorp-joint-call@1', 'sicorp-joint-proposal@1', 2, 2, 12, 60) RETURNING id, proposal_workflow`,
    [`bench-${n}`],
  );
  const [applicant] = await ds.query(`INSERT INTO users (email, display_name) VALUES ($1, 'Applicant') RETURNING id`, [
    `applicant-${n}@bench.example`,
  ]);
  const access = { agencies, lead: agencies[0], owners: [applicant.id] };

  // The call, in review, with the default set-up (3 reviewers per agency).
  const callId = randomUUID();
  const call = start(sicorpJointCallV1, { access }).snapshot;
  await ds.query(
    `INSERT INTO workflow_instances (id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash) VALUES ($1, 'call', 'sicorp-joint-call', 1, 'in_review', $2, 1, $3)`,
    [callId, { ...persist(sicorpJointCallV1, call), value: 'in_review' }, HASH],
  );
  await ds.query(
    `INSERT INTO calls (id, program_id, proposal_workflow, title, opens_at, submission_deadline, review_due) VALUES ($1, $2, $3, 'Bench call', now() - interval '90 days', now() - interval '30 days', now() + interval '30 days')`,
    [callId, program.id, program.proposal_workflow],
  );
  for (const [i, code] of agencies.entries()) {
    // Envelopes for about 60% of the recommended proposals: the selection waitlists the rest.
    const envelope = i === 0 ? n * 0.6 * 60_000_000 * 0.7 : n * 0.6 * 450_000 * 0.7;
    await ds.query(
      `INSERT INTO call_agencies (call_id, agency_id, role, budget_envelope, cap_per_project_per_year, currency) SELECT $1, id, $3, $4, 100000000, currency FROM agencies WHERE code = $2`,
      [callId, code, i === 0 ? 'lead' : 'counterpart', Math.round(envelope)],
    );
  }

  // Proposals under review: the same snapshot for all (the context does not depend on the proposal).
  const facts = {
    callState: 'open',
    agencies: agencies.map((code) => ({ code, capPerYear: 100_000_000 })),
    durationLimits: { minMonths: 12, maxMonths: 60 },
    durationMonths: 36,
    parties: agencies.map((agency) => ({ agency, budgetPerYear: [1, 1, 1] })),
  };
  let snapshot = start(sicorpJointProposalV1, { access }).snapshot;
  for (const event of [
    { type: 'SUBMIT', facts },
    { type: 'START_ELIGIBILITY_CHECK' },
    ...agencies.map((agency) => ({ type: 'RULE_ELIGIBILITY', agency, eligible: true })),
  ]) {
    snapshot = advance(sicorpJointProposalV1, snapshot, event).snapshot;
  }
  const underReview = persist(sicorpJointProposalV1, snapshot);
  const institutions = Array.from({ length: Math.max(50, Math.floor(n / 3)) }, (_, i) => `Institution ${i}`);
  const proposals = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    keywords: [pick(VOCABULARY), pick(VOCABULARY), pick(VOCABULARY)],
    parties: agencies.map((agency, k) => ({
      agency,
      piName: `PI ${i}-${k}`,
      institution: pick(institutions),
      budget: k === 0 ? [20_000_000, 20_000_000, 20_000_000] : [150_000, 150_000, 150_000],
    })),
  }));
  await insertChunks(ds, proposals, 2000, async (chunk) => {
    await ds.query(
      `INSERT INTO workflow_instances (id, subject_type, workflow_id, workflow_version, state, snapshot, version, last_hash)
       SELECT x, 'proposal', 'sicorp-joint-proposal', 1, 'under_review', $2, 5, $3 FROM unnest($1::uuid[]) x`,
      [chunk.map((p) => p.id), underReview, HASH],
    );
    await ds.query(
      `INSERT INTO proposals (id, call_id, title, abstract, duration_months, keywords, applicant_user_id)
       SELECT x.id, $2, 'Proposal', 'Abstract', 36, string_to_array(x.kw, ','), $3 FROM unnest($1::uuid[], $4::text[]) AS x(id, kw)`,
      [chunk.map((p) => p.id), callId, applicant.id, chunk.map((p) => p.keywords.join(','))],
    );
    const parties = chunk.flatMap((p) => p.parties.map((party) => ({ proposalId: p.id, ...party })));
    await ds.query(
      `INSERT INTO proposal_parties (proposal_id, agency_id, pi_name, institution, country, budget_per_year)
       SELECT x.proposal_id, a.id, x.pi_name, x.institution, 'JP', x.budget::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(proposal_id, agency, pi_name, institution, budget)
         JOIN agencies a ON a.code = x.agency`,
      [
        parties.map((p) => p.proposalId),
        parties.map((p) => p.agency),
        parties.map((p) => p.piName),
        parties.map((p) => p.institution),
        parties.map((p) => JSON.stringify(p.budget)),
      ],
    );
  });

  // Reviewer pools: institutions shared with the PIs and co-authors among them, so conflicts occur.
  for (const agency of agencies) {
    const reviewers = Array.from({ length: r }, (_, i) => ({
      email: `rev-${agency}-${i}@bench.example`.toLowerCase(),
      institution: pick(institutions),
      expertise: Array.from({ length: 5 }, () => pick(VOCABULARY)),
      coauthors: Array.from({ length: 5 }, () => `PI ${Math.floor(random() * n)}-${Math.floor(random() * 2)}`),
    }));
    await ds.query(
      `WITH u AS (INSERT INTO users (email, display_name) SELECT e, e FROM unnest($1::text[]) e RETURNING id, email)
       INSERT INTO reviewers (agency_id, user_id, name, institution, expertise, recent_coauthors)
       SELECT a.id, u.id, u.email, x.institution, string_to_array(x.expertise, ','), string_to_array(x.coauthors, ',')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(email, institution, expertise, coauthors)
         JOIN u ON u.email = x.email JOIN agencies a ON a.code = $5`,
      [
        reviewers.map((x) => x.email),
        reviewers.map((x) => x.institution),
        reviewers.map((x) => x.expertise.join(',')),
        reviewers.map((x) => x.coauthors.join(',')),
        agency,
      ],
    );
  }
  await ds.query('ANALYZE');
  return { callId, agencies };
}

/** Moves the proposals past the panel: 80% recommended with a consensus score, each agency's assessment recorded. */
async function throughPanel(ds: DataSource, { callId, agencies }: Seeded, n: number): Promise<void> {
  const random = rng(n);
  const ids: { id: string }[] = await ds.query(`SELECT id FROM proposals WHERE call_id = $1 ORDER BY id`, [callId]);
  const scores = ids.map(() => Math.round((1 + random() * 4) * 100) / 100);
  const recommendation = scores.map((s) => (s >= 3.5 ? 'fund' : 'reserve'));
  const recommended = ids.map(() => random() < 0.8);
  await ds.query(
    `UPDATE workflow_instances wi SET state = CASE WHEN x.rec THEN 'recommended' ELSE 'not_recommended' END,
            snapshot = jsonb_set(jsonb_set(wi.snapshot, '{value}', to_jsonb(CASE WHEN x.rec THEN 'recommended' ELSE 'not_recommended' END)),
                                 '{context,panel}', jsonb_build_object('score', x.score, 'recommendation', x.recommendation, 'minutes', null))
       FROM unnest($1::uuid[], $2::numeric[], $3::text[], $4::bool[]) AS x(id, score, recommendation, rec) WHERE wi.id = x.id`,
    [ids.map((r) => r.id), scores, recommendation, recommended],
  );
  for (const agency of agencies) {
    await ds.query(
      `INSERT INTO agency_assessments (proposal_id, agency_id, score, recommendation, summary)
       SELECT x.id, a.id, x.score, 'fund', 'summary' FROM unnest($1::uuid[], $2::numeric[]) AS x(id, score) JOIN agencies a ON a.code = $3`,
      [ids.map((r) => r.id), ids.map(() => Math.round((1 + random() * 4) * 100) / 100), agency],
    );
  }
  await ds.query(`UPDATE workflow_instances SET state = 'selection' WHERE id = $1`, [callId]);
  await ds.query('ANALYZE');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());

async function main(): Promise<void> {
  const ds = await resetDatabase();
  const engine = WorkflowEngine.standalone(ds, new WorkflowRegistry());
  const reviews = new ReviewsRepository(ds);
  const access = new CallReviewAccess(engine, reviews);
  const assignments = new AssignmentsService(ds, engine, reviews, access);
  const hooks = new PanelsHooks(engine.hooks, new PanelsRepository(ds));
  const queries = new SelectionQueries(new SelectionRepository(ds), access);

  interface Row {
    n: number;
    r: number;
    load: number;
    plan: number;
    pairs: number;
    matched: number;
    shortfalls: number;
    spread: number;
    ranking: number;
    ranked: number;
    selection: number;
    selected: number;
  }
  const rows: Row[] = [];
  for (const n of SIZES) {
    const r = Math.max(1, Math.round(n / 5));
    process.stdout.write(`seeding ${n} proposals, ${r} reviewers per agency... `);
    const seeded = await seed(ds, n, r);
    console.log('done');

    const loads: number[] = [];
    const plans: number[] = [];
    let last: Awaited<ReturnType<AssignmentsService['plan']>> | undefined;
    for (let i = 0; i < REPEAT; i++) {
      const q = ds.createQueryRunner();
      last = await assignments.plan(q, seeded.callId, seeded.agencies[0], true);
      loads.push(last.timings.loadMs);
      plans.push(last.timings.planMs);
    }
    const perReviewer = last!.plan.loads.map((l) => l.load);

    await throughPanel(ds, seeded, n);
    const rankings: number[] = [];
    let ranked = 0;
    for (let i = 0; i < REPEAT; i++) {
      const q = ds.createQueryRunner();
      await q.connect();
      await q.startTransaction();
      const t = performance.now();
      ranked = await hooks.writeRanking({
        q,
        instanceId: seeded.callId,
        context: { access: { agencies: seeded.agencies } },
      });
      rankings.push(performance.now() - t);
      if (i < REPEAT - 1) await q.rollbackTransaction();
      else await q.commitTransaction();
      await q.release();
    }

    const selections: number[] = [];
    let selected = 0;
    for (let i = 0; i < REPEAT; i++) {
      const t = performance.now();
      const result = await queries.computeSelection(ds, seeded.callId, seeded.agencies);
      selections.push(performance.now() - t);
      selected = result.items.filter((x) => x.decision === 'select').length;
    }
    const row: Row = {
      n,
      r,
      load: median(loads),
      plan: median(plans),
      pairs: last!.plan.pairs.length,
      matched: Math.round(
        (100 * last!.plan.pairs.filter((p) => p.matchedKeywords > 0).length) / Math.max(1, last!.plan.pairs.length),
      ),
      shortfalls: last!.plan.shortfalls.length,
      spread: Math.max(...perReviewer) - Math.min(...perReviewer),
      ranking: median(rankings),
      ranked,
      selection: median(selections),
      selected,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  await ds.destroy();

  const base = rows[0];
  const growth = (x: number, b: number) => `${(x / b).toFixed(1)}x`;
  const table = [
    '| proposals | reviewers per agency | assignment: load / plan ms | pairs (expertise matched, shortfalls, load spread) | ranking ms (proposals ranked) | proposed selection ms (selected) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (x) =>
        `| ${x.n} | ${x.r} | ${ms(x.load)} / ${ms(x.plan)} | ${x.pairs} (${x.matched}%, ${x.shortfalls}, ${x.spread}) | ${ms(x.ranking)} (${x.ranked}) | ${ms(x.selection)} (${x.selected}) |`,
    ),
  ];
  const last = rows.at(-1)!;
  const section = [
    '## Review',
    '',
    `\`npm run bench:review\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, PostgreSQL at ${new URL(URL_).host}; median of ${REPEAT} runs, after the data is seeded.`,
    'Proposed assignment of one agency (3 reviewers per proposal, conflicts from shared institutions and co-authors),',
    'joint ranking (read the consensus and assessments, rank, write the ranking) and proposed selection (read, plan):',
    'each is a few bulk queries and one pass in memory, whatever the size of the call.',
    '',
    ...table,
    '',
    `From ${base.n} to ${last.n} proposals (${growth(last.n, base.n)} the proposals, ${growth(last.r, base.r)} the reviewers):`,
    `assignment ${growth(last.load + last.plan, base.load + base.plan)} (load ${growth(last.load, base.load)}, plan ${growth(last.plan, base.plan)}),`,
    `ranking ${growth(last.ranking, base.ranking)}, proposed selection ${growth(last.selection, base.selection)}.`,
    'Times vary by 15-30% between runs on this machine (TOOLCHAIN.md): compare the ratios of one run.',
    '',
  ].join('\n');
  const file = 'docs/benchmarks.md';
  writeSection(file, 'Review', section.replace(/^## Review\n/, ''));
  console.log(`\n${section}\nwrote ${file}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
