import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * J-RAPID and CHIRP as the seeds describe them (issue 15, branch chirp-jrapid).
 *
 * - `agencies.governmental`: whether the agency is a government organisation of its country. J-RAPID
 *   (seed 003): "Program adminstration through cooperation with disaster-affected national government
 *   organisations": a J-RAPID call's counterpart must be one. Existing agencies are not marked (an
 *   administrator marks them, `PATCH /agencies/:code`).
 * - `calls.disaster` (what, when, where) and `calls.affected_country`: the disaster a J-RAPID call
 *   answers and the country it struck (null for every other call).
 * - `proposal_members.local`: a researcher of the team based in the disaster-affected country (seed
 *   003: "Research investigation by a collaborative team including local as well as international
 *   researchers").
 * - The catalog's programs `chirp` and `j-rapid` publish `chirp-hub@3` and `j-rapid-call@3`.
 */
export class DisasterAndPeriods1764834000000 implements MigrationInterface {
  name = 'DisasterAndPeriods1764834000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies ADD COLUMN governmental boolean NOT NULL DEFAULT false`);
    await q.query(`
      ALTER TABLE calls
        ADD COLUMN disaster jsonb,
        ADD COLUMN affected_country char(2),
        ADD CONSTRAINT calls_affected_country_check CHECK (affected_country ~ '^[A-Z]{2}$')`);
    await q.query(`ALTER TABLE proposal_members ADD COLUMN local boolean NOT NULL DEFAULT false`);
    // New calls take the new versions where the catalog's were still published (calls made before keep theirs).
    await q.query(
      `UPDATE programs SET proposal_workflow = 'chirp-hub@3' WHERE code = 'chirp' AND proposal_workflow = 'chirp-hub@2'`,
    );
    await q.query(
      `UPDATE programs SET call_workflow = 'j-rapid-call@3' WHERE code = 'j-rapid' AND call_workflow = 'j-rapid-call@2'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposal_members DROP COLUMN local`);
    await q.query(
      `ALTER TABLE calls DROP CONSTRAINT calls_affected_country_check, DROP COLUMN affected_country, DROP COLUMN disaster`,
    );
    await q.query(`ALTER TABLE agencies DROP COLUMN governmental`);
  }
}
