import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import type { AccessContext, Audience, Role } from '../../../workflows/index.js';
import type { MessageFacts } from './message-context.js';
// A proposal never submitted is its applicants' alone: no agency hears of it (canSee's `unsubmitted`).
import { appointedOfCallSql, submittedSql } from '../reviews/review-access.js';

/** An outbox `notify` row's payload: which template, to whom. */
export interface NotifyPayload {
  template: string;
  audience?: Audience[];
  recipients?: string[];
  agency?: string;
  data?: Record<string, unknown>;
  /** People invited to a proposal's party (`proposal_members` ids), told before they are members. */
  members?: string[];
}

/** A notification under its row lock, with everything its message needs. */
export interface NotificationRow extends MessageFacts {
  id: string;
  outbox_id: string;
  instance_id: string;
  template: string;
  channel: string;
  agency_id: string | null;
  locale: string;
  status: string;
  attempts: number;
  retries: number;
  payload: NotifyPayload;
  address: string | null;
  name: string | null;
  user_locale: string | null;
  state: string;
  /** Webhooks only. */
  hook_url?: string | null;
  hook_secret?: string | null;
  hook_active?: boolean;
  hook_agency?: string | null;
  transition_seq?: number;
  occurred_at?: Date;
  to_state?: string | null;
  event_type?: string | null;
}

/** An outbox `notify` row under its row lock, with its instance's titles and the webhooks it may go to. */
export interface DispatchRow extends MessageFacts {
  id: string;
  payload: NotifyPayload;
  processed_at: Date | null;
  state: string;
  access: AccessContext;
  /** Agencies of the instance with an active webhook. */
  webhook_agencies: string[];
}

/** A notification still to deliver by a job (e-mail, webhook). */
export interface PendingDelivery {
  id: string;
  channel: string;
  retries: number;
}

/** One try's failure to record. */
export interface FailedTry {
  id: string;
  error: string;
  /** No try follows: the notification becomes `failed`. */
  final: boolean;
}

export interface InboxRow {
  id: string;
  template: string;
  subject: string;
  body: string;
  instance_id: string;
  subject_type: string;
  created_at: Date;
  read_at: Date | null;
}

export interface DeliveryListRow {
  id: string;
  template: string;
  channel: string;
  status: string;
  instance_id: string;
  subject_type: string;
  recipient_user_id: string | null;
  recipient_party_id: string | null;
  agency: string | null;
  attempts: number;
  retries: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  failed_at: Date | null;
}

export interface WebhookRow {
  agency: string;
  url: string;
  active: boolean;
  updated_at: Date;
}

/** Whom one instance's audience names: users by id, role grants at agencies, administrators. */
export interface AudienceQuery {
  userIds: readonly string[];
  /** Role grants at agencies; `users`: only these users (an agency's appointed PO/PD for the call). */
  grants: readonly { roles: readonly Role[]; agencies: readonly string[]; users?: readonly string[] }[];
  administrators: boolean;
}

export interface InvestigatorRow {
  proposal_id: string;
  party_id: string;
  user_id: string | null;
  locale: string | null;
  country: string;
  user_name: string | null;
  pi_name: string;
}

/**
 * What a message says about its subject (message-context.ts MessageFacts), for the outbox row `o`
 * of the instance `wi`: the call and proposal (a review assignment's), the agency the event was for
 * (else the assignment's), a review's due date, and the state the transition reached.
 */
const FACTS = {
  columns: `c.id AS call_id, c.title AS call_title, c.title_en AS call_title_en, c.title_ja AS call_title_ja,
         c.authoritative_language AS call_authoritative_language, pr.id AS proposal_id, pr.title AS proposal_title,
         to_char(fp.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS due_at,
         COALESCE(ea.code, aa.code) AS agency_code, COALESCE(ea.name, aa.name) AS agency_name,
         COALESCE(ea.name_ja, aa.name_ja) AS agency_name_ja, ft.to_state AS reached_state`,
  joins: `
    LEFT JOIN assignments asg ON asg.id = wi.id
    LEFT JOIN proposals pr ON pr.id = COALESCE(asg.proposal_id, wi.id)
    LEFT JOIN calls c ON c.id = COALESCE(pr.call_id, wi.id)
    LEFT JOIN workflow_projections fp ON fp.instance_id = wi.id
    LEFT JOIN agencies ea ON ea.code = COALESCE(o.payload->>'agency', o.payload->'data'->>'agency')
    LEFT JOIN agencies aa ON aa.id = asg.agency_id
    LEFT JOIN transition_log ft ON ft.instance_id = o.instance_id AND ft.seq = o.transition_seq`,
};

/** The columns a new notification is written with, in this order. */
export type NewNotification = [
  outboxId: string,
  instanceId: string,
  template: string,
  channel: string,
  recipientKey: string,
  userId: string | null,
  partyId: string | null,
  memberId: string | null,
  agencyId: string | null,
  locale: string,
  status: string,
  subject: string | null,
  body: string | null,
  deliveredAt: Date | null,
  lastError: string | null,
  failedAt: Date | null,
];

/**
 * The notifications under their row locks, with everything their messages need, in one round trip
 * on the connection that holds the locks: a delivery never asks the pool for a second connection
 * while it holds one (with every connection held by a job waiting for another, nothing would move).
 * `more` adds a channel's own columns and joins.
 */
const loadLocked = (more: { columns: string; joins: string } = { columns: '', joins: '' }) => `
  SELECT n.id, n.outbox_id, n.instance_id, n.template, n.channel, n.agency_id, n.locale, n.status, n.attempts, n.retries, o.payload,
         COALESCE(u.email, p.pi_email, pm.email) AS address, COALESCE(u.display_name, p.pi_name, pm.name) AS name, u.locale AS user_locale,
         wi.subject_type, wi.state, ${FACTS.columns}${more.columns}
    FROM notifications n
    JOIN outbox o ON o.id = n.outbox_id
    JOIN workflow_instances wi ON wi.id = n.instance_id
    LEFT JOIN users u ON u.id = n.recipient_user_id
    LEFT JOIN proposal_parties p ON p.id = n.recipient_party_id
    LEFT JOIN proposal_members pm ON pm.id = n.recipient_member_id${FACTS.joins}${more.joins}
   WHERE n.id = ANY($1::uuid[])
     FOR UPDATE OF n SKIP LOCKED`;

/** What each channel loads with its notifications: a webhook also its receiver and the transition it reports. */
const LOAD = {
  email: loadLocked(),
  webhook: loadLocked({
    columns: `,
         w.url AS hook_url, w.secret AS hook_secret, COALESCE(w.active, false) AS hook_active, wa.code AS hook_agency,
         o.transition_seq, o.created_at AS occurred_at, l.to_state, l.event_type`,
    joins: `
    LEFT JOIN agency_webhooks w ON w.agency_id = n.agency_id
    LEFT JOIN agencies wa ON wa.id = w.agency_id
    LEFT JOIN transition_log l ON l.instance_id = o.instance_id AND l.seq = o.transition_seq`,
  }),
} as const;

export type DeliveryLoad = keyof typeof LOAD;

/** `ARRAY['…','…']::uuid[]` of ids already checked against UUID: SQL text for the simple protocol. */
const uuidArray = (ids: string[]) => `ARRAY[${ids.map((id) => `'${id}'`).join(',')}]::uuid[]`;

/** The effects under their row locks, with their instances' titles and the webhooks they may go to: one round trip. */
const DISPATCH_ROWS = `
  SELECT o.id, o.instance_id, o.payload, o.processed_at, wi.subject_type, wi.state,
         json_build_object('agencies', wp.agencies, 'lead', wp.lead, 'owners', wp.owners) AS access,
         ${FACTS.columns},
         ARRAY(SELECT w.agency_id FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id
                WHERE w.active AND a.code = ANY(wp.agencies)
                  AND (wi.subject_type <> 'proposal' OR ${submittedSql('wi.id')})
                ORDER BY w.agency_id) AS webhook_agencies
    FROM outbox o
    JOIN workflow_instances wi ON wi.id = o.instance_id
    JOIN workflow_projections wp ON wp.instance_id = wi.id${FACTS.joins}
   WHERE o.id = ANY($1::uuid[]) AND o.kind = 'notify'
   ORDER BY o.id
     FOR UPDATE OF o`;

const NEW_NOTIFICATION_COLUMNS =
  'outbox_id, instance_id, template, channel, recipient_key, recipient_user_id, recipient_party_id, recipient_member_id, agency_id, locale, status, subject, body, delivered_at, last_error, failed_at';

/** The SQL types of NewNotification's columns, in its order: one array parameter each. */
const NEW_NOTIFICATION_TYPES = [
  'uuid',
  'uuid',
  'text',
  'text',
  'text',
  'uuid',
  'uuid',
  'uuid',
  'uuid',
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'text',
  'timestamptz',
] as const;

/**
 * Writes new notifications (those already written are skipped: unique `(outbox_id, channel,
 * recipient_key)`) and marks effects processed, in one statement of fixed text whatever the number
 * of rows: a column per array parameter, so binding and planning do not grow with the rows ($1..$16:
 * the columns, $17: the effects processed).
 */
const INSERT_NOTIFICATIONS = `
  WITH inserted AS (
         INSERT INTO notifications (${NEW_NOTIFICATION_COLUMNS})
         SELECT * FROM unnest(${NEW_NOTIFICATION_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
         ON CONFLICT ON CONSTRAINT notifications_once DO NOTHING
         RETURNING id, channel, status, retries),
       processed AS (
         UPDATE outbox SET processed_at = now(), last_error = NULL WHERE id = ANY($${NEW_NOTIFICATION_TYPES.length + 1}::uuid[]))
  SELECT id, channel, status, retries FROM inserted`;

/**
 * The notifications' SQL: dispatch (outbox `notify` rows to notification rows), delivery under
 * row locks, the in-app inbox, failed deliveries and their retries, agencies' webhooks, and the
 * recipients an audience resolves to. Methods taking a QueryRunner or a pg client run inside the
 * caller's transaction.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- delivery: a pooled pg client, two round trips per batch -------------------------------

  /** Opens the transaction and locks and loads the notifications (ids checked against UUID) in one round trip. */
  async beginAndLockForDelivery(client: pg.PoolClient, load: DeliveryLoad, ids: string[]): Promise<NotificationRow[]> {
    const [, loaded] = (await client.query(
      `BEGIN; ${LOAD[load].replace('$1', uuidArray(ids))}`,
    )) as unknown as pg.QueryResult<NotificationRow>[];
    return loaded.rows;
  }

  /** Records failed tries: one more attempt, the error, and either `failed` or the next try after a backoff. */
  async recordFailedTries(client: pg.PoolClient, failures: FailedTry[], backoffMs: number): Promise<void> {
    await client.query(
      `UPDATE notifications n SET attempts = n.attempts + 1, last_error = f.error,
                  status = CASE WHEN f.final THEN 'failed' ELSE n.status END, failed_at = CASE WHEN f.final THEN now() END,
                  next_try_at = CASE WHEN f.final THEN NULL ELSE now() + $4::float8 * 2 ^ LEAST(n.attempts, 20) * interval '1 millisecond' END
             FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS f(id, error, final)
            WHERE n.id = f.id`,
      [failures.map((f) => f.id), failures.map((f) => f.error), failures.map((f) => f.final), backoffMs],
    );
  }

  /** Marks the delivered notifications (ids checked against UUID) and commits, in one round trip. */
  async markDeliveredAndCommit(client: pg.PoolClient, delivered: string[]): Promise<void> {
    await client.query(
      delivered.length
        ? `UPDATE notifications SET status = 'delivered', delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY(${uuidArray(delivered)}); COMMIT`
        : 'COMMIT',
    );
  }

  async rollback(client: pg.PoolClient): Promise<void> {
    await client.query('ROLLBACK');
  }

  // --- dispatch --------------------------------------------------------------------------------

  /** The outbox `notify` rows under their row locks, in id order (two jobs sharing rows never deadlock). */
  lockDispatchRows(q: QueryRunner, outboxIds: string[]): Promise<DispatchRow[]> {
    return q.query(DISPATCH_ROWS, [outboxIds]);
  }

  /** Keeps a dispatch's error on its outbox rows (its own statement). */
  async recordDispatchError(outboxIds: string[], error: string): Promise<void> {
    await this.dataSource.query(`UPDATE outbox SET last_error = $2 WHERE id = ANY($1::uuid[])`, [outboxIds, error]);
  }

  /** What effects processed before still have to deliver by a job. */
  pendingDeliveriesOf(outboxIds: string[]): Promise<PendingDelivery[]> {
    return this.dataSource.query(
      `SELECT id, channel, retries FROM notifications WHERE outbox_id = ANY($1::uuid[]) AND status = 'pending' AND channel <> 'inbox'`,
      [outboxIds],
    );
  }

  /** Marks an effect processed with the reason it was set aside. */
  async setAside(q: QueryRunner, outboxId: string, reason: string): Promise<void> {
    await q.query(`UPDATE outbox SET processed_at = now(), last_error = $2 WHERE id = $1`, [outboxId, reason]);
  }

  /**
   * Writes the notifications (those already written are skipped) and marks the effects `processed`
   * processed, in one statement; answers the new notifications still to deliver by a job.
   */
  async insertNotifications(q: QueryRunner, rows: NewNotification[], processed: string[]): Promise<PendingDelivery[]> {
    const columns = NEW_NOTIFICATION_TYPES.map((_, j) => rows.map((r) => r[j]));
    const returned: (PendingDelivery & { status: string })[] = await q.query(INSERT_NOTIFICATIONS, [
      ...columns,
      processed,
    ]);
    return returned
      .filter((r) => r.status === 'pending' && r.channel !== 'inbox')
      .map(({ id, channel, retries }) => ({ id, channel, retries }));
  }

  // --- recipients ------------------------------------------------------------------------------

  /**
   * The users each instance's audience names (`k`: the instance's index), in one statement of fixed
   * text whatever the number of instances and grants: the audiences travel as parallel arrays (by
   * user id; by role grant at an agency, optionally only some users; administrators), so the
   * statement costs in proportion to the rows it reads, not to a UNION branch per instance to plan.
   */
  async audienceUsers(
    q: QueryRunner,
    audiences: readonly AudienceQuery[],
  ): Promise<{ k: number; id: string; locale: string; name: string }[]> {
    const byId: { k: number[]; user: string[] } = { k: [], user: [] };
    const byRole: { k: number[]; role: string[]; agency: string[]; user: (string | null)[] } = {
      k: [],
      role: [],
      agency: [],
      user: [],
    };
    const administrators: number[] = [];
    audiences.forEach((a, k) => {
      for (const id of a.userIds) {
        byId.k.push(k);
        byId.user.push(id);
      }
      for (const g of a.grants)
        for (const role of g.roles)
          for (const agency of g.agencies)
            // `users`: only these users hold the grant for it here (an empty list: nobody).
            for (const user of g.users ?? [null]) {
              byRole.k.push(k);
              byRole.role.push(role);
              byRole.agency.push(agency);
              byRole.user.push(user);
            }
      if (a.administrators) administrators.push(k);
    });
    if (!byId.k.length && !byRole.k.length && !administrators.length) return [];
    return q.query(
      `SELECT s.k, u.id, u.locale, u.display_name AS name
         FROM (SELECT t.k, t.user_id FROM unnest($1::int[], $2::uuid[]) AS t(k, user_id)
               UNION
               SELECT g.k, rg.user_id
                 FROM unnest($3::int[], $4::text[], $5::text[], $6::uuid[]) AS g(k, role, agency, user_id)
                 JOIN agencies a ON a.code = g.agency
                 JOIN role_grants rg ON rg.agency_id = a.id AND rg.role = g.role AND (g.user_id IS NULL OR rg.user_id = g.user_id)
               UNION
               SELECT m.k, rg.user_id FROM unnest($7::int[]) AS m(k) JOIN role_grants rg ON rg.role = 'administrator') s
         JOIN users u ON u.id = s.user_id
        ORDER BY s.k, u.id`,
      [byId.k, byId.user, byRole.k, byRole.role, byRole.agency, byRole.user, administrators],
    );
  }

  /** The PO/PD each agency appointed for each proposal's call (proposals whose call has none are left out). */
  async appointedOfProposals(
    q: QueryRunner,
    proposalIds: readonly string[],
  ): Promise<Map<string, Record<string, string[]>>> {
    const rows: { id: string; appointed: Record<string, string[]> | null }[] = await q.query(
      `SELECT p.id, ${appointedOfCallSql('p.call_id')} AS appointed FROM proposals p WHERE p.id = ANY($1::uuid[])`,
      [[...proposalIds]],
    );
    return new Map(rows.filter((r) => r.appointed).map((r) => [r.id, r.appointed!]));
  }

  /** The principal investigators (with an e-mail address) of the proposals' parties, and their accounts if any. */
  investigatorsOf(q: QueryRunner, proposalIds: string[]): Promise<InvestigatorRow[]> {
    return q.query(
      `SELECT p.proposal_id, p.id AS party_id, u.id AS user_id, u.locale, p.country, u.display_name AS user_name, p.pi_name
           FROM proposal_parties p LEFT JOIN users u ON u.email = lower(p.pi_email)
          WHERE p.proposal_id = ANY($1::uuid[]) AND p.pi_email IS NOT NULL
          ORDER BY p.proposal_id, p.id`,
      [proposalIds],
    );
  }

  /** People invited to proposals' parties, by id, with their accounts if any (for their language). */
  invitees(q: QueryRunner, memberIds: string[]): Promise<{ id: string; name: string; locale: string | null }[]> {
    return q.query(
      `SELECT pm.id, pm.name, u.locale FROM proposal_members pm LEFT JOIN users u ON u.email = pm.email WHERE pm.id = ANY($1::uuid[])`,
      [memberIds],
    );
  }

  /** Accepted members (principal investigators and team members) of the proposals' parties. */
  partyMembersOf(q: QueryRunner, proposalIds: string[]): Promise<{ proposal_id: string; user_id: string }[]> {
    return q.query(
      `SELECT proposal_id, user_id FROM proposal_members WHERE proposal_id = ANY($1::uuid[]) AND user_id IS NOT NULL AND accepted_at IS NOT NULL`,
      [proposalIds],
    );
  }

  /** The role grants of the users, with their agencies' codes. */
  roleGrantsOf(q: QueryRunner, userIds: string[]): Promise<{ user_id: string; role: Role; agency: string | null }[]> {
    return q.query(
      `SELECT rg.user_id, rg.role, a.code AS agency FROM role_grants rg LEFT JOIN agencies a ON a.id = rg.agency_id WHERE rg.user_id = ANY($1::uuid[])`,
      [userIds],
    );
  }

  // --- inbox -----------------------------------------------------------------------------------

  private static inboxFilter(unreadOnly: boolean): string {
    // An entry that could not be rendered (status failed) is not shown.
    return `n.channel = 'inbox' AND n.status = 'delivered' AND n.recipient_user_id = $1${unreadOnly ? ' AND n.read_at IS NULL' : ''}`;
  }

  async inboxCounts(userId: string, unreadOnly: boolean): Promise<{ total: number; unread: number }> {
    const [row]: { total: number; unread: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread FROM notifications n WHERE ${NotificationsRepository.inboxFilter(unreadOnly)}`,
      [userId],
    );
    return row;
  }

  /** A page of the user's inbox: unread first, then newest first. */
  inboxPage(userId: string, unreadOnly: boolean, limit: number, offset: number): Promise<InboxRow[]> {
    return this.dataSource.query(
      `SELECT n.id, n.template, n.subject, n.body, n.instance_id, wi.subject_type, n.created_at, n.read_at
         FROM notifications n JOIN workflow_instances wi ON wi.id = n.instance_id
        WHERE ${NotificationsRepository.inboxFilter(unreadOnly)}
        ORDER BY (n.read_at IS NULL) DESC, n.created_at DESC, n.id
        LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
  }

  /** Marks one of the user's inbox entries read (again: no change); undefined when it is not theirs. */
  async markRead(id: string, userId: string): Promise<InboxRow | undefined> {
    const [row]: InboxRow[] = await this.dataSource.query(
      `WITH marked AS (
         UPDATE notifications SET read_at = COALESCE(read_at, now())
          WHERE id = $1 AND channel = 'inbox' AND status = 'delivered' AND recipient_user_id = $2
          RETURNING id, template, subject, body, instance_id, created_at, read_at)
       SELECT m.*, wi.subject_type FROM marked m JOIN workflow_instances wi ON wi.id = m.instance_id`,
      [id, userId],
    );
    return row;
  }

  /** Marks all the user's unread inbox entries read; answers how many. */
  async markAllRead(userId: string): Promise<number> {
    const [, marked] = await this.dataSource.query(
      `UPDATE notifications SET read_at = now() WHERE channel = 'inbox' AND status = 'delivered' AND recipient_user_id = $1 AND read_at IS NULL`,
      [userId],
    );
    return marked ?? 0;
  }

  // --- deliveries for administrators -----------------------------------------------------------

  /** Deliveries (not inbox entries) of a status, newest first, with their total. */
  async listDeliveries(filter: {
    status: string;
    channel?: string;
    template?: string;
    limit: number;
    offset: number;
  }): Promise<{ total: number; rows: DeliveryListRow[] }> {
    const where = ['n.status = $1', `n.channel <> 'inbox'`];
    const params: unknown[] = [filter.status];
    if (filter.channel) where.push(`n.channel = $${params.push(filter.channel)}`);
    if (filter.template) where.push(`n.template = $${params.push(filter.template)}`);
    const sqlFilter = where.join(' AND ');
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM notifications n WHERE ${sqlFilter}`,
      params,
    );
    const rows: DeliveryListRow[] = await this.dataSource.query(
      `SELECT n.id, n.template, n.channel, n.status, n.instance_id, wi.subject_type, n.recipient_user_id, n.recipient_party_id, a.code AS agency,
              n.attempts, n.retries, n.last_error, n.created_at, n.delivered_at, n.failed_at
         FROM notifications n JOIN workflow_instances wi ON wi.id = n.instance_id LEFT JOIN agencies a ON a.id = n.agency_id
        WHERE ${sqlFilter}
        ORDER BY COALESCE(n.failed_at, n.created_at) DESC, n.id
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    );
    return { total, rows };
  }

  /**
   * Puts failed notifications back to `pending` with a fresh count of attempts, and writes for each
   * an outbox row (kind `deliver`) in the same transaction; answers the ids retried.
   */
  async retryFailed(filter: { ids?: string[]; template?: string; channel?: string }): Promise<string[]> {
    const where = [`n.status = 'failed'`];
    const params: unknown[] = [];
    if (filter.ids) where.push(`n.id = ANY($${params.push(filter.ids)}::uuid[])`);
    if (filter.template) where.push(`n.template = $${params.push(filter.template)}`);
    if (filter.channel) where.push(`n.channel = $${params.push(filter.channel)}`);
    const rows: { id: string }[] = await this.dataSource.transaction(async (m) =>
      m.query(
        `WITH retried AS (
           UPDATE notifications n SET status = 'pending', retries = retries + 1, attempts = 0, failed_at = NULL, next_try_at = now()
            WHERE ${where.join(' AND ')}
            RETURNING n.id, n.instance_id, n.outbox_id, n.channel, n.retries)
         INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT r.instance_id, o.transition_seq, 'deliver', jsonb_build_object('notificationId', r.id, 'channel', r.channel, 'retries', r.retries)
           FROM retried r JOIN outbox o ON o.id = r.outbox_id
         RETURNING payload->>'notificationId' AS id`,
        params,
      ),
    );
    return rows.map((r) => r.id);
  }

  /** A delivery's (not an inbox entry's) status. */
  async deliveryStatus(id: string): Promise<{ status: string } | undefined> {
    const [row]: { status: string }[] = await this.dataSource.query(
      `SELECT status FROM notifications WHERE id = $1 AND channel <> 'inbox'`,
      [id],
    );
    return row;
  }

  async retryState(id: string): Promise<{ id: string; status: string; retries: number } | undefined> {
    const [row]: { id: string; status: string; retries: number }[] = await this.dataSource.query(
      `SELECT id, status, retries FROM notifications WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** Per channel: failed and pending notifications. */
  countsByChannel(): Promise<{ channel: string; failed: number; pending: number }[]> {
    return this.dataSource.query(
      // Only the failed and pending rows, each through its partial index (notifications_failed, _pending).
      `SELECT channel, sum(failed)::int AS failed, sum(pending)::int AS pending FROM (
         SELECT channel, count(*) AS failed, 0 AS pending FROM notifications WHERE status = 'failed' GROUP BY channel
         UNION ALL
         SELECT channel, 0, count(*) FROM notifications WHERE status = 'pending' GROUP BY channel) c
        GROUP BY channel ORDER BY channel`,
    );
  }

  /** The latest failed deliveries (no addresses). */
  latestFailed(limit: number): Promise<
    {
      id: string;
      template: string;
      channel: string;
      agency: string | null;
      attempts: number;
      last_error: string | null;
      failed_at: Date | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT n.id, n.template, n.channel, a.code AS agency, n.attempts, n.last_error, n.failed_at
             FROM notifications n LEFT JOIN agencies a ON a.id = n.agency_id
            WHERE n.status = 'failed' AND n.channel <> 'inbox' ORDER BY n.failed_at DESC NULLS LAST, n.id LIMIT $1`,
      [limit],
    );
  }

  // --- webhooks --------------------------------------------------------------------------------

  async findWebhook(agencyCode: string): Promise<WebhookRow | undefined> {
    const [row]: WebhookRow[] = await this.dataSource.query(
      `SELECT a.code AS agency, w.url, w.active, w.updated_at FROM agency_webhooks w JOIN agencies a ON a.id = w.agency_id WHERE a.code = $1`,
      [agencyCode],
    );
    return row;
  }

  async agencyId(agencyCode: string): Promise<string | undefined> {
    const [agency]: { id: string }[] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [
      agencyCode,
    ]);
    return agency?.id;
  }

  async upsertWebhook(
    agencyId: string,
    hook: { url: string; secret: string; active: boolean },
  ): Promise<Omit<WebhookRow, 'agency'>> {
    const [row]: Omit<WebhookRow, 'agency'>[] = await this.dataSource.query(
      `INSERT INTO agency_webhooks (agency_id, url, secret, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (agency_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, active = EXCLUDED.active, updated_at = now()
       RETURNING url, active, updated_at`,
      [agencyId, hook.url, hook.secret, hook.active],
    );
    return row;
  }

  /** Removes an agency's webhook; answers how many were removed (0 or 1). */
  async deleteWebhook(agencyCode: string): Promise<number> {
    // A DELETE answers [rows, count] through TypeORM.
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM agency_webhooks w USING agencies a WHERE a.id = w.agency_id AND a.code = $1 RETURNING w.agency_id`,
      [agencyCode],
    );
    return deleted ?? 0;
  }
}
