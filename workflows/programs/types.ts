/**
 * A program of the catalog: the rules a call under it must fit and the workflows it runs. Pure data;
 * the server copies it into the `programs` table (an existing row keeps the workflow keys an
 * administrator published) and checks every new call against it.
 */
import type { BudgetRules } from './party-rules.js';

export type Region = 'europe' | 'asia' | 'americas' | 'africa' | 'oceania';

export interface AgencyRules {
  /** How many agencies a call takes (`max: null`: no upper bound). */
  min: number;
  max: number | null;
  /** Agencies every call must include (JST funds the Japanese side of every SICORP call). */
  mustInclude: string[];
  /** At least `min` agencies of a region, e.g. two European funders under CONCERT-Japan. */
  regions: { region: Region; min: number }[];
  /** The agencies must come from this many different countries at least (Belmont Forum: three). */
  minCountries: number | null;
  /** The agency that must take part in and lead every call (IRCC: NINS); absent: any participant may lead. */
  lead?: string;
}

/**
 * Who receives a proposal: `all` the call's agencies (bilateral calls), or only the agencies of its
 * `parties` (multilateral calls: an agency sees the proposals that include its own researchers).
 */
export interface ProposalRules {
  routing: 'all' | 'parties';
  /** Fewest parties (agencies) a proposal has; `null`: one for each agency of the call. */
  minParties: number | null;
  /**
   * Document types a proposal must have before it is submitted (research-plan, cv, budget-sheet,
   * letter-of-support, other); absent: none. The seeds name no documents, so the catalog's programs
   * require none (a placeholder); a program created through the API may.
   */
  requiredDocuments?: string[];
  /** A party of the call's lead agency is required (routed programs; absent: required). */
  leadParty?: boolean;
  /** Parties of at least this many different countries (counted by the parties' countries). */
  minCountries?: number | null;
}

export interface ProgramWorkflows {
  /** `id@version` of the call workflow and of the proposal workflow. */
  call: string;
  proposal: string;
  /** Further workflows by role (`assignment`, `workshop`, ...). */
  [role: string]: string;
}

/**
 * A program that answers a disaster (J-RAPID, seed 003): what its calls must record and check. The
 * seed's three features: "1) Rapid program deployment enabling the commencement of early research
 * investigation; 2) Program adminstration through cooperation with disaster-affected national
 * government organisations; 3) Research investigation by a collaborative team including local as
 * well as international researchers."
 */
export interface DisasterRules {
  /** Feature 2: every counterpart agency is of the affected country and a government organisation. */
  counterpart: { ofAffectedCountry: boolean; governmental: boolean };
  /** Feature 3: the team's researchers based in the affected country (members marked `local`), at least this many. */
  localResearchers: { min: number };
  /**
   * Feature 1: the rapid timeline, in days. `openWithinDaysOfDisaster`: a call opening later than this
   * after the disaster is refused; `decisionsWithinDaysOfOpening`: the agencies' decisions on every
   * proposal are due this long after the call opens (a reminder `remindBefore` days earlier, then
   * escalation to the agencies' PDs and POs). The seed names no figures: placeholders.
   */
  timeline: { openWithinDaysOfDisaster: number; decisionsWithinDaysOfOpening: number; remindBefore: number };
  /** The lighter review: the fewest reviewers per agency a call may ask for and its default (placeholder). */
  review: { minReviewersPerAgency: number };
}

/**
 * A program whose projects may be extended by a second period (CHIRP, seed 003: "Research period:
 * 5 years", "long-term (up to 10 years)"): the first period's length, the second period's bounds and
 * the cap on the whole.
 */
export interface PeriodRules {
  firstMonths: number;
  extensionMonths: { min: number; max: number };
  totalMaxMonths: number;
}

export interface ProgramDefinition {
  code: string;
  name: string;
  description: string;
  agencies: AgencyRules;
  proposals: ProposalRules;
  /**
   * Research period of a project. `placeholder`: the sources name no period, the catalog's is a
   * stand-in, so a call may set its own (not only narrow it); the catalog's is its default.
   */
  durationMonths: { min: number; max: number; placeholder?: boolean };
  /**
   * What a call of the program is raised from: `research-unit`, an established IRCC research unit
   * (`researchUnitId` at creation); absent: nothing.
   */
  raisedFrom?: 'research-unit';
  /** The Japanese side's funding per project per year, in JPY (`null`: the seed names no limit). */
  jstBudgetPerYear: { min: number | null; max: number | null };
  workflows: ProgramWorkflows;
  /** Cost categories of the parties' budgets and their limits (party-rules.ts). */
  budget?: BudgetRules;
  /**
   * How far a counterpart's envelope for a fiscal year may be from JST's (a fraction: 0.25 is 25%,
   * either way) before the call shows an "approximately equivalent" warning; `null`: not compared.
   * SICORP seed: "counterpart researchers are to obtain project funding approximately equivalent to
   * SICORP from funding agencies in their respective countries". The figure is a placeholder.
   */
  equivalenceTolerance?: number | null;
  /**
   * The language whose version of a call governs, when the program fixes it. The seeds say nothing
   * of it for any program (placeholder: none is set), so a call's creator chooses.
   */
  languages?: { authoritative?: 'en' | 'ja' };
  /**
   * Duplicate-funding checks (e-Rad practice, DOMAIN.md): a researcher whose declared effort summed
   * over this project and their other projects of overlapping periods exceeds `maxEffortPercent` is
   * flagged to the agencies' officers. Absent: DUPLICATE_FUNDING_PLACEHOLDER.
   */
  duplicateFunding?: { maxEffortPercent: number };
  /** J-RAPID: the disaster its calls answer and what follows from it (DisasterRules). */
  disaster?: DisasterRules;
  /** CHIRP: a project's periods (PeriodRules). */
  periods?: PeriodRules;
  /**
   * Figures of this program that are placeholders of the catalog, not the seed's (shown with the
   * program): e.g. `jstBudgetPerYear.max` of J-RAPID.
   */
  placeholders?: string[];
}

/**
 * Placeholder: no seed names an effort limit (e-Rad asks for each researcher's effort, in percent
 * of their working time, and agencies look for "excessive concentration" without a published
 * figure), so every catalog program flags a total above 100% until its agencies set one.
 */
export const DUPLICATE_FUNDING_PLACEHOLDER = Object.freeze({ maxEffortPercent: 100 });

export const defineProgram = (p: ProgramDefinition): ProgramDefinition => Object.freeze(p);

/** Defaults of a program's rules, so a program file states only what is its own. */
export const agencyRules = (rules: Partial<AgencyRules> & Pick<AgencyRules, 'min' | 'max'>): AgencyRules => ({
  mustInclude: [],
  regions: [],
  minCountries: null,
  ...rules,
});

/** The review assignment's version new assignments take (src/modules/reviews/assignments.service.ts). */
export const REVIEW_ASSIGNMENT = 'review-assignment@2';

/** ISO 3166-1 alpha-2 codes of European countries (CONCERT-Japan's European funders). */
const EUROPE = new Set(
  'AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM TR UA VA XK'.split(
    ' ',
  ),
);
const ASIA = new Set('BD BN BT CN HK ID IN JP KH KR LA LK MM MN MO MY NP PH PK SG TH TW VN'.split(' '));
const AMERICAS = new Set('AR BR CA CL CO CR EC MX PE US UY'.split(' '));
const OCEANIA = new Set('AU NZ FJ PG'.split(' '));

/** The region of a country, by its ISO code; `africa` is what the other lists leave. */
export function regionOf(country: string): Region {
  const c = country.toUpperCase();
  if (EUROPE.has(c)) return 'europe';
  if (ASIA.has(c)) return 'asia';
  if (AMERICAS.has(c)) return 'americas';
  if (OCEANIA.has(c)) return 'oceania';
  return 'africa';
}

/** Why a call's agencies (code and country) do not fit the program's agency rules. */
export function agencyViolations(
  program: { code: string; agencies: AgencyRules },
  agencies: { code: string; country: string }[],
): string[] {
  const rules = program.agencies;
  const problems: string[] = [];
  const n = agencies.length;
  if (n < rules.min) problems.push(`program ${program.code} needs at least ${rules.min} agencies`);
  if (rules.max !== null && n > rules.max)
    problems.push(`program ${program.code} allows at most ${rules.max} agencies`);
  for (const code of rules.mustInclude) {
    if (!agencies.some((a) => a.code === code)) problems.push(`program ${program.code} calls always include ${code}`);
  }
  for (const { region, min } of rules.regions) {
    const found = agencies.filter((a) => regionOf(a.country) === region).length;
    if (found < min)
      problems.push(`program ${program.code} needs at least ${min} agencies from ${region}; the call has ${found}`);
  }
  const countries = new Set(agencies.map((a) => a.country.toUpperCase())).size;
  if (rules.lead !== undefined && !agencies.some((a) => a.code === rules.lead))
    problems.push(`program ${program.code} calls always include ${rules.lead}, which leads them`);
  if (rules.minCountries !== null && countries < rules.minCountries) {
    problems.push(
      `program ${program.code} needs agencies of at least ${rules.minCountries} countries; the call has ${countries}`,
    );
  }
  return problems;
}
