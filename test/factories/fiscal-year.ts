import { japaneseFiscalYear } from '../../src/modules/demo/demo-participation.js';

/** The Japanese fiscal year a moment falls in (the service's own rule). */
export { japaneseFiscalYear };

/**
 * The first fiscal year of the factories' co-owned calls: a project's year 1 falls in it. The
 * current one, never a fixed year: a call's envelopes may not precede its opening fiscal year, and
 * the factories' calls open now (the day before, which is never a later fiscal year).
 */
export const FIRST_FISCAL_YEAR = japaneseFiscalYear(new Date());
