import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox trigger's wake-up (NOTIFY tandem_outbox) only while no relay is awake. PostgreSQL
 * serialises the commits of transactions that notify (one lock held from before the commit record
 * until after its flush), which stops concurrent transitions from sharing a WAL flush. A relay that
 * is relaying polls at a short interval anyway: it holds a lease here (`awake_until`) while it does,
 * and lets it go after a quiet spell, when the wake-ups start again. A relay that dies holding its
 * lease silences them for at most the lease (src/effects/outbox-relay.ts).
 */
export class QuietOutbox1764840100000 implements MigrationInterface {
  name = 'QuietOutbox1764840100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_relays (
        id uuid PRIMARY KEY,
        awake_until timestamptz
      ) WITH (fillfactor = 50)`);
    // clock_timestamp(): the moment of the insert, not the start of a long transaction.
    await q.query(`
      CREATE OR REPLACE FUNCTION outbox_wake_relay() RETURNS trigger AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM outbox_relays WHERE awake_until > clock_timestamp()) THEN
          PERFORM pg_notify('tandem_outbox', '');
        END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION outbox_wake_relay() RETURNS trigger AS $$
      BEGIN
        PERFORM pg_notify('tandem_outbox', '');
        RETURN NULL;
      END $$ LANGUAGE plpgsql`);
    await q.query(`DROP TABLE outbox_relays`);
  }
}
