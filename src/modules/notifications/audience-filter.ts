import type { QueryRunner } from 'typeorm';
import type { AccessContext } from '../../../workflows/index.js';
import { canSee, needsAccessFacts, type AccessFacts } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';
import { ACCESS_FACTS, type AccessFactsQuery } from '../reviews/review-access.js';
import type { NotificationsRepository } from './notifications.repository.js';

/** The instance a notification is about, as the read models judge it. */
export interface NotifiedSubject {
  subjectType: string;
  instanceId: string;
  access: AccessContext;
  state: string;
}

/**
 * Of each subject's candidate users (everyone its audiences and named users resolved to), those
 * who may read the subject: the read models' own rule, `canSee` with the same access facts
 * (conflicts of interest, accepted assignments). So nobody is told about a proposal they would get
 * a 404 for: a conflicted user, a user of no agency of it, a reviewer without an accepted
 * assignment. Three queries for a whole dispatch, whatever the number of subjects and users.
 */
export async function whoMaySee(
  repository: NotificationsRepository,
  q: QueryRunner,
  subjects: readonly NotifiedSubject[],
  candidates: readonly (readonly string[])[],
): Promise<Set<string>[]> {
  const everyone = [...new Set(candidates.flat())];
  const grants = new Map<string, Actor>(everyone.map((id) => [id, { userId: id, grants: [] }]));
  if (everyone.length) {
    const rows = await repository.roleGrantsOf(q, everyone);
    for (const r of rows) grants.get(r.user_id)!.grants.push({ role: r.role, agency: r.agency });
  }

  // The facts each (subject, user) pair needs, asked per subject type in one query each.
  const facts = subjects.map((s, k) => candidates[k].map((): AccessFacts => ({})));
  const wanted = new Map<string, { k: number; i: number; query: AccessFactsQuery }[]>();
  subjects.forEach((s, k) => {
    candidates[k].forEach((userId, i) => {
      if (!ACCESS_FACTS[s.subjectType] || !needsAccessFacts(grants.get(userId)!, s.access)) return;
      const list = wanted.get(s.subjectType) ?? [];
      list.push({ k, i, query: { subjectId: s.instanceId, userId } });
      wanted.set(s.subjectType, list);
    });
  });
  for (const [subjectType, list] of wanted) {
    const answers = await ACCESS_FACTS[subjectType](
      q,
      list.map((x) => x.query),
    );
    list.forEach((x, n) => (facts[x.k][x.i] = answers[n]));
  }

  return subjects.map(
    (s, k) =>
      new Set(
        candidates[k].filter((userId, i) => canSee(grants.get(userId)!, s.subjectType, s.access, s.state, facts[k][i])),
      ),
  );
}
