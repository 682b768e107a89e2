import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { draftingRefusal } from '../../../workflows/index.js';
import { checkStateFilter } from '../../common/state-filter.js';
import { DomainException } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { CursorKey } from './cursor-key.js';
import { decodeCursor, encodeCursor } from './proposal-cursor.js';
import { seesInternals } from '../../engine/access.js';
import { stateTagIndex } from '../../engine/state-tags.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import {
  type CreateProposalDto,
  type ListProposalsQuery,
  MAX_PROPOSAL_OFFSET,
  PROPOSAL_OFFSET_TOO_DEEP,
} from './proposals.dto.js';
import { type EditingStage, editingStage, mayEditProposal } from './proposal-editing.js';
import { COUNT_CAP, type ProposalRow, ProposalsRepository } from './proposals.repository.js';
import { callForDrafts } from './drafts.js';
import { CreateProposal } from './use-cases/create-proposal.use-case.js';

/**
 * A page of proposals: `next` and `prev` are cursors to the pages after and before it (null at
 * either end); `total` is exact when `totalExact`, else the list holds more than `total` rows.
 */
export interface ProposalPage<T> extends Page<T> {
  totalExact: boolean;
  next: string | null;
  prev: string | null;
}

function presentProposal(row: ProposalRow) {
  return {
    id: row.id,
    callId: row.call_id,
    title: row.title,
    abstract: row.abstract,
    durationMonths: row.duration_months,
    keywords: row.keywords,
    applicantUserId: row.applicant_user_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    state: row.state,
    version: row.version,
    parties: row.parties,
  };
}

@Injectable()
export class ProposalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
    private readonly registry: WorkflowRegistry,
    private readonly createProposal: CreateProposal,
    private readonly cursorKey: CursorKey,
  ) {}

  /**
   * The call as the console's proposal form shows it (agencies lead first, their currencies), with
   * the reason it takes no new drafts now, if so; the same checks as `create`.
   */
  async draftingCall(callId: string, actor: Actor) {
    const call = await callForDrafts(this.repository, callId, actor);
    return { ...(await this.repository.callOf(callId)), refusal: draftingRefusal(call.state) };
  }

  /**
   * Drafts a proposal (CreateProposal) and answers it as the actor sees it: for callers outside the
   * controllers (the demo data, the test factories).
   */
  async create(dto: CreateProposalDto, actor: Actor) {
    const { id } = await this.createProposal.execute(dto, actor);
    return this.get(id, actor);
  }

  /**
   * Whether the actor may edit the proposal now (its text, parties and documents): one of its
   * applicants, while it is drafted or while more information is requested (`editingStage`).
   */
  editable(
    proposal: { state: string; workflow: string; applicantUserId: string },
    actor: Actor,
    coEditor = false,
  ): boolean {
    return this.editingStage(proposal, actor, coEditor) !== null;
  }

  /** Whether the actor is an accepted principal investigator of one of the proposal's parties. */
  async coEdits(id: string, actor: Actor): Promise<boolean> {
    return actor.userId !== null && (await this.repository.memberRole(this.dataSource, id, actor.userId)) === 'pi';
  }

  /** `draft` or `amendment` when the actor may edit the proposal now, else null. */
  editingStage(
    proposal: { state: string; workflow: string; applicantUserId: string },
    actor: Actor,
    coEditor = false,
  ): EditingStage | null {
    if (!coEditor && !mayEditProposal(actor, { owners: [proposal.applicantUserId] })) return null;
    return editingStage(this.registry.get(proposal.workflow), proposal.state);
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('proposal', id, actor);
    return this.represent(await this.findRow(id), instance);
  }

  represent(row: ProposalRow, instance: InstanceView) {
    const fields = workflowFields(instance);
    if (instance.internals) return { ...presentProposal(row), ...fields };
    // Applicants and reviewers: their own requests and the announced result (or the decision on
    // their request, told at once), not the agencies' internals.
    const { informationRequest, result, redress, request } = fields.progress as Record<string, unknown>;
    return { ...presentProposal(row), ...fields, progress: { informationRequest, result, redress, request } };
  }

  async findRow(id: string): Promise<ProposalRow> {
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`proposal ${id}`);
    return row;
  }

  /**
   * A page of the proposals the actor sees: after `offset` rows, or from a cursor (`next`/`prev` of
   * another page of the same sort). `total` is exact up to COUNT_CAP; past it `totalExact` is false.
   */
  async list(query: ListProposalsQuery, actor: Actor): Promise<ProposalPage<ReturnType<typeof presentProposal>>> {
    const key = await this.cursorKey.get();
    // A cursor is good only for the reader it was made for (and only with this service's key).
    const scope = actor.userId ?? 'system';
    const cursor = query.cursor ? decodeCursor(query.cursor, key, scope) : undefined;
    const sort = query.sort ?? cursor?.sort ?? '-created';
    // A state no proposal can be in (a typo, another case) is a mistake to say, not an empty list.
    checkStateFilter('proposal', query.state, [
      ...stateTagIndex().stateNames('proposal'),
      ...this.maskedStates().values(),
    ]);
    if (query.offset > MAX_PROPOSAL_OFFSET)
      throw DomainException.invalid([{ field: 'offset', message: PROPOSAL_OFFSET_TOO_DEEP }]);
    if (cursor && (cursor.sort !== sort || query.offset))
      throw DomainException.invalid([
        { field: 'cursor', message: 'cursor goes with the sort it was made for, and without offset' },
      ]);
    const { rows, total, more } = await this.repository.list({
      actor,
      callId: query.callId,
      state: query.state,
      agency: query.agency,
      q: query.q,
      sort,
      limit: query.limit,
      offset: query.offset,
      cursor,
      maskedStates: this.maskedStates(),
    });
    // The state as this caller may know it (applicants and reviewers see internal states masked).
    const items = rows.map(({ access, workflow, sort_key: _key, ...row }) => {
      const masked = seesInternals(actor, 'proposal', access)
        ? row.state
        : (this.registry.get(workflow).maskedStates?.[row.state] ?? row.state);
      return presentProposal({ ...row, state: masked });
    });
    const at = (row: (typeof rows)[number] | undefined, direction: 'next' | 'prev') =>
      row ? encodeCursor({ sort, key: row.sort_key, id: row.id, direction }, key, scope) : null;
    // Reading backwards, `more` says whether there are rows before the page; after it there always are.
    const backwards = cursor?.direction === 'prev';
    const next = backwards || more ? at(rows.at(-1), 'next') : null;
    const prev = (backwards ? more : cursor !== undefined || query.offset > 0) ? at(rows[0], 'prev') : null;
    return {
      items,
      total: Math.min(total, COUNT_CAP),
      totalExact: total <= COUNT_CAP,
      limit: query.limit,
      offset: cursor ? 0 : query.offset,
      next,
      prev,
    };
  }

  /** Internal states of proposal workflows as those who do not see the agencies' internals see them. */
  private maskedStates(): Map<string, string> {
    const masked = new Map<string, string>();
    for (const d of this.registry.all())
      if (d.subject === 'proposal') for (const [from, to] of Object.entries(d.maskedStates ?? {})) masked.set(from, to);
    return masked;
  }

  /** The national criteria the agency published with the proposal's call (CONCERT-Japan). */
}
