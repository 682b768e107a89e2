import { secondPeriodVersion } from './kit/proposal-periods.js';
import { chirpHubV2 } from './chirp-hub-v2.machine.js';
import { chirp } from './programs/chirp.js';

/**
 * Version 3 of `chirp-hub` (branch chirp-jrapid), composed by `secondPeriodVersion`
 * (workflows/kit/proposal-periods.ts) from version 2, which stays as it is.
 *
 * Seed 003 on CHIRP: "Research period : 5 years" and "This program supports long-term (up to 10
 * years) cross-funding". An extension is a second period, not an end: the hub asks for its length
 * in its interim report (refused past ten years in all), each agency extending gives its budget per
 * year of it, and the hub runs on in `second_period` until that period's end (a durable timer), when
 * it is `completed`. Not extended, the hub `concluded` with its first period.
 */
export const chirpHubV3 = secondPeriodVersion(chirpHubV2, {
  version: 3,
  title: 'CHIRP hub project (second period toward ten years)',
  periods: chirp.periods!,
  jstBudgetPerYear: chirp.jstBudgetPerYear,
});
