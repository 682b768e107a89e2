#!/usr/bin/env node
// The build: every TypeScript file of src/, workflows/ and bench/ (tests excepted) compiled file by
// file with SWC into dist/ (same layout: dist/src, dist/workflows, dist/bench), ES modules with the
// sources' own `.js` import paths, legacy decorators and their metadata (.swcrc); the other files
// of src/ (the notification templates) copied beside them. No type-checking here: that is
// `npm run typecheck` (tsc), which CI runs.
//
// Incremental: a file is compiled or copied only when its output is missing or older than it, and
// outputs whose source is gone are removed, so a build with nothing changed costs a walk of the
// tree. A change to .swcrc, package-lock.json or this script rebuilds everything.
//
//   node scripts/build.mjs            build what changed
//   node scripts/build.mjs --clean    empty dist/ first
//   node scripts/build.mjs --quiet    print nothing unless something fails
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_DIRS = ['src', 'workflows', 'bench'];
const OUT = join(ROOT, 'dist');
const STAMP = join(OUT, '.build-stamp');
const CONFIG_FILES = ['.swcrc', 'package-lock.json', 'scripts/build.mjs'];

const isTest = (path) => path.split(sep).includes('__tests__') || /\.spec\.ts$/.test(path);

async function walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map((e) => {
      const path = join(dir, e.name);
      return e.isDirectory() ? walk(path) : e.isFile() ? [path] : [];
    }),
  );
  return files.flat();
}

const mtime = (path) =>
  stat(path).then(
    (s) => s.mtimeMs,
    () => -1,
  );

/** What dist/ should hold: output path -> [source, 'compile' | 'copy']. */
async function plan() {
  const wanted = new Map();
  for (const dir of SOURCE_DIRS) {
    for (const source of await walk(join(ROOT, dir))) {
      const rel = relative(ROOT, source);
      if (isTest(rel) || rel.endsWith('.d.ts')) continue;
      if (rel.endsWith('.ts')) wanted.set(join(OUT, rel.replace(/\.ts$/, '.js')), [source, 'compile']);
      else if (dir === 'src') wanted.set(join(OUT, rel), [source, 'copy']);
    }
  }
  return wanted;
}

async function configHash() {
  const hash = createHash('sha256');
  for (const file of CONFIG_FILES) hash.update(await readFile(join(ROOT, file)).catch(() => ''));
  return hash.digest('hex');
}

/** Builds what changed; returns the sources compiled or copied and the outputs removed. */
export async function build({ clean = false, log = console.log } = {}) {
  const started = performance.now();
  const hash = await configHash();
  const stamp = await readFile(STAMP, 'utf8').catch(() => '');
  if (clean || stamp !== hash) await rm(OUT, { recursive: true, force: true });
  const wanted = await plan();

  const stale = [];
  await Promise.all(
    [...wanted].map(async ([out, [source, how]]) => {
      if ((await mtime(out)) < (await mtime(source))) stale.push([out, source, how]);
    }),
  );
  // Outputs (and their source maps) whose source was deleted or renamed.
  const orphans = (await walk(OUT)).filter(
    (f) => f !== STAMP && !wanted.has(f) && !wanted.has(f.replace(/\.map$/, '')),
  );
  await Promise.all(orphans.map((f) => rm(f, { force: true })));

  if (stale.length) {
    const swc = await import('@swc/core');
    const options = { ...JSON.parse(await readFile(join(ROOT, '.swcrc'), 'utf8')), swcrc: false, sourceMaps: true };
    delete options.$schema;
    await Promise.all(
      stale.map(async ([out, source, how]) => {
        await mkdir(dirname(out), { recursive: true });
        if (how === 'copy') return copyFile(source, out);
        const { code, map } = await swc.transformFile(source, {
          ...options,
          filename: source,
          sourceFileName: relative(dirname(out), source),
          outputPath: out,
        });
        await writeFile(out, `${code}\n//# sourceMappingURL=${out.slice(dirname(out).length + 1)}.map\n`);
        await writeFile(`${out}.map`, map);
      }),
    );
  }
  await mkdir(OUT, { recursive: true });
  if (stamp !== hash || clean) await writeFile(STAMP, hash);
  if (stale.length || orphans.length) {
    log(
      `build: ${stale.length} file(s) compiled or copied, ${orphans.length} removed, in ${Math.round(performance.now() - started)} ms`,
    );
  }
  return [...stale.map(([, source]) => source), ...orphans].map((f) => relative(ROOT, f));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  build({ clean: args.has('--clean'), log: args.has('--quiet') ? () => {} : console.log }).catch((e) => {
    console.error(`build failed: ${e?.message ?? e}`);
    process.exit(1);
  });
}
