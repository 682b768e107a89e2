import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkStateFilter } from '../../common/state-filter.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { actsFor, staffAgenciesOf } from '../../engine/access.js';
import { programByCode } from '../../../workflows/programs/index.js';
import { equivalenceWarnings } from './call-partnership.js';
import { isCoOwned } from './call-rules.js';
import type { AccessContext } from '../../../workflows/index.js';
import { type Actor, agenciesOf, isAdministrator } from '../../engine/actor.js';
import { stateTagIndex, statesTagged } from '../../engine/state-tags.js';
import { TimersService } from '../../engine/timers.service.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { callDatesRefusal, dateOrderRefusals } from '../../../workflows/index.js';
import { type CallRow, CallsRepository } from './calls.repository.js';
import { callTexts, descriptionsOf, hasTexts, missingCallTexts, textsOf, titlesOf } from './call-texts.js';
import type { CreateCallDto, ListCallsQuery, UpdateCallDatesDto } from './calls.dto.js';
import { setCallDateTimers } from './call-date-timers.js';
import { CreateCall } from './use-cases/create-call.use-case.js';

export { isCoOwned };

function presentAgencies(row: CallRow) {
  return (row.agencies ?? []).map((a) => ({
    code: a.code,
    role: a.role,
    currency: a.currency,
    budgetEnvelope: Number(a.budgetEnvelope),
    capPerProjectPerYear: a.capPerProjectPerYear === null ? null : Number(a.capPerProjectPerYear),
    approvedAt: a.approvedAt === null || a.approvedAt === undefined ? null : new Date(a.approvedAt).toISOString(),
    envelopes: (a.envelopes ?? []).map((e) => ({ fiscalYear: Number(e.fiscalYear), amount: Number(e.amount) })),
    jpyPerUnit: a.jpyPerUnit === null || a.jpyPerUnit === undefined ? null : Number(a.jpyPerUnit),
    appointees: a.appointees ?? [],
  }));
}

/** The partnership of a co-owned call: who has still to approve, and the equivalence warnings. */
function presentPartnership(row: CallRow, coOwned: boolean) {
  if (!coOwned) return null;
  const agencies = presentAgencies(row);
  const tolerance = programByCode(row.program)?.equivalenceTolerance ?? null;
  return {
    pending: agencies.filter((a) => a.approvedAt === null).map((a) => a.code),
    equivalence: { tolerance, warnings: equivalenceWarnings(agencies, tolerance) },
  };
}

function presentCall(row: CallRow, coOwned = false) {
  return {
    id: row.id,
    /** The authoritative version (as before the texts had two languages). */
    title: row.title,
    description: row.description,
    titles: titlesOf(row),
    descriptions: descriptionsOf(row),
    authoritativeLanguage: row.authoritative_language,
    requiredLanguages: row.required_languages,
    /** What keeps the call from being announced or opened (call workflows from version 2), in words. */
    missingTranslations: missingCallTexts(row),
    program: row.program,
    /** The proposal workflow version pinned when the call was created: every proposal of the call runs on it. */
    proposalWorkflow: row.proposal_workflow,
    state: row.state,
    version: row.version,
    dates: {
      opensAt: row.opens_at.toISOString(),
      submissionDeadline: row.submission_deadline.toISOString(),
      reviewDue: row.review_due?.toISOString() ?? null,
      panelDate: row.panel_date?.toISOString() ?? null,
      boardDate: row.board_date?.toISOString() ?? null,
    },
    durationMonths: { min: row.duration_min_months, max: row.duration_max_months },
    /** The IRCC research unit this call is the open fellow call of (null: none). */
    researchUnitId: row.research_unit_id ?? null,
    /** J-RAPID: the disaster the call answers (what, when, where) and the country it struck; null otherwise. */
    disaster: row.disaster ?? null,
    affectedCountry: row.affected_country ?? null,
    agencies: presentAgencies(row),
    /** Co-owned calls (null otherwise): agencies that have not approved their part, equivalence warnings. */
    partnership: presentPartnership(row, coOwned),
  };
}

/** Why the actor may not change the call's dates and texts; null when they may. */
function changeRefusal(actor: Actor, access: AccessContext): string | null {
  const leadCode = access.lead;
  // Once the lead has appointed its PO/PD for the call, only they re-date it.
  if (isAdministrator(actor) || actsFor(actor, ['program_officer', 'program_director'], leadCode, access)) return null;
  return `only a program officer or director of ${leadCode} (the lead agency)${access.appointed?.[leadCode] ? ' appointed for this call' : ''} may change this call's dates and texts`;
}

@Injectable()
export class CallsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CallsRepository,
    private readonly engine: WorkflowEngine,
    private readonly timers: TimersService,
    private readonly registry: WorkflowRegistry,
    private readonly createCall: CreateCall,
  ) {}

  /**
   * Creates the call (CreateCall) and answers it as the actor sees it: for callers outside the
   * controllers (the demo data of seed-demo).
   */
  async create(dto: CreateCallDto, actor: Actor) {
    const { id } = await this.createCall.execute(dto, actor);
    return this.get(id, actor);
  }

  /** The agencies a call may draw on (the console's call form offers them). */
  agencyChoices() {
    return this.repository.allAgencies();
  }

  /**
   * Whether the actor may change the call's dates and texts (PATCH /calls/:id): the lead agency's
   * program officer or director (once it has appointed its PO/PD for the call, only they), or an
   * administrator. 404 for a call the actor does not see.
   */
  async mayChange(id: string, actor: Actor): Promise<boolean> {
    const instance = await this.engine.readState('call', id, actor);
    return changeRefusal(actor, instance.context.access as AccessContext) === null;
  }

  /**
   * Moves the call's dates (lead agency's PO or PD). The call opens itself at `opensAt` and closes at
   * `submissionDeadline` (durable timers, moved with the dates); a timer whose event no longer
   * applies when it falls due (the call was opened, closed or cancelled by hand) is dropped.
   */
  async updateDates(id: string, dto: UpdateCallDatesDto, actor: Actor) {
    const instance = await this.engine.read('call', id, actor);
    const refusal = changeRefusal(actor, instance.context.access as AccessContext);
    if (refusal) throw new DomainException(ErrorCode.Forbidden, refusal);
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const row = await this.repository.lockDates(q, id);
      const ended = callDatesRefusal(this.registry.get(instance.workflow), row.state);
      if (ended) throw new DomainException(ErrorCode.RuleViolated, ended.message, { reasons: ended.reasons });
      const pick = (given: string | null | undefined, current: Date | null) =>
        given === undefined ? current : given === null ? null : new Date(given);
      const next = {
        opensAt: pick(dto.opensAt, row.opens_at)!,
        submissionDeadline: pick(dto.submissionDeadline, row.submission_deadline)!,
        reviewDue: pick(dto.reviewDue, row.review_due),
        panelDate: pick(dto.panelDate, row.panel_date),
        boardDate: pick(dto.boardDate, row.board_date),
      };
      const disorder = dateOrderRefusals([
        next.opensAt,
        next.submissionDeadline,
        next.reviewDue,
        next.panelDate,
        next.boardDate,
      ]);
      if (disorder.length)
        throw new DomainException(ErrorCode.RuleViolated, disorder.join('; '), { reasons: disorder });
      await this.repository.updateDates(q, id, next);
      if (hasTexts(dto)) await this.repository.updateTexts(q, id, callTexts(dto, textsOf(row)));
      const moved = {
        opensAt: next.opensAt.getTime() !== row.opens_at.getTime() ? next.opensAt : undefined,
        submissionDeadline:
          next.submissionDeadline.getTime() !== row.submission_deadline.getTime() ? next.submissionDeadline : undefined,
      };
      await setCallDateTimers(this.timers, q, id, row.state, moved);
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    return this.get(id, actor);
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('call', id, actor);
    return this.represent(await this.findRow(id), instance);
  }

  represent(row: CallRow, instance: InstanceView) {
    const fields = workflowFields(instance);
    const coOwned = isCoOwned(this.registry.get(instance.workflow));
    if (instance.internals) return { ...presentCall(row, coOwned), ...fields };
    // Applicants and reviewers see the review set-up and a cancellation, not the agencies' deliberations
    // nor the agencies' own figures beyond their caps.
    const { cancellation, review } = fields.progress as Record<string, unknown>;
    return { ...presentCall(row, coOwned), ...fields, progress: { cancellation, review } };
  }

  async list(query: ListCallsQuery, actor: Actor): Promise<Page<ReturnType<typeof presentCall>>> {
    checkStateFilter('call', query.state, stateTagIndex().stateNames('call'));
    const { rows, total } = await this.repository.list({
      // As canSee: a call of your agencies; in draft only for their staff.
      visibleTo: isAdministrator(actor)
        ? undefined
        : {
            staffAgencies: staffAgenciesOf(actor),
            memberAgencies: [...agenciesOf(actor)],
            privateStates: statesTagged('private-draft', 'call'),
          },
      state: query.state,
      program: query.program,
      agency: query.agency,
      limit: query.limit,
      offset: query.offset,
    });
    return {
      items: rows.map((row) => presentCall(row, isCoOwned(this.registry.get(row.call_workflow)))),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  async findRow(id: string): Promise<CallRow> {
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`call ${id}`);
    return row;
  }
}
