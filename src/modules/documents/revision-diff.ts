/**
 * A proposal as one revision recorded it, and the differences between two revisions: what changed,
 * field by field, with a word-by-word diff of the texts (Hypha's "revisions and differences").
 */
export interface RevisionDocument {
  version: number;
  filename: string;
  sha256: string;
  sizeBytes: number;
}

export interface RevisionParty {
  agency: string;
  piName: string;
  institution: string;
  country: string;
  budgetPerYear: number[];
}

export interface RevisionContent {
  title: string;
  abstract: string;
  durationMonths: number;
  keywords: string[];
  parties: RevisionParty[];
  /** The newest version of each document type the proposal has. */
  documents: Record<string, RevisionDocument>;
}

export interface WordChange {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export type Change =
  | { field: 'title' | 'abstract'; before: string; after: string; words: WordChange[] }
  | { field: 'durationMonths'; before: number; after: number }
  | { field: 'keywords'; added: string[]; removed: string[] }
  | {
      field: 'party';
      agency: string;
      change: 'added' | 'removed' | 'changed';
      fields: { name: keyof Omit<RevisionParty, 'agency'>; before: unknown; after: unknown }[];
    }
  | { field: 'document'; type: string; before: RevisionDocument | null; after: RevisionDocument | null };

/** Above this many word pairs the texts are shown as replaced whole rather than diffed word by word. */
const MAX_PAIRS = 4_000_000;

/** The words of `before` and `after` as kept, removed and added, in order (a longest common subsequence). */
export function wordDiff(before: string, after: string): WordChange[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  if (a.length * b.length > MAX_PAIRS)
    return [
      { op: 'removed', text: a.join(' ') },
      { op: 'added', text: b.join(' ') },
    ].filter((w) => w.text) as WordChange[];
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: WordChange[] = [];
  const push = (op: WordChange['op'], text: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += ` ${text}`;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('same', a[i]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('removed', a[i++]);
    else push('added', b[j++]);
  }
  while (i < n) push('removed', a[i++]);
  while (j < m) push('added', b[j++]);
  return out;
}

const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** What changed from `before` to `after`, in the order of the proposal's form. */
export function diffRevisions(before: RevisionContent, after: RevisionContent): Change[] {
  const changes: Change[] = [];
  for (const field of ['title', 'abstract'] as const) {
    if (before[field] !== after[field])
      changes.push({ field, before: before[field], after: after[field], words: wordDiff(before[field], after[field]) });
  }
  if (before.durationMonths !== after.durationMonths)
    changes.push({ field: 'durationMonths', before: before.durationMonths, after: after.durationMonths });
  const added = after.keywords.filter((k) => !before.keywords.includes(k));
  const removed = before.keywords.filter((k) => !after.keywords.includes(k));
  if (added.length || removed.length) changes.push({ field: 'keywords', added, removed });

  const agencies = [...new Set([...before.parties, ...after.parties].map((p) => p.agency))];
  for (const agency of agencies) {
    const was = before.parties.find((p) => p.agency === agency);
    const now = after.parties.find((p) => p.agency === agency);
    const names = ['piName', 'institution', 'country', 'budgetPerYear'] as const;
    if (!was || !now) {
      const party = (was ?? now) as RevisionParty;
      changes.push({
        field: 'party',
        agency,
        change: was ? 'removed' : 'added',
        fields: names.map((name) => ({
          name,
          before: was ? party[name] : null,
          after: now ? party[name] : null,
        })),
      });
      continue;
    }
    const fields = names.filter((name) => !same(was[name], now[name]));
    if (fields.length)
      changes.push({
        field: 'party',
        agency,
        change: 'changed',
        fields: fields.map((name) => ({ name, before: was[name], after: now[name] })),
      });
  }

  const types = [...new Set([...Object.keys(before.documents), ...Object.keys(after.documents)])].sort();
  for (const type of types) {
    const was = before.documents[type] ?? null;
    const now = after.documents[type] ?? null;
    if (!same(was, now)) changes.push({ field: 'document', type, before: was, after: now });
  }
  return changes;
}

const quote = (s: string) => `"${s.length > 80 ? `${s.slice(0, 77)}...` : s}"`;

/** One English sentence per change (the API's `summary`; the console words them in the reader's language). */
export function describeChange(c: Change): string {
  switch (c.field) {
    case 'title':
      return `Title changed from ${quote(c.before)} to ${quote(c.after)}.`;
    case 'abstract': {
      const added = c.words.filter((w) => w.op === 'added').reduce((n, w) => n + w.text.split(' ').length, 0);
      const removed = c.words.filter((w) => w.op === 'removed').reduce((n, w) => n + w.text.split(' ').length, 0);
      return `Abstract changed: ${added} words added, ${removed} words removed.`;
    }
    case 'durationMonths':
      return `Research period changed from ${c.before} to ${c.after} months.`;
    case 'keywords':
      return [
        c.added.length ? `Keywords added: ${c.added.join(', ')}.` : '',
        c.removed.length ? `Keywords removed: ${c.removed.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'party':
      if (c.change !== 'changed') return `Party of ${c.agency} ${c.change}.`;
      return `Party of ${c.agency}: ${c.fields
        .map((f) => `${f.name} changed from ${JSON.stringify(f.before)} to ${JSON.stringify(f.after)}`)
        .join('; ')}.`;
    case 'document':
      if (!c.after) return `Document ${c.type} removed.`;
      return c.before
        ? `${c.type} replaced: version ${c.after.version} (${c.after.filename}) after version ${c.before.version}.`
        : `${c.type} added: version ${c.after.version} (${c.after.filename}).`;
  }
}
