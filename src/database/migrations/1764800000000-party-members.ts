import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, parties: the people of a proposal's parties (the counterpart principal investigators and
 * team members the lead PI invites by e-mail), budgets per year and cost category, typed conflicts
 * (declared by applicants on the proposal, typed when a reviewer declares one), and notifications to
 * an invited person who is not a member yet.
 */
export class PartyMembers1764800000000 implements MigrationInterface {
  name = 'PartyMembers1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proposal_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        role varchar(12) NOT NULL,
        name varchar(200) NOT NULL,
        email varchar(320) NOT NULL,
        institution varchar(300) NOT NULL,
        user_id uuid,
        invited_by uuid NOT NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        accepted_at timestamptz,
        CONSTRAINT proposal_members_role_check CHECK (role IN ('pi', 'member')),
        CONSTRAINT proposal_members_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposals(id) ON DELETE CASCADE,
        CONSTRAINT proposal_members_agency_id_fkey FOREIGN KEY (agency_id) REFERENCES agencies(id),
        CONSTRAINT proposal_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
        CONSTRAINT proposal_members_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES users(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX proposal_members_email ON proposal_members (proposal_id, email)`);
    await q.query(`CREATE INDEX proposal_members_user ON proposal_members (user_id)`);

    await q.query(`
      CREATE TABLE proposal_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        name varchar(200) NOT NULL,
        institution varchar(300) NOT NULL,
        email varchar(320),
        type varchar(20) NOT NULL,
        note varchar(1000) NOT NULL DEFAULT '',
        declared_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT proposal_conflicts_type_check CHECK (type IN ('collaborator', 'advisor', 'institutional', 'personal', 'other')),
        CONSTRAINT proposal_conflicts_proposal_id_fkey FOREIGN KEY (proposal_id) REFERENCES proposals(id) ON DELETE CASCADE,
        CONSTRAINT proposal_conflicts_declared_by_fkey FOREIGN KEY (declared_by) REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX proposal_conflicts_proposal ON proposal_conflicts (proposal_id)`);

    await q.query(`ALTER TABLE conflict_declarations ADD COLUMN type varchar(20)`);
    await q.query(
      `ALTER TABLE conflict_declarations ADD CONSTRAINT conflict_declarations_type_check CHECK (type IN ('collaborator', 'advisor', 'institutional', 'personal', 'other'))`,
    );
    await q.query(`ALTER TABLE proposal_parties ADD COLUMN budget_by_category jsonb`);
    await q.query(`ALTER TABLE notifications ADD COLUMN recipient_member_id uuid`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_recipient_member_id_fkey FOREIGN KEY (recipient_member_id) REFERENCES proposal_members(id) ON DELETE CASCADE`,
    );
    // The catalog's rows keep the rules they have (ProgramCatalogSync): give Belmont Forum and e-ASIA
    // their corrected proposal rules (countries counted, no party of the lead required) and every
    // catalog program the seed's cost categories, as workflows/programs/ now states them.
    await q.query(
      `UPDATE programs SET rules = jsonb_set(rules, '{proposals}', coalesce(rules -> 'proposals', '{}') || '{"minCountries": 3, "leadParty": false}')
        WHERE code IN ('belmont-forum', 'e-asia-jrp') AND rules ? 'proposals'`,
    );
    await q.query(
      `UPDATE programs SET rules = rules || jsonb_build_object('budget', $1::jsonb) WHERE rules <> '{}' AND NOT rules ? 'budget'`,
      [
        JSON.stringify({
          categories: ['goods', 'personnel', 'travel', 'workshops', 'other'],
          maxShare: { other: 0.3 },
        }),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN recipient_member_id`);
    await q.query(`ALTER TABLE proposal_parties DROP COLUMN budget_by_category`);
    await q.query(`ALTER TABLE conflict_declarations DROP COLUMN type`);
    await q.query(`DROP TABLE proposal_conflicts`);
    await q.query(`DROP TABLE proposal_members`);
  }
}
