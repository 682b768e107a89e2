import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKFLOWS, workflowKey } from '../../workflows/index.js';
import { SAMPLES } from '../../workflows/samples/index.js';
import { leafStates } from '../engine/machine-runtime.js';
import { defaultSamples, exploreFixtures } from '../engine/snapshot-fixtures.js';

/**
 * `npm run workflows:fixtures`: writes test/fixtures/snapshots/<id>@<version>/<state>.json for every
 * registered workflow version, walking its machine with the samples of workflows/samples/. Commit
 * the output when a version is released; the files of a released version should not change after.
 */
const root = join(process.cwd(), 'test', 'fixtures', 'snapshots');
for (const definition of WORKFLOWS) {
  const key = workflowKey(definition);
  const samples = SAMPLES[key] ?? SAMPLES[definition.id];
  const { fixtures, explored } = exploreFixtures(definition, samples ?? defaultSamples(definition));
  const dir = join(root, key);
  await mkdir(dir, { recursive: true });
  for (const file of await readdir(dir)) if (file.endsWith('.json')) await rm(join(dir, file));
  for (const fixture of fixtures)
    await writeFile(join(dir, `${fixture.state}.json`), `${JSON.stringify(fixture, null, 2)}\n`);
  const missing = leafStates(definition).filter((s) => !fixtures.some((f) => f.state === s));
  console.log(
    `${key}: ${fixtures.length} state(s) from ${explored} snapshot(s) explored${samples ? '' : ' (no samples in workflows/samples/: empty payloads)'}` +
      (missing.length ? `; not reached: ${missing.join(', ')}` : ''),
  );
}
