import type { FieldError } from '../../common/domain.exception.js';
import { dateOrderRefusals } from '../../../workflows/index.js';
import { agencyRules, agencyViolations, programByCode } from '../../../workflows/programs/index.js';
import type { ProgramRules } from '../programs/program.entity.js';
import type { CreateCallDto } from './calls.dto.js';

/** Whether calls on this workflow are co-owned: each agency approves its own part (APPROVE_PARTICIPATION). */
export const isCoOwned = (definition: { events: Record<string, unknown> }): boolean =>
  Object.hasOwn(definition.events, 'APPROVE_PARTICIPATION');

/**
 * Who sets an agency's figures: in a co-owned call, each agency itself when it approves its part (so
 * the lead does not type them in); otherwise the lead, for every agency, when it creates the call.
 */
export function figureProblems(dto: CreateCallDto, coOwned: boolean): FieldError[] {
  const problems: FieldError[] = [];
  dto.agencies.forEach((a, i) => {
    for (const field of ['budgetEnvelope', 'capPerProjectPerYear'] as const) {
      if (coOwned && a[field] !== undefined)
        problems.push({
          field: `agencies.${i}.${field}`,
          message: `${a.code} sets its own envelope and cap when it approves its participation in this co-owned call`,
        });
      if (!coOwned && a[field] === undefined)
        problems.push({ field: `agencies.${i}.${field}`, message: `${a.code}'s ${field} is required` });
    }
  });
  return problems;
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
  knownAgencies: { code: string; country: string; governmental?: boolean }[],
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
  const leadMustBe = program.rules.agencies?.lead;
  const leadAt = dto.agencies.findIndex((a) => a.role === 'lead');
  if (leadMustBe && leadAt >= 0 && dto.agencies[leadAt].code !== leadMustBe)
    add(
      `agencies.${leadAt}.role`,
      `program ${program.code} calls are led by ${leadMustBe}: ${dto.agencies[leadAt].code} cannot lead one`,
    );
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
  // A placeholder period (the sources name none) is only the call's default: the call sets its own.
  if (
    !program.rules.durationPlaceholder &&
    (minMonths < program.duration_min_months || maxMonths > program.duration_max_months)
  ) {
    add(
      minMonths < program.duration_min_months ? 'durationMinMonths' : 'durationMaxMonths',
      `a research period of ${minMonths}-${maxMonths} months is outside program ${program.code}'s ${program.duration_min_months}-${program.duration_max_months} months`,
    );
  }
  const jstAt = dto.agencies.findIndex((a) => a.code === 'JST');
  const jst = dto.agencies[jstAt];
  const max = program.jst_budget_max_per_year === null ? null : Number(program.jst_budget_max_per_year);
  const min = program.jst_budget_min_per_year === null ? null : Number(program.jst_budget_min_per_year);
  if (jst && jst.capPerProjectPerYear !== undefined && min !== null && jst.capPerProjectPerYear < min) {
    add(
      `agencies.${jstAt}.capPerProjectPerYear`,
      `JST's cap of ${jst.capPerProjectPerYear} per project per year is below program ${program.code}'s minimum of ${min}`,
    );
  }
  if (jst && jst.capPerProjectPerYear !== undefined && max !== null && jst.capPerProjectPerYear > max) {
    add(
      `agencies.${jstAt}.capPerProjectPerYear`,
      `JST's cap of ${jst.capPerProjectPerYear} per project per year is above program ${program.code}'s ${max}`,
    );
  }
  dto.agencies.forEach((a, i) => {
    if (
      a.capPerProjectPerYear !== undefined &&
      a.budgetEnvelope !== undefined &&
      a.capPerProjectPerYear > a.budgetEnvelope
    )
      add(`agencies.${i}.capPerProjectPerYear`, `${a.code}'s per-project cap is above its whole budget envelope`);
  });
  problems.push(...disasterProblems(dto, program, knownAgencies));
  return problems;
}

const DAY = 24 * 3600 * 1000;

/**
 * A program answering a disaster (J-RAPID, `disaster` of its catalog entry): the call records the
 * disaster (what, when, where) and the affected country; its counterpart agencies are of that
 * country and government organisations (seed 003: "Program adminstration through cooperation with
 * disaster-affected national government organisations"); it opens within the program's days of the
 * disaster. Any other program's call records none.
 */
export function disasterProblems(
  dto: CreateCallDto,
  program: ProgramRow,
  knownAgencies: { code: string; country: string; governmental?: boolean }[],
): FieldError[] {
  const rules = programByCode(program.code)?.disaster;
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!rules) {
    if (dto.disaster !== undefined) add('disaster', `program ${program.code} calls do not answer a disaster`);
    if (dto.affectedCountry !== undefined)
      add('affectedCountry', `program ${program.code} calls have no affected country`);
    return problems;
  }
  if (!dto.disaster) add('disaster', `a ${program.code} call records the disaster it answers (what, when, where)`);
  if (!dto.affectedCountry) add('affectedCountry', `a ${program.code} call names the country the disaster struck`);
  if (dto.disaster && Date.parse(dto.disaster.occurredOn) > Date.parse(dto.opensAt))
    add('disaster.occurredOn', 'the disaster cannot be after the call opens');
  else if (
    dto.disaster &&
    Date.parse(dto.opensAt) - Date.parse(dto.disaster.occurredOn) > rules.timeline.openWithinDaysOfDisaster * DAY
  )
    add(
      'opensAt',
      `a ${program.code} call opens within ${rules.timeline.openWithinDaysOfDisaster} days of the disaster (rapid deployment)`,
    );
  if (!dto.affectedCountry) return problems;
  const lead = dto.agencies.find((a) => a.role === 'lead')?.code;
  dto.agencies.forEach((a, i) => {
    const agency = knownAgencies.find((k) => k.code === a.code);
    if (!agency || a.code === lead) return;
    if (rules.counterpart.ofAffectedCountry && agency.country.trim() !== dto.affectedCountry)
      add(
        `agencies.${i}.code`,
        `${a.code} is an agency of ${agency.country.trim()}, not of the affected country ${dto.affectedCountry}`,
      );
    if (rules.counterpart.governmental && !agency.governmental)
      add(`agencies.${i}.code`, `${a.code} is not a government organisation of its country`);
  });
  return problems;
}

/** The reasons of callRuleProblems, in words only. */
export function callRuleViolations(
  dto: CreateCallDto,
  program: ProgramRow,
  knownAgencies: { code: string; country: string; governmental?: boolean }[],
): string[] {
  return [...new Set(callRuleProblems(dto, program, knownAgencies).map((p) => p.message))];
}
