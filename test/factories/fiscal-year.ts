/**
 * The Japanese fiscal year (April to March, JST's) a moment falls in, in Japan: a call's opening
 * fiscal year is this of its opening date (calls.repository.ts `participationBounds`).
 */
export const japaneseFiscalYear = (at: Date = new Date()): number => {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return month! >= 4 ? year! : year! - 1;
};

/**
 * The first fiscal year of the factories' co-owned calls: a project's year 1 falls in it. The
 * current one, never a fixed year: a call's envelopes may not precede its opening fiscal year, and
 * the factories' calls open now (the day before, which is never a later fiscal year).
 */
export const FIRST_FISCAL_YEAR = japaneseFiscalYear();
