import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKFLOWS, workflowKey } from '../../workflows/index.js';
import { toMermaid } from '../engine/workflow-diagram.js';
import { diagramProblems, markdownFile, renderSvgs, svgFile } from './diagrams.js';

/**
 * `npm run workflows:draw`: writes docs/workflows/<id>@<version>.md (Mermaid in Markdown) and .svg
 * (rendered in Chromium) for every workflow version. `-- --check` writes nothing and exits 1 when a
 * committed diagram is missing, stale (its recorded source hash differs) or extra.
 */
const dir = join(process.cwd(), 'docs', 'workflows');
if (process.argv.includes('--check')) {
  const problems = diagramProblems(dir, WORKFLOWS);
  for (const p of problems) console.error(`- ${p}`);
  console.log(
    problems.length
      ? `${problems.length} diagram problem(s): run npm run workflows:draw and commit docs/workflows`
      : `the diagrams of all ${WORKFLOWS.length} workflow version(s) are up to date`,
  );
  process.exitCode = problems.length ? 1 : 0;
} else {
  await mkdir(dir, { recursive: true });
  const svgs = await renderSvgs(WORKFLOWS.map((d) => toMermaid(d)));
  for (const [i, definition] of WORKFLOWS.entries()) {
    const base = join(dir, workflowKey(definition));
    await writeFile(`${base}.md`, markdownFile(definition));
    await writeFile(`${base}.svg`, svgFile(definition, svgs[i]));
    console.log(`wrote ${base}.md and .svg`);
  }
}
