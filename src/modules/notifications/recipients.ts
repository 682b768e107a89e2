import type { QueryRunner } from 'typeorm';
import { AGENCY_STAFF, type AccessContext, type Audience, type Role } from '../../../workflows/index.js';
import { localeOf, type Locale } from './template-catalog.js';

/** Someone a notification goes to: a user, or a party's principal investigator who is not a user. */
export interface Recipient {
  key: string;
  userId: string | null;
  partyId: string | null;
  locale: Locale;
  /** How messages address them (in-app entries are rendered at once). */
  name: string;
}

/** The roles an audience means, and at which of the instance's agencies. */
const BY_ROLE: Partial<Record<Audience, { roles: readonly Role[]; at: 'lead' | 'participants' | 'event-agency' }>> = {
  'lead-program-officers': { roles: ['program_officer'], at: 'lead' },
  'participant-staff': { roles: AGENCY_STAFF, at: 'participants' },
  'participant-program-officers': { roles: ['program_officer'], at: 'participants' },
  'event-agency-staff': { roles: AGENCY_STAFF, at: 'event-agency' },
  'panel-members': { roles: ['panel_member'], at: 'participants' },
  'board-members': { roles: ['board_member'], at: 'participants' },
  'steering-committee': { roles: ['steering_committee_member'], at: 'participants' },
};

/**
 * Who an audience is, for one instance: role grants at the agencies of its access context
 * (`{agencies, lead, owners}`), its owners, administrators, the principal investigators of a
 * proposal's parties, and users the effect named. Each person once, in their own language.
 */
export async function resolveRecipients(
  q: QueryRunner,
  args: { subjectType: string; instanceId: string; access: AccessContext; audience: readonly Audience[]; userIds: readonly string[]; agency: string | undefined },
): Promise<Recipient[]> {
  const userIds = new Set<string>(args.userIds);
  const grants: { roles: Role[]; agencies: string[] }[] = [];
  let administrators = false;
  let investigators = false;
  for (const audience of args.audience) {
    if (audience === 'owners') args.access.owners.forEach((id) => userIds.add(id));
    else if (audience === 'administrators') administrators = true;
    else if (audience === 'principal-investigators') investigators = true;
    else {
      const spec = BY_ROLE[audience];
      if (!spec) continue;
      const agencies = spec.at === 'lead' ? [args.access.lead] : spec.at === 'participants' ? args.access.agencies : args.agency ? [args.agency] : [];
      grants.push({ roles: [...spec.roles], agencies });
    }
  }

  const users = new Map<string, Recipient>();
  const addUsers = (rows: { id: string; locale: string; name: string }[]) =>
    rows.forEach((r) => users.set(r.id, { key: `user:${r.id}`, userId: r.id, partyId: null, locale: localeOf(r.locale), name: r.name }));

  // Everyone by user id or by role in one query.
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const byRole = grants.filter((g) => g.agencies.length).map((g) => `(rg.role = ANY(${p(g.roles)}) AND a.code = ANY(${p(g.agencies)}))`);
  if (administrators) byRole.push(`rg.role = 'administrator'`);
  const parts: string[] = [];
  if (userIds.size) parts.push(`SELECT u.id, u.locale, u.display_name AS name FROM users u WHERE u.id = ANY(${p([...userIds])}::uuid[])`);
  if (byRole.length) {
    parts.push(`SELECT u.id, u.locale, u.display_name AS name FROM role_grants rg JOIN users u ON u.id = rg.user_id
                  LEFT JOIN agencies a ON a.id = rg.agency_id WHERE ${byRole.join(' OR ')}`);
  }
  if (parts.length) addUsers(await q.query(`${parts.join(' UNION ')} ORDER BY id`, params));
  const parties: Recipient[] = [];
  if (investigators && args.subjectType === 'proposal') {
    const rows: { party_id: string; user_id: string | null; locale: string | null; country: string; user_name: string | null; pi_name: string }[] = await q.query(
      `SELECT p.id AS party_id, u.id AS user_id, u.locale, p.country, u.display_name AS user_name, p.pi_name
         FROM proposal_parties p LEFT JOIN users u ON u.email = lower(p.pi_email)
        WHERE p.proposal_id = $1 AND p.pi_email IS NOT NULL
        ORDER BY p.id`,
      [args.instanceId],
    );
    for (const r of rows) {
      if (r.user_id) addUsers([{ id: r.user_id, locale: r.locale ?? 'en', name: r.user_name ?? r.pi_name }]);
      // A principal investigator without an account reads the language of their country.
      else parties.push({ key: `party:${r.party_id}`, userId: null, partyId: r.party_id, locale: r.country === 'JP' ? 'ja' : 'en', name: r.pi_name });
    }
  }
  return [...users.values(), ...parties];
}
