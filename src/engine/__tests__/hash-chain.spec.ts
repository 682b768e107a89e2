import {
  canonicalJson,
  GENESIS_HASH,
  rowHash,
  verifyChain,
  verifyInstance,
  type ChainedRow,
  type InstanceHead,
} from '../hash-chain.js';

type StoredRow = ChainedRow & { prevHash: string; hash: string };

const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 9, minute));

/** The transitions of one proposal, in order. */
const TRANSITIONS: Omit<ChainedRow, 'instanceId' | 'seq'>[] = [
  { eventType: 'CREATED', payload: {}, fromState: null, toState: 'draft', actorUserId: 'u1', occurredAt: at(0) },
  { eventType: 'SUBMIT', payload: {}, fromState: 'draft', toState: 'submitted', actorUserId: 'u1', occurredAt: at(1) },
  {
    eventType: 'START_ELIGIBILITY_CHECK',
    payload: {},
    fromState: 'submitted',
    toState: 'eligibility_check',
    actorUserId: 'po-jst',
    occurredAt: at(2),
  },
  {
    eventType: 'RULE_ELIGIBILITY',
    payload: { agency: 'JST', eligible: true },
    fromState: 'eligibility_check',
    toState: 'eligibility_check',
    actorUserId: 'po-jst',
    occurredAt: at(3),
  },
  {
    eventType: 'RULE_ELIGIBILITY',
    payload: { agency: 'NSF', eligible: true },
    fromState: 'eligibility_check',
    toState: 'under_review',
    actorUserId: 'po-nsf',
    occurredAt: at(4),
  },
];

/** Rows as the engine writes them, and the instance's head hash. */
function buildChain(): { rows: StoredRow[]; head: string } {
  const rows: StoredRow[] = [];
  let prev = GENESIS_HASH;
  TRANSITIONS.forEach((t, i) => {
    const row: ChainedRow = { instanceId: 'p-1', seq: i + 1, ...t };
    const hash = rowHash(prev, row);
    rows.push({ ...row, prevHash: prev, hash });
    prev = hash;
  });
  return { rows, head: prev };
}

describe('canonicalJson', () => {
  it('gives the same text whatever the order of the keys', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('sorts the keys of nested objects', () => {
    expect(canonicalJson({ z: { b: 2, a: 1 }, a: null })).toBe('{"a":null,"z":{"a":1,"b":2}}');
  });

  it('keeps the order of array items', () => {
    expect(canonicalJson([3, 1, 2])).not.toBe(canonicalJson([1, 2, 3]));
  });

  it('leaves out undefined members, as a jsonb round trip does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(
      canonicalJson(JSON.parse(JSON.stringify({ a: 1, b: undefined }))),
    );
  });

  it('writes scalars as JSON', () => {
    expect([canonicalJson('x'), canonicalJson(1.5), canonicalJson(true), canonicalJson(null)]).toEqual([
      '"x"',
      '1.5',
      'true',
      'null',
    ]);
  });

  it('escapes keys and strings', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak' })).toBe('{"a\\"b":"line\\nbreak"}');
  });
});

describe('rowHash', () => {
  const row: ChainedRow = { instanceId: 'p-1', seq: 1, ...TRANSITIONS[0] };

  it('is a 64-character hex digest', () => {
    expect(rowHash(GENESIS_HASH, row)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the key order of the payload', () => {
    const a = { ...row, payload: { agency: 'JST', eligible: true } };
    const b = { ...row, payload: { eligible: true, agency: 'JST' } };

    expect(rowHash(GENESIS_HASH, a)).toBe(rowHash(GENESIS_HASH, b));
  });

  it('depends on the previous hash', () => {
    expect(rowHash(GENESIS_HASH, row)).not.toBe(rowHash('f'.repeat(64), row));
  });

  it('depends on the time of the transition', () => {
    expect(rowHash(GENESIS_HASH, row)).not.toBe(rowHash(GENESIS_HASH, { ...row, occurredAt: at(59) }));
  });
});

describe('verifyChain', () => {
  it('accepts the chain as written', () => {
    const { rows, head } = buildChain();

    expect(verifyChain(rows, head)).toEqual({ valid: true, checked: 5, firstInvalidSeq: null, reason: null });
  });

  it('accepts an instance without rows whose head is the genesis hash', () => {
    expect(verifyChain([], GENESIS_HASH)).toEqual({ valid: true, checked: 0, firstInvalidSeq: null, reason: null });
  });

  it('accepts the chain after a jsonb round trip reorders payload keys', () => {
    const { rows, head } = buildChain();
    rows[3] = { ...rows[3], payload: { eligible: true, agency: 'JST' } };

    expect(verifyChain(rows, head).valid).toBe(true);
  });

  it('detects an edited payload', () => {
    const { rows, head } = buildChain();
    rows[3] = { ...rows[3], payload: { agency: 'JST', eligible: false } };

    expect(verifyChain(rows, head)).toEqual({
      valid: false,
      checked: 4,
      firstInvalidSeq: 4,
      reason: 'content does not match its hash',
    });
  });

  it('detects an edited target state', () => {
    const { rows, head } = buildChain();
    rows[4] = { ...rows[4], toState: 'ineligible' };

    expect(verifyChain(rows, head)).toMatchObject({ valid: false, firstInvalidSeq: 5 });
  });

  it('detects an edited actor', () => {
    const { rows, head } = buildChain();
    rows[1] = { ...rows[1], actorUserId: 'someone-else' };

    expect(verifyChain(rows, head)).toMatchObject({ valid: false, firstInvalidSeq: 2 });
  });

  it('detects a row deleted from the middle', () => {
    const { rows, head } = buildChain();
    rows.splice(2, 1);

    expect(verifyChain(rows, head)).toEqual({
      valid: false,
      checked: 3,
      firstInvalidSeq: 4,
      reason: 'row 3 is missing',
    });
  });

  it('detects a deleted middle row even when the later rows are renumbered', () => {
    const { rows, head } = buildChain();
    rows.splice(2, 1);
    const renumbered = rows.map((r, i) => ({ ...r, seq: i + 1 }));

    expect(verifyChain(renumbered, head)).toMatchObject({ valid: false, firstInvalidSeq: 3 });
  });

  it('detects the removal of the last row through the head hash', () => {
    const { rows, head } = buildChain();
    rows.pop();

    expect(verifyChain(rows, head)).toEqual({
      valid: false,
      checked: 4,
      firstInvalidSeq: 5,
      reason: 'rows after the last one are missing',
    });
  });

  it('detects reordered rows', () => {
    const { rows, head } = buildChain();
    [rows[1], rows[2]] = [rows[2], rows[1]];

    expect(verifyChain(rows, head)).toMatchObject({ valid: false, firstInvalidSeq: 3 });
  });

  it('detects reordered rows whose seq numbers were swapped too', () => {
    const { rows, head } = buildChain();
    [rows[1], rows[2]] = [
      { ...rows[2], seq: 2 },
      { ...rows[1], seq: 3 },
    ];

    expect(verifyChain(rows, head)).toEqual({
      valid: false,
      checked: 2,
      firstInvalidSeq: 2,
      reason: 'does not follow the previous row',
    });
  });

  it('detects a rewritten chain through the head hash', () => {
    const { rows, head } = buildChain();
    let prev = GENESIS_HASH;
    const forged = rows.map((r) => {
      const row = r.seq === 4 ? { ...r, payload: { agency: 'JST', eligible: false } } : r;
      const hash = rowHash(prev, row);
      const stored = { ...row, prevHash: prev, hash };
      prev = hash;
      return stored;
    });

    expect(verifyChain(forged, head).valid).toBe(false);
  });

  it('detects a chain that does not start at the genesis hash', () => {
    const { rows, head } = buildChain();
    rows[0] = { ...rows[0], prevHash: 'f'.repeat(64) };

    expect(verifyChain(rows, head)).toMatchObject({
      valid: false,
      firstInvalidSeq: 1,
      reason: 'does not follow the previous row',
    });
  });
});

describe('verifyInstance', () => {
  const headOf = (head: string, overrides: Partial<InstanceHead> = {}): InstanceHead => ({
    lastHash: head,
    version: 5,
    state: 'under_review',
    snapshotState: 'under_review',
    ...overrides,
  });

  it('accepts an instance whose version counts its rows and whose state is the head of its log', () => {
    const { rows, head } = buildChain();

    expect(verifyInstance(rows, headOf(head))).toEqual({
      valid: true,
      checked: 5,
      firstInvalidSeq: null,
      reason: null,
      checks: { chain: true, version: true, state: true },
    });
  });

  it('detects a state column changed outside the engine, with an intact chain', () => {
    const { rows, head } = buildChain();

    expect(verifyInstance(rows, headOf(head, { state: 'awarded' }))).toMatchObject({
      valid: false,
      checks: { chain: true, version: true, state: false },
      reason: "the instance's state is awarded (snapshot under_review) but the head of its log leads to under_review",
    });
  });

  it('detects a snapshot whose state is not the head of the log', () => {
    const { rows, head } = buildChain();

    expect(verifyInstance(rows, headOf(head, { snapshotState: 'ineligible' })).checks).toEqual({
      chain: true,
      version: true,
      state: false,
    });
  });

  it('detects a version that does not count the rows', () => {
    const { rows, head } = buildChain();

    expect(verifyInstance(rows, headOf(head, { version: 7 }))).toMatchObject({
      valid: false,
      checks: { chain: true, version: false, state: true },
      reason: "the instance's version is 7 but its log has 5 rows",
    });
  });

  it("explains a broken chain first, and still reports the instance's checks", () => {
    const { rows, head } = buildChain();
    rows.pop();

    expect(verifyInstance(rows, headOf(head))).toMatchObject({
      valid: false,
      firstInvalidSeq: 5,
      reason: 'rows after the last one are missing',
      checks: { chain: false, version: false, state: false },
    });
  });
});
