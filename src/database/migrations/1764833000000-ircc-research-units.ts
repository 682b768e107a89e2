import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IRCC as the NINS seed describes it (issue 15, branch ircc). The research unit becomes an entity
 * (`research_units`, its state in its own workflow `ircc-research-unit@1`): its head, partner
 * institute abroad, agreement and overseas branch. A call may reference the unit it was raised from
 * (`calls.research_unit_id`: the open call for an established unit's fellow). Workshop support
 * moves to its own program with one agency (NINS), so a program may have a single agency. The
 * catalog's IRCC row takes the new call and proposal versions and NINS as its required lead.
 */
export class IrccResearchUnits1764833000000 implements MigrationInterface {
  name = 'IrccResearchUnits1764833000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE research_units (
        id uuid PRIMARY KEY CONSTRAINT research_units_id_fkey REFERENCES workflow_instances (id),
        name varchar(300) NOT NULL,
        lead_agency_id uuid NOT NULL CONSTRAINT research_units_lead_agency_id_fkey REFERENCES agencies (id),
        partner_agency_id uuid NOT NULL CONSTRAINT research_units_partner_agency_id_fkey REFERENCES agencies (id),
        head_name varchar(200) NOT NULL,
        head_department varchar(300) NOT NULL,
        partner_institute varchar(300) NOT NULL,
        partner_country char(2) NOT NULL,
        agreement varchar(500) NOT NULL,
        agreement_signed_on date,
        overseas_branch varchar(300),
        created_by uuid CONSTRAINT research_units_created_by_fkey REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT research_units_partner_check CHECK (partner_agency_id <> lead_agency_id)
      )`);
    await q.query(
      `ALTER TABLE calls ADD COLUMN research_unit_id uuid CONSTRAINT calls_research_unit_id_fkey REFERENCES research_units (id)`,
    );
    await q.query(`CREATE INDEX calls_research_unit_id ON calls (research_unit_id) WHERE research_unit_id IS NOT NULL`);
    await q.query(`ALTER TABLE programs DROP CONSTRAINT programs_min_agencies_check`);
    await q.query(`ALTER TABLE programs ADD CONSTRAINT programs_min_agencies_check CHECK (min_agencies >= 1)`);
    await q.query(`
      UPDATE programs
         SET call_workflow = 'ircc-research-unit-call@3',
             proposal_workflow = 'ircc-fellow-application@3',
             workflows = (workflows - 'workshop') || '{"unit": "ircc-research-unit@1"}'::jsonb,
             rules = rules
               || jsonb_build_object('agencies', coalesce(rules -> 'agencies', '{}'::jsonb)
                                      || '{"lead": "NINS", "mustInclude": ["NINS"]}'::jsonb)
               || '{"durationPlaceholder": true, "raisedFrom": "research-unit"}'::jsonb
       WHERE code = 'ircc-research-unit'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM programs WHERE code = 'ircc-workshop-support'`);
    await q.query(`
      UPDATE programs
         SET call_workflow = 'ircc-research-unit-call@2',
             proposal_workflow = 'ircc-fellow-application@2',
             workflows = (workflows - 'unit') || '{"workshop": "ircc-workshop-support@1"}'::jsonb,
             rules = (rules - 'durationPlaceholder' - 'raisedFrom')
               || jsonb_build_object('agencies', (rules -> 'agencies') - 'lead' || '{"mustInclude": []}'::jsonb)
       WHERE code = 'ircc-research-unit'`);
    await q.query(`ALTER TABLE programs DROP CONSTRAINT programs_min_agencies_check`);
    await q.query(`ALTER TABLE programs ADD CONSTRAINT programs_min_agencies_check CHECK (min_agencies >= 2)`);
    await q.query(`ALTER TABLE calls DROP COLUMN research_unit_id`);
    await q.query(`DROP TABLE research_units`);
  }
}
