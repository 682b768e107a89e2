/**
 * Program rules shared by the proposal workflows. Pure functions over facts the server supplies,
 * so a guard and the explanation of its refusal are the same code.
 */
export interface SubmissionFacts {
  callState: string;
  /** Every agency taking part in the call, with its per-project cap per year. */
  agencies: { code: string; capPerYear: number }[];
  durationLimits: { minMonths: number; maxMonths: number };
  parties: { agency: string; budgetPerYear: number[] }[];
  durationMonths: number;
  /**
   * Multilateral programs route a proposal to the agencies of its parties: it needs this many
   * parties at least, and a party of each of `requiredAgencies` (the call's lead). Absent: a party
   * for every agency of the call (bilateral calls).
   */
  routing?: { minParties: number; requiredAgencies: string[] };
  /** The document types the program requires that the proposal has none of (absent: not checked). */
  documents?: { missing: string[] };
  /**
   * J-RAPID (seed 003: "a collaborative team including local as well as international researchers"):
   * the team's researchers based in the disaster-affected `country`, and how many the program
   * requires (absent: not checked; calls that record no disaster).
   */
  localResearchers?: { country: string; found: number; required: number };
}

/**
 * The submission rules; `openState` is the call state that takes this submission (Belmont: full
 * proposals); `projectPeriod: false` leaves out the program's research period (a workshop request).
 */
export function submissionViolations(
  facts: SubmissionFacts | undefined,
  openState = 'open',
  { projectPeriod = true } = {},
): string[] {
  if (!facts) return ['the server did not supply the facts this rule needs'];
  const problems: string[] = [];
  if (facts.callState !== openState)
    problems.push(
      `the call is not open for ${openState === 'open' ? 'submissions' : openState.replace(/_/g, ' ')} (it is ${facts.callState})`,
    );

  const required = new Set(facts.routing ? facts.routing.requiredAgencies : facts.agencies.map((a) => a.code));
  const seen = new Map<string, number>();
  for (const party of facts.parties) seen.set(party.agency, (seen.get(party.agency) ?? 0) + 1);
  for (const code of required) {
    if ((seen.get(code) ?? 0) === 0) problems.push(`no party for participating agency ${code}`);
  }
  for (const [code, n] of seen) {
    if (n > 1) problems.push(`${n} parties for agency ${code}: exactly one is allowed`);
  }
  if (facts.routing && seen.size < facts.routing.minParties) {
    problems.push(
      `the proposal has parties of ${seen.size} agencies; the program needs at least ${facts.routing.minParties}`,
    );
  }
  const expected = new Set(facts.agencies.map((a) => a.code));
  for (const code of seen.keys()) {
    if (!expected.has(code)) problems.push(`agency ${code} does not take part in this call`);
  }

  const local = facts.localResearchers;
  if (local && local.found < local.required)
    problems.push(
      `the team has ${local.found} local researcher(s) based in ${local.country}, the country the disaster struck; the program requires ${local.required}`,
    );

  for (const type of facts.documents?.missing ?? []) {
    problems.push(`the program requires a ${type.replace(/-/g, ' ')} document: none is uploaded`);
  }

  const { minMonths, maxMonths } = facts.durationLimits;
  if (projectPeriod && (facts.durationMonths < minMonths || facts.durationMonths > maxMonths)) {
    problems.push(
      `duration of ${facts.durationMonths} months is outside the program's ${minMonths}-${maxMonths} months`,
    );
  }

  const years = Math.ceil(facts.durationMonths / 12);
  for (const party of facts.parties) {
    const agency = facts.agencies.find((a) => a.code === party.agency);
    if (!agency) continue;
    if (party.budgetPerYear.length !== years) {
      problems.push(
        `party of ${party.agency} requests ${party.budgetPerYear.length} yearly budgets for a ${years}-year project`,
      );
    }
    party.budgetPerYear.forEach((amount, i) => {
      if (amount > agency.capPerYear) {
        problems.push(
          `party of ${party.agency} requests ${amount} in year ${i + 1}, above the cap of ${agency.capPerYear}`,
        );
      }
    });
  }
  return problems;
}

/** Per-agency rulings (eligibility, review completion, selection) keyed by agency code. */
export type Rulings<T> = Record<string, T>;

export const hasRuled = (rulings: Rulings<unknown>, agency: string | undefined): boolean =>
  agency !== undefined && Object.prototype.hasOwnProperty.call(rulings, agency);

export const allRuled = (rulings: Rulings<unknown>, agencies: string[]): boolean =>
  agencies.every((a) => hasRuled(rulings, a));
