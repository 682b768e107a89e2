/**
 * Rules of a proposal's parties that programs state as data (issue 15): each party's country is its
 * agency's country (each agency funds its own country's researchers, seed 003); programs that count
 * countries count the parties' countries; a party of the call's lead only where the program asks
 * for it; budgets per year and cost category within the program's limits. Pure: the server checks a
 * draft against them and the submission facts carry the countries.
 */

/**
 * The seed's cost categories (003: "Financial support includes costs for (1) goods, (2) personnel,
 * (3) dispatch and invitation of researchers, (4) workshops, and other costs necessary to execute
 * projects"): `travel` is the dispatch and invitation of researchers.
 */
export const COST_CATEGORIES = ['goods', 'personnel', 'travel', 'workshops', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Kinds of a conflict of interest, declared by applicants and reviewers (DOMAIN.md, HotCRP's model). */
export const CONFLICT_TYPES = ['collaborator', 'advisor', 'institutional', 'personal', 'other'] as const;
export type ConflictType = (typeof CONFLICT_TYPES)[number];

export interface BudgetRules {
  /** The categories a party's yearly budget is split into. */
  categories: readonly CostCategory[];
  /** The largest share of a year's total a category may take (0.3: 30 %). */
  maxShare: Partial<Record<CostCategory, number>>;
}

/**
 * PLACEHOLDER: the seeds name the categories but no limits per category; "other costs" at most 30 %
 * of a year's total is this catalog's choice (DOMAIN.md: where the seeds are silent, choose and say so).
 */
export const SEED_BUDGET_RULES: BudgetRules = { categories: COST_CATEGORIES, maxShare: { other: 0.3 } };

export interface PartyRules {
  routing: 'all' | 'parties';
  /** A party of the call's lead agency is required (routed programs; absent: required, as before). */
  leadParty?: boolean;
  /** Parties of at least this many different countries (Belmont Forum, e-ASIA: three). */
  minCountries?: number | null;
}

export interface DraftParty {
  agency: string;
  country: string;
  budgetPerYear: number[];
  budgetByCategory?: Record<string, number>[] | null;
}

/** Why a draft's parties do not fit the call's agencies (with their countries) and the program's rules. */
export function partyViolations(input: {
  parties: readonly DraftParty[];
  agencies: readonly { code: string; country: string }[];
  lead: string;
  rules: PartyRules | null | undefined;
  budget?: BudgetRules | null;
}): string[] {
  const problems: string[] = [];
  const { parties, agencies, lead, rules } = input;
  for (const party of parties) {
    const agency = agencies.find((a) => a.code === party.agency);
    if (agency && agency.country.toUpperCase() !== party.country.toUpperCase())
      problems.push(
        `the ${party.agency} party is in ${party.country}, but ${party.agency} funds researchers of ${agency.country}`,
      );
  }
  if (rules?.routing === 'parties' && rules.leadParty !== false && !parties.some((p) => p.agency === lead))
    problems.push(`a proposal to this call includes a party of ${lead}, the lead agency`);
  const min = rules?.minCountries ?? null;
  const countries = new Set(parties.map((p) => p.country.toUpperCase()));
  if (min !== null && countries.size < min)
    problems.push(
      `the proposal has parties of ${countries.size} ${countries.size === 1 ? 'country' : 'countries'}; the program needs at least ${min}`,
    );
  if (input.budget) for (const party of parties) problems.push(...categoryBudgetViolations(party, input.budget));
  return problems;
}

/** A party's budget by category: one entry per year, in the program's categories, adding up to its yearly total, within the shares. */
export function categoryBudgetViolations(party: DraftParty, rules: BudgetRules): string[] {
  const years = party.budgetByCategory;
  if (!years) return [];
  const problems: string[] = [];
  if (years.length !== party.budgetPerYear.length)
    problems.push(
      `the ${party.agency} party gives categories for ${years.length} years and totals for ${party.budgetPerYear.length}`,
    );
  years.forEach((year, i) => {
    let total = 0;
    for (const [category, amount] of Object.entries(year)) {
      if (!(rules.categories as readonly string[]).includes(category))
        problems.push(`the ${party.agency} party's year ${i + 1} has an unknown cost category ${category}`);
      total += amount;
    }
    if (party.budgetPerYear[i] !== undefined && total !== party.budgetPerYear[i])
      problems.push(
        `the ${party.agency} party's year ${i + 1} categories add up to ${total}, not its total of ${party.budgetPerYear[i]}`,
      );
    for (const [category, share] of Object.entries(rules.maxShare)) {
      const amount = year[category] ?? 0;
      if (total > 0 && amount > total * (share as number))
        problems.push(
          `the ${party.agency} party's ${category} in year ${i + 1} (${amount}) is above ${Math.round((share as number) * 100)}% of the year's total (${total})`,
        );
    }
  });
  return problems;
}

/** Totals of a party's budget: per year (the sum of the categories) and overall. */
export function budgetTotals(years: readonly Record<string, number>[]): { perYear: number[]; overall: number } {
  const perYear = years.map((y) => Object.values(y).reduce((s, v) => s + v, 0));
  return { perYear, overall: perYear.reduce((s, v) => s + v, 0) };
}
