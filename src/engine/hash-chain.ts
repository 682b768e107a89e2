import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so a row hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedRow {
  instanceId: string;
  seq: number;
  eventType: string;
  payload: Record<string, unknown>;
  fromState: string | null;
  toState: string;
  actorUserId: string | null;
  occurredAt: Date;
}

export function rowHash(prevHash: string, row: ChainedRow): string {
  const content = canonicalJson({
    instanceId: row.instanceId,
    seq: row.seq,
    eventType: row.eventType,
    payload: row.payload,
    fromState: row.fromState,
    toState: row.toState,
    actorUserId: row.actorUserId,
    occurredAt: row.occurredAt.toISOString(),
  });
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  /** The first row whose stored hashes do not match its content or its predecessor. */
  firstInvalidSeq: number | null;
  reason: string | null;
}

/** Recomputes the chain of one instance's rows (ordered by seq) and checks its head. */
export function verifyChain(
  rows: (ChainedRow & { prevHash: string; hash: string })[],
  headHash: string,
): ChainVerification {
  let prev = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const fail = (reason: string): ChainVerification => ({
      valid: false,
      checked: i + 1,
      firstInvalidSeq: row.seq,
      reason,
    });
    if (row.seq !== i + 1) return fail(`row ${i + 1} is missing`);
    if (row.prevHash !== prev) return fail('does not follow the previous row');
    if (rowHash(prev, row) !== row.hash) return fail('content does not match its hash');
    prev = row.hash;
  }
  if (prev !== headHash) {
    return {
      valid: false,
      checked: rows.length,
      firstInvalidSeq: rows.length + 1,
      reason: 'rows after the last one are missing',
    };
  }
  return { valid: true, checked: rows.length, firstInvalidSeq: null, reason: null };
}

/** What the instance row says of its own log: its head hash, row version and state. */
export interface InstanceHead {
  lastHash: string;
  version: number;
  /** The `state` column. */
  state: string;
  /** The state of the persisted snapshot. */
  snapshotState: string;
}

export interface InstanceVerification extends ChainVerification {
  /** Each check on its own: the chain; the version equals the number of log rows; the state (column and snapshot) is the log head's target. */
  checks: { chain: boolean; version: boolean; state: boolean };
}

/**
 * The chain, and the instance against the head of its log: a row whose state or version was
 * changed outside the engine no longer matches what its log says happened. `checks` says which
 * held; `reason` explains the first that failed (the chain, then the version, then the state).
 */
export function verifyInstance(
  rows: (ChainedRow & { prevHash: string; hash: string })[],
  head: InstanceHead,
): InstanceVerification {
  const chain = verifyChain(rows, head.lastHash);
  const target = rows.at(-1)?.toState ?? null;
  const checks = {
    chain: chain.valid,
    version: head.version === rows.length,
    state: head.state === target && head.snapshotState === target,
  };
  const reasons: string[] = chain.reason ? [chain.reason] : [];
  if (!checks.version) reasons.push(`the instance's version is ${head.version} but its log has ${rows.length} rows`);
  if (!checks.state) {
    reasons.push(
      `the instance's state is ${head.state} (snapshot ${head.snapshotState}) but the head of its log leads to ${target ?? 'nothing'}`,
    );
  }
  const valid = checks.chain && checks.version && checks.state;
  return {
    valid,
    checked: chain.checked,
    firstInvalidSeq: chain.valid ? (valid ? null : rows.length) : chain.firstInvalidSeq,
    reason: reasons[0] ?? null,
    checks,
  };
}
