import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, point 1 (duplicate funding, Japan's e-Rad practice): researcher identities on the
 * parties' principal investigators and the team members (ORCID iD, national researcher number,
 * declared effort in percent of their working time), and the twin of a proposal that an agency's
 * own system holds (its reference and key fields, compared with the Tandem proposal). The PD's
 * rulings are steps of the proposal's own log (transition_log), not a table of their own.
 */
export class DuplicateFunding1764835000000 implements MigrationInterface {
  name = 'DuplicateFunding1764835000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, prefix] of [
      ['proposal_parties', 'pi_'],
      ['proposal_members', ''],
    ]) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN ${prefix}orcid char(19),
          ADD COLUMN ${prefix}researcher_number char(8),
          ADD COLUMN ${prefix}effort_percent smallint,
          ADD CONSTRAINT ${table}_${prefix}effort_percent_check CHECK (${prefix}effort_percent BETWEEN 0 AND 100)`);
      await q.query(
        `CREATE INDEX ${table}_${prefix}orcid ON ${table} (${prefix}orcid) WHERE ${prefix}orcid IS NOT NULL`,
      );
      await q.query(
        `CREATE INDEX ${table}_${prefix}researcher_number ON ${table} (${prefix}researcher_number) WHERE ${prefix}researcher_number IS NOT NULL`,
      );
    }
    await q.query(`
      CREATE TABLE twin_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        system varchar(60) NOT NULL,
        reference varchar(100) NOT NULL,
        title varchar(300) NOT NULL,
        principal_investigators text[] NOT NULL DEFAULT '{}',
        budget bigint NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT twin_proposals_budget_check CHECK (budget >= 0),
        CONSTRAINT twin_proposals_period_check CHECK (ends_on > starts_on),
        CONSTRAINT twin_proposals_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposals(id) ON DELETE CASCADE,
        CONSTRAINT twin_proposals_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies(id),
        CONSTRAINT twin_proposals_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES users(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX twin_proposals_proposal_agency ON twin_proposals (proposal_id, agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE twin_proposals`);
    for (const [table, prefix] of [
      ['proposal_members', ''],
      ['proposal_parties', 'pi_'],
    ]) {
      await q.query(`DROP INDEX ${table}_${prefix}researcher_number`);
      await q.query(`DROP INDEX ${table}_${prefix}orcid`);
      await q.query(`
        ALTER TABLE ${table}
          DROP CONSTRAINT ${table}_${prefix}effort_percent_check,
          DROP COLUMN ${prefix}effort_percent,
          DROP COLUMN ${prefix}researcher_number,
          DROP COLUMN ${prefix}orcid`);
    }
  }
}
