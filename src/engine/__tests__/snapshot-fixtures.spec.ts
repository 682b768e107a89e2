import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOWS, workflowKey } from '../../../workflows/index.js';
import { advance, restore, stateString } from '../machine-runtime.js';
import type { SnapshotFixture } from '../snapshot-fixtures.js';
import { WorkflowRegistry } from '../workflow-registry.js';

/**
 * The committed snapshot corpus (test/fixtures/snapshots, written by `npm run workflows:fixtures`):
 * instances persisted by each released version, in each state, must restore with the registered
 * machine of that version and go on with an allowed event. A change to a released version that
 * would strand running instances fails here.
 */
const ROOT = join(process.cwd(), 'test', 'fixtures', 'snapshots');
const registry = new WorkflowRegistry();
const versions = readdirSync(ROOT).sort();
const fixtures: [string, string, SnapshotFixture][] = versions.flatMap((key) =>
  readdirSync(join(ROOT, key))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map(
      (file) =>
        [key, file, JSON.parse(readFileSync(join(ROOT, key, file), 'utf8')) as SnapshotFixture] as [
          string,
          string,
          SnapshotFixture,
        ],
    ),
);

describe('snapshot fixtures', () => {
  it('exist for every registered workflow version (run npm run workflows:fixtures when releasing one)', () => {
    const missing = WORKFLOWS.map(workflowKey).filter(
      (key) => !existsSync(join(ROOT, key)) || readdirSync(join(ROOT, key)).length === 0,
    );

    expect(missing).toEqual([]);
  });

  it('belong only to registered versions: a released version is never removed', () => {
    expect(versions.filter((key) => !registry.has(key))).toEqual([]);
  });

  it('cover several states of every version', () => {
    for (const key of versions) expect(`${key}: ${fixtures.filter(([k]) => k === key).length}`).not.toMatch(/: [01]$/);
  });

  it('would catch a version that lost a state its instances are in', () => {
    // An instance of v2 waiting for the applicants' rebuttal cannot run on a machine without that state.
    const [, , rebuttal] = fixtures.find(([key, , f]) => key === 'sicorp-joint-proposal@2' && f.state === 'rebuttal')!;

    expect(() => restore(registry.get('sicorp-joint-proposal@1'), rebuttal.snapshot, 'fixture')).toThrow(
      /cannot be restored/,
    );
  });

  it.each(fixtures.map(([key, file, fixture]) => [`${key}/${file}`, key, fixture] as const))(
    '%s restores and continues',
    (_name, key, fixture) => {
      const definition = registry.get(key);
      expect(fixture.workflow).toBe(key);

      const snapshot = restore(definition, fixture.snapshot, `fixture ${key}/${fixture.state}`);

      expect(stateString(snapshot.value)).toBe(fixture.state);
      if (fixture.next === null) {
        expect(snapshot.status).toBe('done');
        return;
      }
      expect(snapshot.can(fixture.next.event as never)).toBe(true);
      const { snapshot: next } = advance(definition, snapshot, fixture.next.event);
      expect(stateString(next.value)).toBe(fixture.next.state);
      expect(next.status).not.toBe('error');
    },
  );
});
