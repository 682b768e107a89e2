import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's counters, cheaper per transition (issue 17): `state_counts_of_instance`, which the
 * triggers on workflow_instances run twice for every change of state (the old state's rows leave,
 * the new state's arrive), was a SQL-language function. PostgreSQL (before 18) parses and plans a
 * SQL function's statement again on every call that it cannot inline, and a function that writes is
 * never inlined: about 0.19 ms of PostgreSQL's time per call, 0.37 ms per transition. As PL/pgSQL
 * the same INSERT keeps its plan for the session: 640 state changes took 230-270 ms of trigger time
 * before, 55-80 ms after (EXPLAIN ANALYZE on the bench:transitions database). Same rows, same sign.
 */
export class StateCountsCachedPlans1764874000000 implements MigrationInterface {
  name = 'StateCountsCachedPlans1764874000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(this.definition('plpgsql'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(this.definition('sql'));
  }

  private definition(language: 'sql' | 'plpgsql'): string {
    const insert = `
        INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
        SELECT i_subject, i_state, NULL::uuid, NULL::uuid, sign
        UNION ALL
        SELECT 'proposal', i_state, p.call_id, NULL::uuid, sign FROM proposals p WHERE i_subject = 'proposal' AND p.id = i_id
        UNION ALL
        SELECT 'proposal', i_state, p.call_id, pp.agency_id, sign
          FROM proposals p JOIN proposal_parties pp ON pp.proposal_id = p.id
         WHERE i_subject = 'proposal' AND p.id = i_id`;
    return `
      CREATE OR REPLACE FUNCTION state_counts_of_instance(i_id uuid, i_subject varchar, i_state varchar, sign int) RETURNS void
      LANGUAGE ${language} AS $$${language === 'plpgsql' ? `\n      BEGIN${insert};\n      END` : insert}
      $$`;
  }
}
