#!/usr/bin/env node
// `npm run start:dev`: builds, runs the service (or the entry point given, e.g. dist/src/worker.js),
// and on every change under src/, workflows/ or bench/ rebuilds what changed and restarts it.
// Nothing is type-checked on the way: `npm run typecheck` (or your editor) does that.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { join } from 'node:path';
import { build, ROOT, SOURCE_DIRS } from './build.mjs';

const entry = process.argv[2] ?? 'dist/src/main.js';
let child;
let exited = Promise.resolve();

function start() {
  child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, entry)], {
    stdio: 'inherit',
    env: { NODE_ENV: 'development', ...process.env },
  });
  exited = new Promise((resolve) => child.once('exit', resolve));
}

async function stop() {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

let timer;
let running = Promise.resolve();
function changed() {
  clearTimeout(timer);
  // Editors write a file in several steps, and a checkout touches many: wait for the burst to end.
  timer = setTimeout(() => {
    running = running.then(async () => {
      try {
        const files = await build();
        if (files.length === 0) return;
        console.log(`dev: ${files.length === 1 ? files[0] : `${files.length} files`} changed, restarting`);
        await stop();
        start();
      } catch (e) {
        console.error(`dev: build failed, the service keeps running the previous build: ${e?.message ?? e}`);
      }
    });
  }, 150);
}

await build();
start();
for (const dir of SOURCE_DIRS) watch(join(ROOT, dir), { recursive: true }, changed);
console.log(`dev: watching ${SOURCE_DIRS.join(', ')}; Ctrl-C to stop`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stop();
    process.exit(0);
  });
}
