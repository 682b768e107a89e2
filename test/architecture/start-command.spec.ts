import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The API is started with node options that bound its memory (README, "Memory"): the Dockerfile's
 * CMD, `npm start` and `npm run start:prod` must pass the same ones, and `npm run bench:transitions`
 * reads them from `start:prod`, so that the benchmark measures the process as it is deployed.
 */
const ROOT = process.cwd();
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The words between `node` and `dist/src/main.js` of a command. */
const nodeOptions = (command: string): string[] => {
  const words = command.split(/\s+/).filter(Boolean);
  const main = words.lastIndexOf('dist/src/main.js');
  return words.slice(words.lastIndexOf('node', main) + 1, main);
};

describe('how the API process is started', () => {
  const dockerCmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('CMD '))
    .at(-1);
  const docker = (JSON.parse(dockerCmd!.slice(4)) as string[]).join(' ');

  it('bounds the V8 heap, the same way in the image, npm start and npm run start:prod', () => {
    const production = nodeOptions(pkg.scripts['start:prod']);
    expect(production).toContainEqual(expect.stringMatching(/^--max-old-space-size=\d+$/));
    expect(nodeOptions(docker)).toEqual(production);
    expect(nodeOptions(pkg.scripts.start)).toEqual(production);
  });
});
