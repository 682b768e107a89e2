/**
 * The co-owned call's partnership figures, pure: which agencies have still to approve their part,
 * and where a counterpart's envelope is not "approximately equivalent" to JST's (SICORP seed:
 * "counterpart researchers are to obtain project funding approximately equivalent to SICORP").
 */

export interface PartnerAgency {
  code: string;
  currency: string;
  approvedAt: string | null;
  envelopes: { fiscalYear: number; amount: number }[];
  /** JPY per unit of the agency's currency, as it stated it (JPY agencies: 1). */
  jpyPerUnit: number | null;
}

export interface EquivalenceWarning {
  agency: string;
  fiscalYear: number | null;
  message: string;
}

const yen = (n: number) => `JPY ${Math.round(n).toLocaleString('en-US')}`;

/**
 * Each approved counterpart's envelope per fiscal year, in JPY at the rate it stated, against JST's
 * for the same year: a warning where they differ by more than `tolerance` (a fraction of JST's), where
 * one has a year the other has not, or where the counterpart stated no rate to compare with.
 * Nothing when JST does not take part, has not approved, or the program does not compare (`null`).
 */
export function equivalenceWarnings(agencies: PartnerAgency[], tolerance: number | null): EquivalenceWarning[] {
  const jst = agencies.find((a) => a.code === 'JST');
  if (tolerance === null || !jst || jst.approvedAt === null) return [];
  const jstYears = new Map(jst.envelopes.map((e) => [e.fiscalYear, e.amount]));
  const warnings: EquivalenceWarning[] = [];
  for (const a of agencies) {
    if (a === jst || a.approvedAt === null) continue;
    const rate = a.currency === 'JPY' ? 1 : a.jpyPerUnit;
    if (rate === null) {
      warnings.push({
        agency: a.code,
        fiscalYear: null,
        message: `${a.code} stated no exchange rate to JPY: its envelope cannot be compared with JST's`,
      });
      continue;
    }
    const years = [...new Set([...jstYears.keys(), ...a.envelopes.map((e) => e.fiscalYear)])].sort((x, y) => x - y);
    for (const fy of years) {
      const theirs = a.envelopes.find((e) => e.fiscalYear === fy)?.amount;
      const ours = jstYears.get(fy);
      if (theirs === undefined || ours === undefined) {
        warnings.push({
          agency: a.code,
          fiscalYear: fy,
          message: `FY${fy}: ${theirs === undefined ? `${a.code} has no envelope where JST has one` : `JST has no envelope where ${a.code} has one`}`,
        });
        continue;
      }
      const inYen = theirs * rate;
      if (Math.abs(inYen - ours) > tolerance * ours) {
        warnings.push({
          agency: a.code,
          fiscalYear: fy,
          message: `FY${fy}: ${a.code}'s envelope (about ${yen(inYen)}) is not within ${Math.round(tolerance * 100)}% of JST's (${yen(ours)})`,
        });
      }
    }
  }
  return warnings;
}

/** What an agency's participation figures are bound to (calls.repository.ts `participationBounds`). */
export interface ParticipationBounds {
  /** The call's opening fiscal year (JST's, April to March). */
  openingFiscalYear: number;
  /** The call's longest project, in whole years. */
  projectYears: number;
  /** The currency the agency funds the call in. */
  currency: string | null;
}

/**
 * Fiscal years a project of the call may still fall in after its longest period: selection and the
 * start of a project may take up to this many fiscal years past the call's opening one.
 */
export const FISCAL_YEAR_MARGIN = 4;

/** The fiscal years an agency's envelopes may be for: the call's opening one to its last project year. */
export const fiscalYearRange = (b: ParticipationBounds): { first: number; last: number } => ({
  first: b.openingFiscalYear,
  last: b.openingFiscalYear + b.projectYears + FISCAL_YEAR_MARGIN,
});

/**
 * An agency's participation figures that cannot be right (issue 15, found by an outside tester),
 * each with the field it is about: an envelope for a fiscal year outside the call's years, and a JPY
 * rate for an agency that funds in JPY (its rate is 1 by definition; stating one is a mistake).
 */
export function participationFigureProblems(
  event: { envelopes?: { fiscalYear: number }[]; jpyPerUnit?: number },
  bounds: ParticipationBounds,
): { field: string; message: string }[] {
  const { first, last } = fiscalYearRange(bounds);
  const problems: { field: string; message: string }[] = [];
  (event.envelopes ?? []).forEach((e, i) => {
    if (e.fiscalYear < first || e.fiscalYear > last)
      problems.push({
        field: `envelopes.${i}.fiscalYear`,
        message: `fiscal year ${e.fiscalYear} is outside this call's fiscal years ${first}-${last}`,
      });
  });
  if (event.jpyPerUnit !== undefined && bounds.currency === 'JPY')
    problems.push({
      field: 'jpyPerUnit',
      message: 'an agency funding in JPY states no JPY rate',
    });
  return problems;
}
