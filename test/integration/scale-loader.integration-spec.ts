import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadScaleCall } from '../../bench/support/scale-loader.js';
import { CliModule } from '../../src/cli.module.js';
import type { Actor } from '../../src/engine/actor.js';
import { verifyInstance } from '../../src/engine/hash-chain.js';
import { WorkflowEngine } from '../../src/engine/workflow-engine.service.js';
import { TEST_DATABASE_URL } from '../support/test-env.js';

/**
 * The scale benchmark's loader (bench/support/scale-loader.ts) at a small size: the copies of the
 * proposals the engine wrote are proposals the engine still works with. Its own database (the
 * test database's name with `_scale`), since the loader empties the one it loads.
 */
describe('scale loader', () => {
  const url = (() => {
    const u = new URL(TEST_DATABASE_URL);
    u.pathname = `${u.pathname}_scale`;
    return u.toString();
  })();
  let db: DataSource;

  beforeAll(async () => {
    await loadScaleCall({ url, proposals: 80, reset: true });
    // Grown once more, as the benchmark grows its call through the sizes.
    await loadScaleCall({ url, proposals: 120, reset: false });
    db = new DataSource({ type: 'postgres', url });
    await db.initialize();
  }, 600_000);
  afterAll(() => db?.destroy());

  it('copies every template whole: the call holds the count asked, each state as often per copy as among the templates', async () => {
    const [meta] = await db.query('SELECT call_id, copies, templates FROM scale_bench.meta');
    expect(meta.copies).toBe(2);
    const states: { state: string; template: number; all: number }[] = await db.query(
      `SELECT wi.state, count(*) FILTER (WHERE p.id = ANY($2))::int AS template, count(*)::int AS all
         FROM proposals p JOIN workflow_instances wi ON wi.id = p.id WHERE p.call_id = $1 GROUP BY 1`,
      [meta.call_id, meta.templates],
    );
    expect(states.reduce((n, s) => n + s.all, 0)).toBe(120);
    for (const s of states) expect(s.all).toBe(s.template * 3);
    const perProposal: { kind: string; template: number; all: number }[] = await db.query(
      `SELECT 'assignments' AS kind, count(*) FILTER (WHERE a.proposal_id = ANY($2))::int AS template, count(*)::int AS all
         FROM assignments a WHERE a.call_id = $1
       UNION ALL
       SELECT 'reviews', count(*) FILTER (WHERE r.proposal_id = ANY($2))::int, count(*)::int
         FROM reviews r JOIN proposals p ON p.id = r.proposal_id WHERE p.call_id = $1
       UNION ALL
       SELECT 'parties', count(*) FILTER (WHERE pp.proposal_id = ANY($2))::int, count(*)::int
         FROM proposal_parties pp JOIN proposals p ON p.id = pp.proposal_id WHERE p.call_id = $1`,
      [meta.call_id, meta.templates],
    );
    for (const k of perProposal) {
      expect(k.template).toBeGreaterThan(0);
      expect(k.all).toBe(k.template * 3);
    }
    // A copy's applicant is a user of its own, and its title names the copy.
    const [copy] = await db.query(
      `SELECT p.title, u.email FROM proposals p JOIN users u ON u.id = p.applicant_user_id
        WHERE p.call_id = $1 AND NOT (p.id = ANY($2)) ORDER BY p.title LIMIT 1`,
      [meta.call_id, meta.templates],
    );
    expect(copy.title).toMatch(/\(copy \d+\)$/);
    expect(copy.email).toMatch(/^c\d+\./);
  });

  it('leaves no row pointing at a row that does not exist (the copies are written with foreign keys unchecked), and every 4 copies share a copy of the reviewer pool', async () => {
    const fks: { tbl: string; cols: string[]; ref: string; refcols: string[] }[] = await db.query(
      `SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS ref,
              array_agg(a.attname ORDER BY k.n)::text[] AS cols, array_agg(b.attname ORDER BY k.n)::text[] AS refcols
         FROM pg_constraint c
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, refcol, n)
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
         JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = k.refcol
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
        GROUP BY c.oid, c.conrelid, c.confrelid`,
    );
    expect(fks.length).toBeGreaterThan(10);
    const orphans: string[] = [];
    for (const fk of fks) {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM ${fk.tbl} t WHERE ${fk.cols.map((c) => `t."${c}" IS NOT NULL`).join(' AND ')}
           AND NOT EXISTS (SELECT 1 FROM ${fk.ref} r WHERE ${fk.cols.map((c, i) => `r."${fk.refcols[i]}" = t."${c}"`).join(' AND ')})`,
      );
      if (n > 0) orphans.push(`${fk.tbl}(${fk.cols.join(', ')}) -> ${fk.ref}: ${n}`);
    }
    expect(orphans).toEqual([]);
    const [meta] = await db.query('SELECT copies, pools FROM scale_bench.meta');
    expect(meta.pools).toBe(Math.ceil(meta.copies / 4));
    const [{ reviewers }] = await db.query('SELECT count(*)::int AS reviewers FROM reviewers');
    expect(reviewers).toBe(24 * (1 + meta.pools));
    // An assignment of a copy names a reviewer of its own pool copy, not the template's.
    const [{ foreign }] = await db.query(
      `SELECT count(*)::int AS foreign FROM assignments a JOIN scale_bench.meta m ON a.call_id = m.call_id
        WHERE NOT (a.proposal_id = ANY(m.templates))
          AND a.reviewer_id IN (SELECT reviewer_id FROM assignments WHERE proposal_id = ANY(m.templates))`,
    );
    expect(foreign).toBe(0);
  });

  it("every copied instance's audit chain verifies, and the engine takes a copied proposal further", async () => {
    const [meta] = await db.query('SELECT call_id, templates FROM scale_bench.meta');
    const instances: { id: string; last_hash: string; version: number; state: string; sv: string }[] = await db.query(
      `SELECT wi.id, wi.last_hash, wi.version, wi.state, wi.snapshot->>'value' AS sv FROM workflow_instances wi
        WHERE wi.id IN (SELECT id FROM proposals WHERE call_id = $1 AND NOT (id = ANY($2))
                        UNION SELECT id FROM assignments WHERE call_id = $1 AND NOT (proposal_id = ANY($2)))`,
      [meta.call_id, meta.templates],
    );
    expect(instances.length).toBeGreaterThan(80);
    const logs: Record<string, unknown>[] = await db.query(
      'SELECT * FROM transition_log WHERE instance_id = ANY($1) ORDER BY instance_id, seq',
      [instances.map((i) => i.id)],
    );
    const byInstance = new Map<string, Record<string, unknown>[]>();
    for (const r of logs)
      byInstance.set(r.instance_id as string, [...(byInstance.get(r.instance_id as string) ?? []), r]);
    const invalid = instances.filter((i) => {
      const rows = (byInstance.get(i.id) ?? []).map((r) => ({
        instanceId: r.instance_id as string,
        seq: r.seq as number,
        eventType: r.event_type as string,
        payload: r.payload as Record<string, unknown>,
        fromState: r.from_state as string | null,
        toState: r.to_state as string,
        actorUserId: r.actor_user_id as string | null,
        occurredAt: r.occurred_at as Date,
        prevHash: r.prev_hash as string,
        hash: r.hash as string,
      }));
      return !verifyInstance(rows, { lastHash: i.last_hash, version: i.version, state: i.state, snapshotState: i.sv })
        .valid;
    });
    expect(invalid).toEqual([]);

    // The engine itself: a copied proposal withdrawn by its applicant (a copy's own user), then the chain verified by the engine.
    const [target] = await db.query(
      `SELECT p.id, p.applicant_user_id AS "userId" FROM proposals p JOIN workflow_instances wi ON wi.id = p.id
        WHERE p.call_id = $1 AND NOT (p.id = ANY($2)) AND wi.state = 'recommended' ORDER BY p.title LIMIT 1`,
      [meta.call_id, meta.templates],
    );
    expect(target).toBeDefined();
    const grants: { role: Actor['grants'][number]['role']; agency: string | null }[] = await db.query(
      `SELECT g.role, a.code AS agency FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id WHERE g.user_id = $1`,
      [target.userId],
    );
    const applicant: Actor = { userId: target.userId, grants };
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = url;
    const app = await NestFactory.createApplicationContext(CliModule, { logger: false });
    try {
      const engine = app.get(WorkflowEngine);
      const before = await engine.read('proposal', target.id, applicant);
      expect(before.allowedEvents).toContain('WITHDRAW');
      const sent = await engine.send({
        subjectType: 'proposal',
        instanceId: target.id,
        body: { type: 'WITHDRAW', reason: 'Checking a copied proposal (scale loader test).' },
        actor: applicant,
      });
      expect(sent.transition.event).toBe('WITHDRAW');
      expect(sent.instance.state).toBe(sent.transition.to);
      const history = await engine.history('proposal', target.id, applicant, true);
      expect(history.verification?.valid).toBe(true);
    } finally {
      await app.close();
      process.env.DATABASE_URL = previous;
    }
  });
});
