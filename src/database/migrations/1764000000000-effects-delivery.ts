import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Effect delivery: durable timers, notifications (e-mail, webhook, in-app inbox) with their delivery
 * records, agency webhooks, and a wake-up (NOTIFY tandem_outbox) sent when outbox rows commit.
 */
export class EffectsDelivery1764000000000 implements MigrationInterface {
  name = 'EffectsDelivery1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN processed_at timestamptz, ADD COLUMN last_error text`);
    await q.query(
      `CREATE INDEX outbox_unprocessed ON outbox (relayed_at) WHERE processed_at IS NULL AND relayed_at IS NOT NULL`,
    );
    // NOTIFY is delivered on commit only: a rolled-back transition wakes nobody.
    await q.query(`
      CREATE FUNCTION outbox_wake_relay() RETURNS trigger AS $$
      BEGIN
        PERFORM pg_notify('tandem_outbox', '');
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await q.query(
      `CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay()`,
    );

    await q.query(`
      CREATE TABLE timers (
        id varchar(200) PRIMARY KEY,
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        name varchar(80) NOT NULL,
        event jsonb NOT NULL,
        due_at timestamptz NOT NULL,
        state varchar(12) NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'fired', 'dropped', 'cancelled', 'failed')),
        generation int NOT NULL DEFAULT 1,
        outcome text,
        fired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX timers_due ON timers (due_at) WHERE state = 'scheduled'`);
    await q.query(`CREATE INDEX timers_instance ON timers (instance_id)`);

    await q.query(`
      CREATE TABLE agency_webhooks (
        agency_id uuid PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
        url varchar(2000) NOT NULL,
        secret varchar(200) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        outbox_id uuid NOT NULL REFERENCES outbox(id),
        instance_id uuid NOT NULL REFERENCES workflow_instances(id),
        template varchar(80) NOT NULL,
        channel varchar(12) NOT NULL CHECK (channel IN ('email', 'webhook', 'inbox')),
        recipient_key varchar(80) NOT NULL,
        recipient_user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        recipient_party_id uuid REFERENCES proposal_parties(id) ON DELETE CASCADE,
        agency_id uuid REFERENCES agencies(id),
        locale varchar(8) NOT NULL DEFAULT 'en',
        status varchar(12) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        retries int NOT NULL DEFAULT 0,
        last_error text,
        subject varchar(300),
        body text,
        delivered_at timestamptz,
        failed_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notifications_once UNIQUE (outbox_id, channel, recipient_key)
      )`);
    await q.query(
      `CREATE INDEX notifications_inbox ON notifications (recipient_user_id, created_at) WHERE channel = 'inbox'`,
    );
    await q.query(`CREATE INDEX notifications_failed ON notifications (failed_at) WHERE status = 'failed'`);
    await q.query(`CREATE INDEX notifications_pending ON notifications (created_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notifications_instance ON notifications (instance_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE agency_webhooks`);
    await q.query(`DROP TABLE timers`);
    await q.query(`DROP TRIGGER outbox_wake_relay ON outbox`);
    await q.query(`DROP FUNCTION outbox_wake_relay()`);
    await q.query(`DROP INDEX outbox_unprocessed`);
    await q.query(`ALTER TABLE outbox DROP COLUMN processed_at, DROP COLUMN last_error`);
  }
}
