import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import type { Program } from './program.entity.js';
import { ProgramsRepository } from './programs.repository.js';

export interface ProgramWorkflows {
  callWorkflow?: string;
  proposalWorkflow?: string;
}

const SUBJECTS = { callWorkflow: 'call', proposalWorkflow: 'proposal' } as const;

/** Why workflow keys cannot be a program's: not registered, or a workflow of another subject. */
export function workflowKeyProblems(registry: WorkflowRegistry, keys: ProgramWorkflows): string[] {
  const problems: string[] = [];
  for (const field of Object.keys(SUBJECTS) as (keyof ProgramWorkflows)[]) {
    const key = keys[field];
    if (key === undefined) continue;
    if (!registry.has(key)) problems.push(`${field}: no workflow ${key} is registered`);
    else if (registry.get(key).subject !== SUBJECTS[field])
      problems.push(`${field}: ${key} is not a ${SUBJECTS[field]} workflow`);
  }
  return problems;
}

/**
 * Publishing a workflow version: a program is pointed at another registered version for the calls
 * created from now on. Running calls keep the versions they pinned, and their instances finish on
 * the version they started with.
 */
@Injectable()
export class ProgramsService {
  constructor(
    private readonly repository: ProgramsRepository,
    private readonly registry: WorkflowRegistry,
  ) {}

  async publish(
    code: string,
    keys: ProgramWorkflows,
  ): Promise<{ program: Program; previous: Required<ProgramWorkflows> }> {
    if (keys.callWorkflow === undefined && keys.proposalWorkflow === undefined) {
      throw DomainException.invalid([{ field: '(body)', message: 'name callWorkflow, proposalWorkflow or both' }]);
    }
    const problems = workflowKeyProblems(this.registry, keys);
    if (problems.length) throw new DomainException(ErrorCode.RuleViolated, problems.join('; '), { reasons: problems });
    return this.repository.withLocked(code, async (program, save) => {
      if (!program) throw DomainException.notFound(`program ${code}`);
      const previous = { callWorkflow: program.callWorkflow, proposalWorkflow: program.proposalWorkflow };
      program.callWorkflow = keys.callWorkflow ?? program.callWorkflow;
      program.proposalWorkflow = keys.proposalWorkflow ?? program.proposalWorkflow;
      return { program: await save(program), previous };
    });
  }
}
