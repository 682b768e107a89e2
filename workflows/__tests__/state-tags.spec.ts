import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { WORKFLOWS } from '../index.js';
import { concertJapanCallV1 } from '../concert-japan-call.machine.js';
import { sicorpJointProposalV2 } from '../sicorp-joint-proposal-v2.machine.js';

/** Every state node of a machine with its path (`parent.child`) and the tags it carries, its ancestors' included. */
function nodes(machine: AnyStateMachine): { path: string; node: AnyStateNode; tags: string[] }[] {
  const out: { path: string; node: AnyStateNode; tags: string[] }[] = [];
  const walk = (node: AnyStateNode, path: string[], inherited: string[]) => {
    const tags = [...inherited, ...node.tags];
    if (path.length) out.push({ path: path.join('.'), node, tags });
    for (const [key, child] of Object.entries(node.states)) walk(child, [...path, key], tags);
  };
  walk(machine.root, [], []);
  return out;
}

/** The states a node's transitions (its events' and its eventless ones) lead to, by key. */
const targetsOf = (node: AnyStateNode): string[] =>
  [...node.transitions.values(), node.always ?? []]
    .flat()
    .flatMap((t) => t.target ?? [])
    .map((t) => t.key);

const events = (node: AnyStateNode): string[] => [...node.transitions.keys()];

describe('state tags hold on every state they describe', () => {
  it("tag a proposal state leading to the joint panel as before the panel's result (SICORP v2's rebuttal too)", () => {
    const untagged: string[] = [];
    for (const d of WORKFLOWS.filter((w) => w.subject === 'proposal')) {
      for (const { path, node, tags } of nodes(d.machine as AnyStateMachine)) {
        if (targetsOf(node).includes('joint_panel') && !tags.includes('before-panel-result'))
          untagged.push(`${d.id}@${d.version} ${path}`);
      }
    }
    expect(untagged).toEqual([]);
    const rebuttal = nodes(sicorpJointProposalV2.machine as AnyStateMachine).find((n) => n.path === 'rebuttal')!;
    expect(rebuttal.tags).toEqual(expect.arrayContaining(['before-panel-result', 'undecided']));
  });

  it("tag a call state where the board decides on the list as the board deliberating (CONCERT-Japan's forum of funders too)", () => {
    const untagged: string[] = [];
    let deciding = 0;
    for (const d of WORKFLOWS.filter((w) => w.subject === 'call')) {
      for (const { path, node, tags } of nodes(d.machine as AnyStateMachine)) {
        if (!events(node).includes('BOARD_APPROVE_SELECTION')) continue;
        deciding += 1;
        if (!tags.includes('board-deliberating')) untagged.push(`${d.id}@${d.version} ${path}`);
      }
    }
    expect(untagged).toEqual([]);
    expect(deciding).toBeGreaterThanOrEqual(3);
    const forum = nodes(concertJapanCallV1.machine as AnyStateMachine).find((n) => n.path === 'forum_of_funders')!;
    expect(forum.tags).toContain('board-deliberating');
  });
});
