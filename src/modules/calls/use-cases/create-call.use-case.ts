import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode, type FieldError } from '../../../common/domain.exception.js';
import { statesTagged } from '../../../engine/state-tags.js';
import { type Actor, holdsAt, isAdministrator } from '../../../engine/actor.js';
import { TimersService } from '../../../engine/timers.service.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { setCallDateTimers } from '../call-date-timers.js';
import type { CreateCallDto } from '../calls.dto.js';
import { CallsRepository } from '../calls.repository.js';
import { callRuleProblems, figureProblems, isCoOwned } from '../call-rules.js';
import { callTexts } from '../call-texts.js';
import { WorkflowRegistry } from '../../../engine/workflow-registry.js';
import { programByCode } from '../../../../workflows/programs/index.js';

/**
 * A program officer or director of the lead agency creates a call of a program: every program rule
 * checked (callRuleProblems), its texts in English and Japanese read (callTexts), then in one transaction the call's workflow instance, its row, its
 * agencies with their envelopes and caps, and the timers that open and close it. The API
 * (POST /calls), the console's call form and the demo data all create calls through it.
 */
@Injectable()
export class CreateCall {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CallsRepository,
    private readonly engine: WorkflowEngine,
    private readonly timers: TimersService,
    private readonly registry: WorkflowRegistry,
  ) {}

  async execute(dto: CreateCallDto, actor: Actor): Promise<{ id: string }> {
    const lead = dto.agencies.filter((a) => a.role === 'lead');
    if (lead.length !== 1)
      throw DomainException.invalid([{ field: 'agencies', message: 'exactly one agency must be the lead' }]);
    const leadCode = lead[0].code;
    if (!isAdministrator(actor) && !holdsAt(actor, ['program_officer', 'program_director'], leadCode)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `only a program officer or director of ${leadCode} (the lead agency) may create this call`,
      );
    }
    const program = await this.repository.findProgram(dto.program);
    if (!program)
      throw new DomainException(ErrorCode.RuleViolated, `program ${dto.program} does not exist`, {
        reasons: [`unknown program ${dto.program}`],
        errors: [{ field: 'program', message: `unknown program ${dto.program}` }],
      });
    const authoritativeLanguage =
      dto.authoritativeLanguage ??
      program.rules.languages?.authoritative ??
      (dto.title === undefined && dto.titles?.ja && !dto.titles.en ? 'ja' : 'en');
    const texts = callTexts(dto, {
      titleEn: null,
      titleJa: null,
      descriptionEn: null,
      descriptionJa: null,
      authoritativeLanguage,
      requiredLanguages: [authoritativeLanguage],
    });
    const codes = dto.agencies.map((a) => a.code);
    const agencies = await this.repository.findAgencies(codes);
    const coOwned = isCoOwned(this.registry.get(program.call_workflow));
    const problems = [
      ...callRuleProblems(dto, program, agencies),
      ...figureProblems(dto, coOwned),
      ...(await this.unitProblems(dto, program.rules.raisedFrom)),
    ];
    if (dto.researchUnitId) await this.refuseSecondFellowCall(dto.researchUnitId);
    if (problems.length) {
      // `reasons` in words (as ever), `errors` naming the field each is about (the console shows it there).
      const reasons = [...new Set(problems.map((p) => p.message))];
      throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons, errors: problems });
    }

    const id = randomUUID();
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const created = await this.engine.create(q, {
        id,
        subjectType: 'call',
        workflow: program.call_workflow,
        access: { agencies: codes, lead: leadCode, owners: [] },
        actor,
      });
      await this.repository.insert(q, {
        id,
        programId: program.id,
        proposalWorkflow: program.proposal_workflow,
        ...texts,
        opensAt: dto.opensAt,
        submissionDeadline: dto.submissionDeadline,
        reviewDue: dto.reviewDue ?? null,
        panelDate: dto.panelDate ?? null,
        boardDate: dto.boardDate ?? null,
        createdBy: actor.userId,
        durationMinMonths: dto.durationMinMonths ?? program.duration_min_months,
        durationMaxMonths: dto.durationMaxMonths ?? program.duration_max_months,
        researchUnitId: dto.researchUnitId ?? null,
        disaster: dto.disaster
          ? { what: dto.disaster.what, occurredOn: dto.disaster.occurredOn, where: dto.disaster.where }
          : null,
        affectedCountry: dto.affectedCountry ?? null,
      });
      for (const a of dto.agencies) {
        const agency = agencies.find((x) => x.code === a.code)!;
        await this.repository.insertAgency(q, id, {
          agencyId: agency.id,
          role: a.role,
          // A co-owned call's figures come from each agency's approval of its part.
          budgetEnvelope: a.budgetEnvelope ?? 0,
          capPerProjectPerYear: a.capPerProjectPerYear ?? null,
          currency: a.currency ?? agency.currency,
        });
      }
      // A call that answers a disaster starts with its program's lighter review (J-RAPID: one reviewer
      // per agency), set up by its creator as the call's first step; the lead may set it up again.
      const lighter = programByCode(program.code)?.disaster?.review;
      if (lighter && dto.disaster)
        await this.engine.sendIn(q, {
          subjectType: 'call',
          instanceId: id,
          body: { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: lighter.minReviewersPerAgency },
          actor,
        });
      await setCallDateTimers(this.timers, q, id, created.state, {
        opensAt: new Date(dto.opensAt),
        submissionDeadline: new Date(dto.submissionDeadline),
      });
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      // Two requests in flight for one unit: the unique index lets one through.
      if (dto.researchUnitId && isUniqueViolation(e, 'calls_research_unit_id_once'))
        await this.refuseSecondFellowCall(dto.researchUnitId);
      throw e;
    } finally {
      await q.release();
    }
    // The caller reads the call after this: never wait for a second connection while holding one.
    return { id };
  }

  /**
   * IRCC (NINS seed): the fellow is "selected through an open call, raised together with the foreign
   * university or research institute" of an established unit. A program raised from a research unit
   * takes only a call naming an established unit, with the unit's lead and partner as its agencies.
   */
  /** A research unit's fellow call is raised once: a second is refused (409), naming the first. */
  private async refuseSecondFellowCall(unitId: string): Promise<void> {
    const first = await this.repository.fellowCallOf(unitId);
    if (first)
      throw new DomainException(
        ErrorCode.Conflict,
        `research unit ${first.unit} has its fellow call already (${first.title}, call ${first.id}): it is raised once`,
        { callId: first.id },
      );
  }

  private async unitProblems(dto: CreateCallDto, raisedFrom: string | undefined): Promise<FieldError[]> {
    if (!raisedFrom) {
      return dto.researchUnitId
        ? [{ field: 'researchUnitId', message: `program ${dto.program} calls are not raised from a research unit` }]
        : [];
    }
    if (!dto.researchUnitId)
      return [
        {
          field: 'researchUnitId',
          message: `a ${dto.program} call is the open call for the fellow of an established research unit: name the unit`,
        },
      ];
    const unit = await this.repository.findResearchUnit(dto.researchUnitId, statesTagged('unit-established', 'unit'));
    if (!unit) return [{ field: 'researchUnitId', message: `research unit ${dto.researchUnitId} does not exist` }];
    const problems: FieldError[] = [];
    if (!unit.established)
      problems.push({
        field: 'researchUnitId',
        message: `research unit ${unit.name} is not established: its fellow call is raised only after the board meeting has decided to establish it`,
      });
    const codes = dto.agencies.map((a) => a.code).sort();
    if (codes.join() !== [unit.lead, unit.partner].sort().join())
      problems.push({
        field: 'agencies',
        message: `the fellow call of research unit ${unit.name} is raised by ${unit.lead} and its partner ${unit.partner}`,
      });
    return problems;
  }
}

/** A PostgreSQL unique violation (23505) of this constraint or index. */
function isUniqueViolation(e: unknown, constraint: string): boolean {
  const driver = (e as { driverError?: { code?: string; constraint?: string } }).driverError ?? e;
  const { code, constraint: name } = driver as { code?: string; constraint?: string };
  return code === '23505' && name === constraint;
}
