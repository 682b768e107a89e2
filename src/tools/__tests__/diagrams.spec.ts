import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKFLOWS } from '../../../workflows/index.js';
import { sicorpJointProposalV2 } from '../../../workflows/sicorp-joint-proposal-v2.machine.js';
import { sicorpJointProposalV1 } from '../../../workflows/sicorp-joint-proposal.machine.js';
import { toMermaid } from '../../engine/workflow-diagram.js';
import { diagramProblems, mermaidHash } from '../diagrams.js';

const COMMITTED = join(process.cwd(), 'docs', 'workflows');

describe('workflow diagrams check (npm run workflows:draw -- --check)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-diagrams-'));
    cpSync(COMMITTED, dir, { recursive: true });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the committed diagrams up to date, each recording the hash of its Mermaid source', () => {
    expect(diagramProblems(COMMITTED, WORKFLOWS)).toEqual([]);
    const svg = readFileSync(join(COMMITTED, 'sicorp-joint-proposal@2.svg'), 'utf8');
    expect(svg).toContain(`mermaid-sha256: ${mermaidHash(sicorpJointProposalV2)}`);
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it("draws the committed files from the same Mermaid source the console's proposal page highlights", () => {
    const page = toMermaid(sicorpJointProposalV2, 'rebuttal');

    expect(page.startsWith(toMermaid(sicorpJointProposalV2))).toBe(true);
    expect(page).toContain('class rebuttal current');
    expect(readFileSync(join(COMMITTED, 'sicorp-joint-proposal@2.md'), 'utf8')).toContain(
      toMermaid(sicorpJointProposalV2),
    );
  });

  it('reports a diagram drawn from another version of the machine as stale', () => {
    // As if sicorp-joint-proposal@1's machine had changed after its diagrams were drawn.
    const changed = { ...sicorpJointProposalV1, machine: sicorpJointProposalV2.machine };

    const problems = diagramProblems(dir, [changed]).filter((p) => p.startsWith('sicorp-joint-proposal@1.'));

    const was = mermaidHash(sicorpJointProposalV1).slice(0, 12);
    const is = mermaidHash(changed).slice(0, 12);
    expect(problems).toEqual([
      `sicorp-joint-proposal@1.md is stale: drawn from source ${was}, the machine's is ${is}`,
      `sicorp-joint-proposal@1.svg is stale: drawn from source ${was}, the machine's is ${is}`,
    ]);
  });

  it('reports a stale copy whose recorded hash differs', () => {
    const file = join(dir, 'sicorp-joint-call@1.svg');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(/mermaid-sha256: [0-9a-f]{64}/, `mermaid-sha256: ${'0'.repeat(64)}`),
    );

    expect(diagramProblems(dir, WORKFLOWS)).toEqual([
      `sicorp-joint-call@1.svg is stale: drawn from source 000000000000, the machine's is ${mermaidHash(WORKFLOWS[0]).slice(0, 12)}`,
    ]);
  });

  it('reports a Markdown page whose events table was edited by hand', () => {
    const file = join(dir, 'review-assignment@1.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| event |', '| the event |'));

    expect(diagramProblems(dir, WORKFLOWS)).toEqual([
      'review-assignment@1.md is stale: its events table differs from the definition',
    ]);
  });

  it('reports missing and extra files', () => {
    rmSync(join(dir, 'sicorp-joint-proposal@2.svg'));
    writeFileSync(join(dir, 'sicorp-joint-proposal@7.md'), '# gone\n');

    expect(diagramProblems(dir, WORKFLOWS)).toEqual([
      'sicorp-joint-proposal@2.svg is missing',
      'sicorp-joint-proposal@7.md belongs to no registered workflow version',
    ]);
  });
});
