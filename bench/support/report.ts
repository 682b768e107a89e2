import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const TITLE =
  '# Benchmarks\n\nEach section is written by its own `npm run bench:*` script; rerun a script rather than editing its section.\n';

/**
 * Replaces (or appends) one `## heading` section of the benchmarks report, from its heading to the
 * next `## ` heading, so each benchmark rewrites only its own results.
 */
export function writeSection(file: string, heading: string, body: string): void {
  let doc: string;
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    doc = TITLE;
  }
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const start = doc.search(new RegExp(`^## ${heading}$`, 'm'));
  if (start < 0) {
    doc = `${doc.trimEnd()}\n\n${section}`;
  } else {
    const rest = doc.slice(start + 1);
    const next = rest.search(/^## /m);
    doc = doc.slice(0, start) + section + (next >= 0 ? `\n${rest.slice(next)}` : '');
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, doc);
}
