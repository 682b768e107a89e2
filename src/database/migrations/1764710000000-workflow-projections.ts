import type { MigrationInterface, QueryRunner } from 'typeorm';

const ctx = `wi.snapshot -> 'context'`;
const textArray = (json: string) =>
  `CASE WHEN jsonb_typeof(${json}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${json})) ELSE '{}'::text[] END`;
const jsonOf = (subject: string, key: string) =>
  `CASE WHEN wi.subject_type = '${subject}' THEN NULLIF(${ctx} -> '${key}', 'null'::jsonb) END`;

/**
 * The engine's read model (src/engine/projection.ts): what other modules read of a workflow's
 * context, as typed, indexed columns that the engine writes in each transition's statement. Filled
 * here from the snapshots of the instances that exist.
 */
export class WorkflowProjections1764710000000 implements MigrationInterface {
  name = 'WorkflowProjections1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_projections (
        instance_id uuid PRIMARY KEY,
        subject_type varchar(40) NOT NULL,
        version int NOT NULL,
        agencies text[] NOT NULL DEFAULT '{}',
        lead text,
        owners text[] NOT NULL DEFAULT '{}',
        due_at timestamptz,
        result jsonb,
        selection jsonb,
        funding_approvals jsonb,
        panel jsonb,
        board jsonb,
        board_meeting jsonb,
        review jsonb,
        national_criteria jsonb,
        CONSTRAINT workflow_projections_instance_id_fkey FOREIGN KEY (instance_id) REFERENCES workflow_instances(id)
      )`);
    await q.query(`CREATE INDEX workflow_projections_agencies ON workflow_projections USING gin (agencies)`);
    await q.query(`CREATE INDEX workflow_projections_due_at ON workflow_projections (due_at) WHERE due_at IS NOT NULL`);
    await q.query(`
      INSERT INTO workflow_projections (instance_id, subject_type, version, agencies, lead, owners, due_at, result, selection,
                                        funding_approvals, panel, board, board_meeting, review, national_criteria)
      SELECT wi.id, wi.subject_type, wi.version,
             ${textArray(`${ctx} -> 'access' -> 'agencies'`)},
             ${ctx} -> 'access' ->> 'lead',
             ${textArray(`${ctx} -> 'access' -> 'owners'`)},
             CASE WHEN wi.subject_type = 'assignment' THEN (${ctx} ->> 'dueAt')::timestamptz END,
             ${jsonOf('proposal', 'result')},
             ${jsonOf('proposal', 'selection')},
             ${jsonOf('proposal', 'fundingApprovals')},
             ${jsonOf('proposal', 'panel')},
             ${jsonOf('proposal', 'board')},
             ${jsonOf('call', 'boardMeeting')},
             ${jsonOf('call', 'review')},
             ${jsonOf('call', 'nationalCriteria')}
        FROM workflow_instances wi`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_projections`);
  }
}
