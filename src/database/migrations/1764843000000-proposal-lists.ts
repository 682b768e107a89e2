import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The normalisation conflict detection compares people by (normalizeSql in reviews.repository.ts). */
const norm = (column: string): string => `lower(btrim(regexp_replace(${column}, '\\s+', ' ', 'g')))`;

/**
 * Proposal lists at 100,000 proposals (issue 17): indexes matching the lists' sorts (a page is an
 * index range, read in order, with keyset cursors), trigram indexes for the search `q=` (pg_trgm; where
 * the extension cannot be created the search reads without them), and indexes on the normalised
 * person columns so the conflicts of one user are looked up once per list, not tested per proposal.
 */
export class ProposalLists1764843000000 implements MigrationInterface {
  name = 'ProposalLists1764843000000';

  async up(q: QueryRunner): Promise<void> {
    // The lists' sorts, within a call and over every call; the id breaks ties (the keyset cursor).
    await q.query(`CREATE INDEX proposals_call_created ON proposals (call_id, created_at, id)`);
    await q.query(`CREATE INDEX proposals_call_title ON proposals (call_id, lower(title), id)`);
    await q.query(`CREATE INDEX proposals_created ON proposals (created_at, id)`);
    await q.query(`CREATE INDEX proposals_title ON proposals (lower(title), id)`);
    // The conflicts of one user (conflictedProposalsSql): by e-mail address, institution and name.
    for (const [table, columns] of [
      ['proposal_parties', ['pi_email', 'institution', 'pi_name']],
      ['proposal_members', ['email', 'institution', 'name']],
      ['proposal_conflicts', ['email', 'name']],
    ] as const)
      for (const column of columns)
        await q.query(`CREATE INDEX ${table}_${column}_normalised ON ${table} (${norm(column)})`);
    await q.query(`CREATE INDEX conflict_declarations_user ON conflict_declarations (user_id)`);
    // Search: trigram indexes serve ILIKE '%words%'. pg_trgm ships with PostgreSQL (a trusted
    // extension) and with PGlite (loaded by embedded-postgres.ts and the simulator's scratch
    // database); without it the search still works. A server that does not offer it (no contrib
    // package) is skipped quietly: asking would print a failed query, harmless but alarming.
    const [offered] = await q.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
    if (!offered) return;
    await q.query(`SAVEPOINT pg_trgm`);
    try {
      await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      await q.query(`RELEASE SAVEPOINT pg_trgm`);
    } catch {
      // Offered but not to this user (not a trusted extension there): the search reads without it.
      await q.query(`ROLLBACK TO SAVEPOINT pg_trgm`);
      return;
    }
    await q.query(`CREATE INDEX proposals_title_trgm ON proposals USING gin (title gin_trgm_ops)`);
    await q.query(`CREATE INDEX proposal_parties_pi_name_trgm ON proposal_parties USING gin (pi_name gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'proposals_title_trgm',
      'proposal_parties_pi_name_trgm',
      'conflict_declarations_user',
      'proposal_parties_pi_email_normalised',
      'proposal_parties_institution_normalised',
      'proposal_parties_pi_name_normalised',
      'proposal_members_email_normalised',
      'proposal_members_institution_normalised',
      'proposal_members_name_normalised',
      'proposal_conflicts_email_normalised',
      'proposal_conflicts_name_normalised',
      'proposals_title',
      'proposals_created',
      'proposals_call_title',
      'proposals_call_created',
    ])
      await q.query(`DROP INDEX IF EXISTS ${index}`);
  }
}
