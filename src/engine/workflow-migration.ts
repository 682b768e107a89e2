import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { workflowKey, type WorkflowDefinition } from '../../workflows/index.js';
import { DomainException, ErrorCode } from '../common/domain.exception.js';
import { leafStates } from './machine-runtime.js';
import { WorkflowEngine } from './workflow-engine.service.js';
import { WorkflowStore } from './store/workflow.store.js';
import { WorkflowRegistry } from './workflow-registry.js';

export interface MigrationRequest {
  /** `id@version` the instances run on now, and the version of the same workflow they move to. */
  from: string;
  to: string;
  /** Old state -> state in the target version; a state not named keeps its name. */
  map: Record<string, string>;
  /** Only these instances (else every instance on `from`). */
  instances?: string[];
  dryRun: boolean;
  /** Who moves them (null: the command line, the system). */
  actorUserId?: string | null;
}

export interface MigrationMove {
  id: string;
  subjectType: string;
  from: string;
  to: string;
}

export interface MigrationReport {
  from: string;
  to: string;
  dryRun: boolean;
  moves: MigrationMove[];
  /** Planned moves that did not happen (the instance changed between the plan and its move); the others did. */
  failed: (MigrationMove & { reason: string })[];
}

/** `old=new,old2=new2` as a mapping; a malformed pair is an error. */
export function parseStateMap(text: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = pair.match(/^([\w.-]+)=([\w.-]+)$/);
    if (!match) throw DomainException.invalid([{ field: 'map', message: `"${pair}" is not old=new` }]);
    if (Object.hasOwn(map, match[1]))
      throw DomainException.invalid([{ field: 'map', message: `${match[1]} is mapped twice` }]);
    map[match[1]] = match[2];
  }
  return map;
}

/**
 * Moves running instances from one version of a workflow to another: every instance is planned first
 * (its state, mapped or kept, must be a state of the target version), and nothing moves when any plan
 * fails. Then each instance moves in its own transaction through the engine, with a `MIGRATED` entry
 * in its hash-chained history.
 */
@Injectable()
export class WorkflowMigrator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: WorkflowRegistry,
    private readonly engine: WorkflowEngine,
  ) {}

  async migrate(request: MigrationRequest): Promise<MigrationReport> {
    const { from, to } = this.definitions(request.from, request.to);
    const plan = await this.plan(from, to, request);
    if (request.dryRun) return { from: workflowKey(from), to: workflowKey(to), dryRun: true, moves: plan, failed: [] };
    const moves: MigrationMove[] = [];
    const failed: MigrationReport['failed'] = [];
    for (const move of plan) {
      try {
        await this.engine.transaction((q) =>
          this.engine.moveToVersion(q, move.id, from, to, move, request.actorUserId ?? null),
        );
        moves.push(move);
      } catch (e) {
        if (!(e instanceof DomainException)) throw e;
        failed.push({ ...move, reason: e.message });
      }
    }
    return { from: workflowKey(from), to: workflowKey(to), dryRun: false, moves, failed };
  }

  private definitions(fromKey: string, toKey: string): { from: WorkflowDefinition; to: WorkflowDefinition } {
    const problems = [fromKey, toKey]
      .filter((key) => !this.registry.has(key))
      .map((key) => `no workflow ${key} is registered`);
    if (problems.length) throw refused(problems);
    const from = this.registry.get(fromKey);
    const to = this.registry.get(toKey);
    if (from.id !== to.id)
      problems.push(`${fromKey} and ${toKey} are different workflows: only versions of one workflow migrate`);
    if (from.version === to.version) problems.push(`${fromKey} is already the target version`);
    if (problems.length) throw refused(problems);
    return { from, to };
  }

  private async plan(
    from: WorkflowDefinition,
    to: WorkflowDefinition,
    request: MigrationRequest,
  ): Promise<MigrationMove[]> {
    const source = new Set(leafStates(from));
    const target = new Set(leafStates(to));
    const problems: string[] = [];
    for (const [old, mapped] of Object.entries(request.map)) {
      if (!source.has(old)) problems.push(`${old} is not a state of ${workflowKey(from)}`);
      if (!target.has(mapped)) problems.push(`${old}=${mapped}: ${mapped} is not a state of ${workflowKey(to)}`);
    }
    const instances = await new WorkflowStore(this.dataSource).instancesOn(
      from.id,
      from.version,
      request.instances?.length ? request.instances : null,
    );
    const found = new Set(instances.map((i) => i.id));
    for (const id of request.instances ?? [])
      if (!found.has(id)) problems.push(`instance ${id} does not run on ${workflowKey(from)}`);
    const moves = instances.map((i) => ({
      id: i.id,
      subjectType: i.subject_type,
      from: i.state,
      to: request.map[i.state] ?? i.state,
    }));
    for (const move of moves) {
      if (!target.has(move.to)) {
        const how = Object.hasOwn(request.map, move.from) ? `mapped to ${move.to}` : 'not mapped';
        problems.push(
          `instance ${move.id} is in ${move.from}, ${how}: ${move.to} is not a state of ${workflowKey(to)}`,
        );
      }
    }
    if (problems.length) throw refused(problems);
    return moves;
  }
}

const refused = (reasons: string[]) =>
  new DomainException(ErrorCode.RuleViolated, `migration refused: ${reasons.join('; ')}`, { reasons });
