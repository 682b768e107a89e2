import type { QueryRunner } from 'typeorm';
import { AGENCY_STAFF, type AccessContext, type Audience, type Role } from '../../../workflows/index.js';
import { whoMaySee } from './audience-filter.js';
import type { AudienceQuery, NotificationsRepository } from './notifications.repository.js';
import { localeOf, type Locale } from './template-catalog.js';

/** Someone a notification goes to: a user, or a party's principal investigator who is not a user. */
export interface Recipient {
  key: string;
  userId: string | null;
  partyId: string | null;
  /** A person invited to a proposal's party, not a member yet (`member:<id>`). */
  memberId?: string | null;
  locale: Locale;
  /** How messages address them (in-app entries are rendered at once). */
  name: string;
}

/** The roles an audience means, and at which of the instance's agencies. */
const BY_ROLE: Partial<Record<Audience, { roles: readonly Role[]; at: 'lead' | 'participants' | 'event-agency' }>> = {
  'lead-program-officers': { roles: ['program_officer'], at: 'lead' },
  'participant-staff': { roles: AGENCY_STAFF, at: 'participants' },
  'participant-program-officers': { roles: ['program_officer'], at: 'participants' },
  'participant-program-directors': { roles: ['program_director'], at: 'participants' },
  'event-agency-staff': { roles: AGENCY_STAFF, at: 'event-agency' },
  'panel-members': { roles: ['panel_member'], at: 'participants' },
  'board-members': { roles: ['board_member'], at: 'participants' },
  'steering-committee': { roles: ['steering_committee_member'], at: 'participants' },
};

/**
 * Audiences that ask a PO or PD to act: at an agency that appointed its PO/PD for the call (co-owned
 * calls), only its appointees are told, as only they act for it there (src/engine/access.ts
 * `actsFor`). Audiences of the agencies' staff at large still inform everyone.
 */
const ACTING_AUDIENCES = new Set<Audience>([
  'lead-program-officers',
  'participant-program-officers',
  'participant-program-directors',
]);

/** The PO/PD each agency appointed for the call of each instance (a call's own, a proposal's call's). */
async function appointmentsOf(repository: NotificationsRepository, q: QueryRunner, audiences: readonly AudienceOf[]) {
  const proposals = [...new Set(audiences.filter((a) => a.subjectType === 'proposal').map((a) => a.instanceId))];
  const byProposal = proposals.length ? await repository.appointedOfProposals(q, proposals) : new Map();
  return audiences.map((a) =>
    a.subjectType === 'proposal' ? byProposal.get(a.instanceId) : (a.access.appointed ?? undefined),
  );
}

export interface AudienceOf {
  subjectType: string;
  instanceId: string;
  access: AccessContext;
  /** The instance's state now: who may read it depends on it (a proposal in draft is its applicants'). */
  state: string;
  audience: readonly Audience[];
  userIds: readonly string[];
  agency: string | undefined;
  /** People invited to the proposal's parties, told as invitees (account or not). */
  members?: readonly string[];
}

/**
 * Who an audience is, for each of several instances (the effects of one dispatch), in a few queries
 * whatever their number: role grants at the agencies of each instance's access context
 * (`{agencies, lead, owners}`), its owners, administrators, the principal investigators of a
 * proposal's parties, and users the effect named. Each person once per instance, in their own
 * language. Every user so found, by role or by name, is then kept only if they may read the
 * instance (`whoMaySee`: the read models' rule, conflicts of interest included); the principal
 * investigators of a proposal's parties are told as its parties, account or not.
 */
export async function resolveRecipients(
  repository: NotificationsRepository,
  q: QueryRunner,
  audiences: readonly AudienceOf[],
): Promise<Recipient[][]> {
  // Everyone by user id or by role, for every instance, in one query (`k`: the instance's index).
  const queries: AudienceQuery[] = [];
  /** Indexes of the instances whose principal investigators are told. */
  const investigators = new Set<number>();
  const appointments = audiences.some((a) => a.audience.some((x) => ACTING_AUDIENCES.has(x)))
    ? await appointmentsOf(repository, q, audiences)
    : [];
  /** Indexes of the proposals whose owners are told: their parties' members are told with them. */
  const withMembers = new Set<number>();
  audiences.forEach((args, k) => {
    const userIds = new Set<string>(args.userIds);
    const grants: { roles: Role[]; agencies: string[]; users?: string[] }[] = [];
    let administrators = false;
    for (const audience of args.audience) {
      if (audience === 'owners' || audience === 'applicants') {
        args.access.owners.forEach((id) => userIds.add(id));
        if (audience === 'owners' && args.subjectType === 'proposal') withMembers.add(k);
      } else if (audience === 'administrators') administrators = true;
      else if (audience === 'principal-investigators') {
        if (args.subjectType === 'proposal') investigators.add(k);
      } else {
        const spec = BY_ROLE[audience];
        if (!spec) continue;
        const agencies =
          spec.at === 'lead'
            ? [args.access.lead]
            : spec.at === 'participants'
              ? args.access.agencies
              : args.agency
                ? [args.agency]
                : [];
        const appointed = ACTING_AUDIENCES.has(audience) ? appointments[k] : undefined;
        const open = agencies.filter((a) => !appointed?.[a]);
        if (open.length) grants.push({ roles: [...spec.roles], agencies: open });
        for (const a of agencies.filter((x) => appointed?.[x]))
          grants.push({ roles: [...spec.roles], agencies: [a], users: appointed![a] });
      }
    }
    queries.push({ userIds: [...userIds], grants, administrators });
  });

  // The parties' principal investigators and team members who accepted are told what its owners are.
  if (withMembers.size) {
    const rows = await repository.partyMembersOf(q, [...new Set([...withMembers].map((k) => audiences[k].instanceId))]);
    for (const k of withMembers)
      queries[k] = {
        ...queries[k],
        userIds: [
          ...queries[k].userIds,
          ...rows.filter((r) => r.proposal_id === audiences[k].instanceId).map((r) => r.user_id),
        ],
      };
  }
  const users = audiences.map(() => new Map<string, Recipient>());
  const addUser = (k: number, r: { id: string; locale: string; name: string }) =>
    users[k].set(r.id, { key: `user:${r.id}`, userId: r.id, partyId: null, locale: localeOf(r.locale), name: r.name });
  for (const r of await repository.audienceUsers(q, queries)) addUser(r.k, r);
  const parties = audiences.map((): Recipient[] => []);
  const readers = await whoMaySee(
    repository,
    q,
    audiences,
    users.map((m) => [...m.keys()]),
  );
  users.forEach((m, k) => {
    for (const id of m.keys()) if (!readers[k].has(id)) m.delete(id);
  });
  if (investigators.size) {
    const rows = await repository.investigatorsOf(q, [
      ...new Set([...investigators].map((k) => audiences[k].instanceId)),
    ]);
    for (const k of investigators) {
      for (const r of rows.filter((x) => x.proposal_id === audiences[k].instanceId)) {
        if (r.user_id) addUser(k, { id: r.user_id, locale: r.locale ?? 'en', name: r.user_name ?? r.pi_name });
        // A principal investigator without an account reads the language of their country.
        else
          parties[k].push({
            key: `party:${r.party_id}`,
            userId: null,
            partyId: r.party_id,
            locale: r.country === 'JP' ? 'ja' : 'en',
            name: r.pi_name,
          });
      }
    }
  }
  const invited = [...new Set(audiences.flatMap((a) => a.members ?? []))];
  if (invited.length) {
    const rows = await repository.invitees(q, invited);
    audiences.forEach((a, k) => {
      for (const r of rows.filter((x) => a.members?.includes(x.id)))
        parties[k].push({
          key: `member:${r.id}`,
          userId: null,
          partyId: null,
          memberId: r.id,
          locale: localeOf(r.locale ?? 'en'),
          name: r.name,
        });
    });
  }
  return audiences.map((_, k) => [...users[k].values(), ...parties[k]]);
}
