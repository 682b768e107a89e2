import { ruleViolated } from './review-data.js';

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown[]> };

/**
 * Who may be in (and be invited from) an agency's reviewer pool: anyone but an administrator or
 * the staff of another agency. A researcher may review and apply anywhere. Joining a pool grants the
 * reviewer role there, and a profile makes conflicts of interest that hide proposals from the user,
 * so one agency must not reach another's staff through its pool. The one rule for every path: adding
 * to and editing a pool, inviting (single, bulk, reassignment) and the proposed assignment.
 */
export const NOT_POOLABLE =
  'the user is staff of another agency or an administrator: a reviewer pool holds only researchers, not the staff of other agencies';

/** SQL: the user (an SQL expression of a uuid) holds a role other than reviewer or applicant beyond the pool's agency (an expression). */
export const staffElsewhereSql = (user: string, agency: string): string =>
  `EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = ${user} AND g.role NOT IN ('reviewer', 'applicant') AND (g.agency_id IS NULL OR g.agency_id <> ${agency}))`;

/** Whether the pool of the agency may not hold the user. */
export async function staffElsewhere(q: Queryable, userId: string, agencyId: string): Promise<boolean> {
  const [row] = (await q.query(`SELECT ${staffElsewhereSql('$1::uuid', '$2::uuid')} AS staff`, [userId, agencyId])) as {
    staff: boolean;
  }[];
  return row.staff;
}

/** Refuses (422 `rule-violated`) a user the pool of the agency may not hold. */
export async function assertPoolable(q: Queryable, userId: string, agencyId: string): Promise<void> {
  if (await staffElsewhere(q, userId, agencyId)) throw ruleViolated([NOT_POOLABLE]);
}
