import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * The house's walls (issue 13), checked over the source tree itself (no server, no database):
 *
 * (a) SQL lives in repositories (`*.repository.ts`), the engine's store (src/engine/store/) and
 *     migrations (src/database/) and nowhere else. An offence is a call of `.query(`, a use of
 *     `createQueryBuilder`, or a string or template literal holding a statement (`SELECT ... FROM`,
 *     `INSERT INTO`, `UPDATE ... SET`, `DELETE FROM`, in capitals as the tree writes SQL).
 * (b) Nobody but the engine reads workflow_instances.snapshot JSON: no `snapshot ->`, `snapshot->>`,
 *     `snapshot #>` outside src/engine (other modules read the projections, src/engine/projection.ts).
 * (c) The API (app.module.ts), the worker (worker.ts) and the command line (cli.module.ts) take the
 *     domain modules from DOMAIN_MODULES (src/modules/index.ts) and never name one by hand.
 *
 * ALLOWLISTS for (a) and (b): the offending files of the day the test was written (path from the
 * repository's root, and how many offences), so that a new file or a new offence beside the old
 * ones fails. They must shrink to empty: move the SQL into the domain's repository (or the read
 * into a projection) and lower or delete the line. Never add a line or raise a number. The test
 * prints the lines that can be lowered.
 */
const SQL_ALLOWLIST: Readonly<Record<string, number>> = {};
const SNAPSHOT_ALLOWLIST: Readonly<Record<string, number>> = {};

const ROOT = process.cwd();
const SRC = join(ROOT, 'src');

const posix = (path: string) => relative(ROOT, path).split(sep).join('/');

/** Every TypeScript file of src/, tests aside. */
function sources(dir = SRC): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') out.push(...sources(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts'))
      out.push(path);
  }
  return out.sort();
}

const STATEMENTS = [
  /\bSELECT\b[\s\S]*?\bFROM\b/g,
  /\bINSERT\s+INTO\b/g,
  /\bUPDATE\s+\S+[\s\S]*?\bSET\b/g,
  /\bDELETE\s+FROM\b/g,
];
const SNAPSHOT_READ = /\bsnapshot\s*(->>?|#>>?)/g;

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

/** The text of every string and template literal of a file (a template's parts joined, `${}` left out). */
function literals(file: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ${} '));
    else ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function sqlOffences(path: string, text: string): number {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  let n = 0;
  const visit = (node: ts.Node) => {
    if (ts.isPropertyAccessExpression(node) && ts.isCallExpression(node.parent) && node.parent.expression === node) {
      if (node.name.text === 'query') n++;
    }
    if (ts.isIdentifier(node) && node.text === 'createQueryBuilder') n++;
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (const literal of literals(file)) for (const pattern of STATEMENTS) n += count(literal, pattern);
  return n;
}

const sqlAllowedIn = (path: string) =>
  path.endsWith('.repository.ts') || path.startsWith('src/engine/store/') || path.startsWith('src/database/');

/** Compares what was found with an allowlist: new offenders and grown counts fail; shrunk ones are printed. */
function check(found: Map<string, number>, allowlist: Readonly<Record<string, number>>, what: string): string[] {
  const failures: string[] = [];
  const lower: string[] = [];
  for (const [path, n] of found) {
    const allowed = allowlist[path] ?? 0;
    if (n > allowed) failures.push(`${path}: ${n} ${what} (allowed ${allowed})`);
  }
  for (const [path, allowed] of Object.entries(allowlist)) {
    const n = found.get(path) ?? 0;
    if (n < allowed) lower.push(n === 0 ? `  '${path}': delete the line` : `  '${path}': ${n}, (was ${allowed})`);
  }
  if (lower.length) console.log(`house.spec.ts: ${what}, allowlist entries to lower:\n${lower.join('\n')}`);
  return failures;
}

describe('the house (issue 13)', () => {
  const files = sources().map((path) => ({ path: posix(path), text: readFileSync(path, 'utf8') }));

  it('holds SQL only in repositories, the engine store and migrations', () => {
    const found = new Map<string, number>();
    for (const { path, text } of files) {
      if (sqlAllowedIn(path)) continue;
      const n = sqlOffences(path, text);
      if (n) found.set(path, n);
    }
    expect(check(found, SQL_ALLOWLIST, 'SQL')).toEqual([]);
  });

  it('reads workflow snapshot JSON only in the engine', () => {
    const found = new Map<string, number>();
    for (const { path, text } of files) {
      if (path.startsWith('src/engine/') || path.startsWith('src/database/migrations/')) continue;
      const n = count(text, SNAPSHOT_READ);
      if (n) found.set(path, n);
    }
    expect(check(found, SNAPSHOT_ALLOWLIST, 'snapshot reads')).toEqual([]);
  });

  it('builds the API, the worker and the command line from DOMAIN_MODULES alone', () => {
    const index = readFileSync(join(SRC, 'modules/index.ts'), 'utf8');
    const list = /export const DOMAIN_MODULES = \[([\s\S]*?)\]/.exec(index);
    expect(list).not.toBeNull();
    const domain = list![1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    expect(domain.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const entry of ['app.module.ts', 'worker.ts', 'cli.module.ts']) {
      const text = readFileSync(join(SRC, entry), 'utf8');
      if (!/\.\.\.DOMAIN_MODULES\b/.test(text)) failures.push(`${entry}: does not spread DOMAIN_MODULES`);
      for (const name of domain)
        if (new RegExp(`\\b${name}\\b`).test(text)) failures.push(`${entry}: names ${name} by hand`);
    }
    expect(failures).toEqual([]);
  });
});
