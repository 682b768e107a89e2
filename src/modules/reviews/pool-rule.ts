import { ruleViolated } from './review-data.js';
import { staffElsewhere } from './reviews.repository.js';

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown[]> };

/**
 * Who may be in (and be invited from) an agency's reviewer pool: anyone but an administrator or
 * the staff of another agency. A researcher may review and apply anywhere. Joining a pool grants the
 * reviewer role there, and a profile makes conflicts of interest that hide proposals from the user,
 * so one agency must not reach another's staff through its pool. The one rule for every path: adding
 * to and editing a pool, inviting (single, bulk, reassignment) and the proposed assignment (its SQL:
 * `staffElsewhereSql` in reviews.repository.ts).
 */
export const NOT_POOLABLE =
  'the user is staff of another agency or an administrator: a reviewer pool holds only researchers, not the staff of other agencies';

export { staffElsewhere, staffElsewhereSql } from './reviews.repository.js';

/** Refuses (422 `rule-violated`) a user the pool of the agency may not hold. */
export async function assertPoolable(q: Queryable, userId: string, agencyId: string): Promise<void> {
  if (await staffElsewhere(q, userId, agencyId)) throw ruleViolated([NOT_POOLABLE]);
}
