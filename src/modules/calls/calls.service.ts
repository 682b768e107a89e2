import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { DomainException, ErrorCode, type FieldError } from '../../common/domain.exception.js';
import type { Page } from '../../common/pagination.js';
import { staffAgenciesOf } from '../../engine/access.js';
import { type Actor, agenciesOf, holdsAt, isAdministrator } from '../../engine/actor.js';
import { isStateTagged, statesTagged } from '../../engine/state-tags.js';
import { TimersService } from '../../engine/timers.service.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { callDatesRefusal, dateOrderRefusals } from '../../../workflows/index.js';
import { agencyRules, agencyViolations } from '../../../workflows/programs/index.js';
import type { ProgramRules } from '../programs/program.entity.js';
import { type CallRow, type CallTexts, CallsRepository } from './calls.repository.js';
import type { CallTextsDto, CreateCallDto, ListCallsQuery, UpdateCallDatesDto } from './calls.dto.js';
import { descriptionsOf, missingCallTexts, titlesOf, type CallTextsRow } from './call-texts.js';

function presentCall(row: CallRow) {
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
    agencies: (row.agencies ?? []).map((a) => ({
      ...a,
      budgetEnvelope: Number(a.budgetEnvelope),
      capPerProjectPerYear: Number(a.capPerProjectPerYear),
    })),
  };
}

@Injectable()
export class CallsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CallsRepository,
    private readonly engine: WorkflowEngine,
    private readonly timers: TimersService,
    private readonly registry: WorkflowRegistry,
  ) {}

  async create(dto: CreateCallDto, actor: Actor) {
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
    const problems = callRuleProblems(dto, program, agencies);
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
      });
      for (const a of dto.agencies) {
        const agency = agencies.find((x) => x.code === a.code)!;
        await this.repository.insertAgency(q, id, {
          agencyId: agency.id,
          role: a.role,
          budgetEnvelope: a.budgetEnvelope,
          capPerProjectPerYear: a.capPerProjectPerYear,
          currency: a.currency ?? agency.currency,
        });
      }
      await this.setDateTimers(q, id, created.state, {
        opensAt: new Date(dto.opensAt),
        submissionDeadline: new Date(dto.submissionDeadline),
      });
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    // Read after releasing: never wait for a second connection while holding one.
    return this.get(id, actor);
  }

  /** The agencies a call may draw on (the console's call form offers them). */
  agencyChoices() {
    return this.repository.allAgencies();
  }

  /**
   * Moves the call's dates (lead agency's PO or PD). The call opens itself at `opensAt` and closes at
   * `submissionDeadline` (durable timers, moved with the dates); a timer whose event no longer
   * applies when it falls due (the call was opened, closed or cancelled by hand) is dropped.
   */
  async updateDates(id: string, dto: UpdateCallDatesDto, actor: Actor) {
    const instance = await this.engine.read('call', id, actor);
    const leadCode = (instance.context.access as { lead: string }).lead;
    if (!isAdministrator(actor) && !holdsAt(actor, ['program_officer', 'program_director'], leadCode)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `only a program officer or director of ${leadCode} (the lead agency) may change this call's dates`,
      );
    }
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
      await this.setDateTimers(q, id, row.state, moved);
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    return this.get(id, actor);
  }

  /** Timers for the dates that still lie ahead in the call's workflow. */
  private async setDateTimers(
    q: QueryRunner,
    id: string,
    state: string,
    dates: { opensAt?: Date; submissionDeadline?: Date },
  ): Promise<void> {
    if (dates.opensAt && isStateTagged(state, 'opening-ahead', 'call')) {
      await this.timers.set(q, { instanceId: id, name: 'opens', dueAt: dates.opensAt, event: { type: 'OPEN' } });
    }
    if (dates.submissionDeadline && isStateTagged(state, 'closing-ahead', 'call')) {
      await this.timers.set(q, {
        instanceId: id,
        name: 'closes',
        dueAt: dates.submissionDeadline,
        event: { type: 'CLOSE' },
      });
    }
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('call', id, actor);
    return this.represent(await this.findRow(id), instance);
  }

  represent(row: CallRow, instance: InstanceView) {
    const fields = workflowFields(instance);
    if (instance.internals) return { ...presentCall(row), ...fields };
    // Applicants and reviewers see the review set-up and a cancellation, not the agencies' deliberations.
    const { cancellation, review } = fields.progress as Record<string, unknown>;
    return { ...presentCall(row), ...fields, progress: { cancellation, review } };
  }

  async list(query: ListCallsQuery, actor: Actor): Promise<Page<ReturnType<typeof presentCall>>> {
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
    return { items: rows.map(presentCall), total, limit: query.limit, offset: query.offset };
  }

  async findRow(id: string): Promise<CallRow> {
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`call ${id}`);
    return row;
  }
}

const LANGUAGE_NAMES = { en: 'English', ja: 'Japanese' } as const;

const hasTexts = (dto: CallTextsDto): boolean =>
  dto.title !== undefined ||
  dto.titles !== undefined ||
  dto.description !== undefined ||
  dto.descriptions !== undefined ||
  dto.requiredLanguages !== undefined;

const textsOf = (row: CallTextsRow): CallTexts => ({
  titleEn: row.title_en,
  titleJa: row.title_ja,
  descriptionEn: row.description_en,
  descriptionJa: row.description_ja,
  authoritativeLanguage: row.authoritative_language,
  requiredLanguages: row.required_languages,
});

/**
 * The call's texts after a request: `titles`/`descriptions` per language, `title`/`description` as the
 * authoritative version (they must agree when both are given); an empty text clears a translation.
 * The title in the authoritative language is required; the authoritative language is always required.
 */
export function callTexts(dto: CallTextsDto, current: CallTexts): CallTexts {
  const auth = current.authoritativeLanguage;
  const problems: FieldError[] = [];
  const given = (v: string | undefined) => (v === undefined ? undefined : v.trim() === '' ? null : v);
  const pick = (
    legacy: string | undefined,
    texts: { en?: string; ja?: string } | undefined,
    field: 'title' | 'description',
    now: { en: string | null; ja: string | null },
  ) => {
    const next = { en: now.en, ja: now.ja };
    for (const l of ['en', 'ja'] as const) {
      const v = given(texts?.[l]);
      if (v !== undefined) next[l] = v;
    }
    const v = given(legacy);
    if (v !== undefined) {
      const other = given(texts?.[auth]);
      if (other !== undefined && other !== v)
        problems.push({
          field,
          message: `${field} and ${field}s.${auth} differ: give the ${LANGUAGE_NAMES[auth]} ${field} once`,
        });
      next[auth] = v;
    }
    return next;
  };
  const titles = pick(dto.title, dto.titles, 'title', { en: current.titleEn, ja: current.titleJa });
  const descriptions = pick(dto.description, dto.descriptions, 'description', {
    en: current.descriptionEn,
    ja: current.descriptionJa,
  });
  if (!titles[auth])
    problems.push({
      field: `titles.${auth}`,
      message: `the ${LANGUAGE_NAMES[auth]} title is required: ${LANGUAGE_NAMES[auth]} is the call's authoritative language`,
    });
  if (problems.length) throw DomainException.invalid(problems);
  const required = dto.requiredLanguages ?? current.requiredLanguages;
  return {
    titleEn: titles.en,
    titleJa: titles.ja,
    descriptionEn: descriptions.en,
    descriptionJa: descriptions.ja,
    authoritativeLanguage: auth,
    requiredLanguages: (['en', 'ja'] as const).filter((l) => l === auth || required.includes(l)),
  };
}

/** The program's row as call creation reads it. */
export interface ProgramRow {
  code: string;
  min_agencies: number;
  max_agencies: number | null;
  duration_min_months: number;
  duration_max_months: number;
  jst_budget_min_per_year: string | null;
  jst_budget_max_per_year: string | null;
  rules: ProgramRules;
}

/**
 * A call fits its program: its agencies (how many, those that must take part, regions, countries),
 * their existence, dates in order, the research period within the program's, the Japanese side's cap.
 * Each refusal names the field of the request it is about (`agencies.1.capPerProjectPerYear`,
 * `submissionDeadline`, `durationMaxMonths`, `agencies` for the set as a whole).
 */
export function callRuleProblems(
  dto: CreateCallDto,
  program: ProgramRow,
  knownAgencies: { code: string; country: string }[],
): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const codes = dto.agencies.map((a) => a.code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i) add(`agencies.${i}.code`, 'an agency is listed twice');
  });
  codes.forEach((code, i) => {
    if (!knownAgencies.some((a) => a.code === code)) add(`agencies.${i}.code`, `agency ${code} does not exist`);
  });
  const rules = agencyRules({ min: program.min_agencies, max: program.max_agencies, ...program.rules.agencies });
  for (const message of agencyViolations(
    { code: program.code, agencies: rules },
    dto.agencies.map((a) => knownAgencies.find((k) => k.code === a.code) ?? { code: a.code, country: '' }),
  ))
    add('agencies', message);
  const dates = ['opensAt', 'submissionDeadline', 'reviewDue', 'panelDate', 'boardDate'] as const;
  for (const message of dateOrderRefusals(dates.map((d) => dto[d]))) {
    // Named at the first date that is not after the one before it.
    const set = dates.filter((d) => dto[d] !== undefined && dto[d] !== null);
    const at = set.find((d, i) => i > 0 && new Date(dto[d]!) <= new Date(dto[set[i - 1]]!)) ?? 'submissionDeadline';
    add(at, message);
  }
  const minMonths = dto.durationMinMonths ?? program.duration_min_months;
  const maxMonths = dto.durationMaxMonths ?? program.duration_max_months;
  if (minMonths > maxMonths)
    add('durationMinMonths', `the research period of ${minMonths}-${maxMonths} months is empty`);
  if (minMonths < program.duration_min_months || maxMonths > program.duration_max_months) {
    add(
      minMonths < program.duration_min_months ? 'durationMinMonths' : 'durationMaxMonths',
      `a research period of ${minMonths}-${maxMonths} months is outside program ${program.code}'s ${program.duration_min_months}-${program.duration_max_months} months`,
    );
  }
  const jstAt = dto.agencies.findIndex((a) => a.code === 'JST');
  const jst = dto.agencies[jstAt];
  const max = program.jst_budget_max_per_year === null ? null : Number(program.jst_budget_max_per_year);
  const min = program.jst_budget_min_per_year === null ? null : Number(program.jst_budget_min_per_year);
  if (jst && min !== null && jst.capPerProjectPerYear < min) {
    add(
      `agencies.${jstAt}.capPerProjectPerYear`,
      `JST's cap of ${jst.capPerProjectPerYear} per project per year is below program ${program.code}'s minimum of ${min}`,
    );
  }
  if (jst && max !== null && jst.capPerProjectPerYear > max) {
    add(
      `agencies.${jstAt}.capPerProjectPerYear`,
      `JST's cap of ${jst.capPerProjectPerYear} per project per year is above program ${program.code}'s ${max}`,
    );
  }
  dto.agencies.forEach((a, i) => {
    if (a.capPerProjectPerYear > a.budgetEnvelope)
      add(`agencies.${i}.capPerProjectPerYear`, `${a.code}'s per-project cap is above its whole budget envelope`);
  });
  return problems;
}

/** The reasons of callRuleProblems, in words only. */
export function callRuleViolations(
  dto: CreateCallDto,
  program: ProgramRow,
  knownAgencies: { code: string; country: string }[],
): string[] {
  return [...new Set(callRuleProblems(dto, program, knownAgencies).map((p) => p.message))];
}
