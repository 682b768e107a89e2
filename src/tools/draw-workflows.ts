import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WORKFLOWS, workflowKey } from '../../workflows/index.js';
import { diagramDocument } from '../engine/workflow-diagram.js';

/** Writes docs/workflows/<id>@<version>.md, a Mermaid diagram of every workflow version. */
const dir = join(process.cwd(), 'docs', 'workflows');
await mkdir(dir, { recursive: true });
for (const definition of WORKFLOWS) {
  const file = join(dir, `${workflowKey(definition)}.md`);
  await writeFile(file, diagramDocument(definition));
  console.log(`wrote ${file}`);
}
