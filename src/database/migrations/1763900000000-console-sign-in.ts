import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords (argon2id hashes) and lock-out counters for the console, and its sessions. */
export class ConsoleSignIn1763900000000 implements MigrationInterface {
  name = 'ConsoleSignIn1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN password_hash varchar(255),
        ADD COLUMN password_changed_at timestamptz,
        ADD COLUMN failed_sign_ins int NOT NULL DEFAULT 0,
        ADD COLUMN last_failed_sign_in_at timestamptz,
        ADD COLUMN locked_until timestamptz`);
    await q.query(`
      CREATE TABLE user_sessions (
        id char(64) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX user_sessions_user ON user_sessions (user_id)`);
    await q.query(`CREATE INDEX user_sessions_expiry ON user_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE user_sessions`);
    await q.query(`
      ALTER TABLE users
        DROP COLUMN password_hash,
        DROP COLUMN password_changed_at,
        DROP COLUMN failed_sign_ins,
        DROP COLUMN last_failed_sign_in_at,
        DROP COLUMN locked_until`);
  }
}
