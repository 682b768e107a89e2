import type { Queryable } from '../modules/selection/selection.repository.js';

/** The simulator's reads of what the engine wrote, and the what-if's changed envelopes (in its rolled-back copy). */
export const SimulationRepository = {
  /** The current state of each instance. */
  states(db: Queryable, ids: string[]): Promise<{ id: string; state: string }[]> {
    return db.query(`SELECT id, state FROM workflow_instances WHERE id = ANY($1::uuid[])`, [ids]);
  },

  /** Of these proposals, those in one of `states`, with the agencies each goes to. */
  routedIn(db: Queryable, ids: string[], states: readonly string[]): Promise<{ id: string; agencies: string[] }[]> {
    return db.query(
      `SELECT wp.instance_id AS id, wp.agencies FROM workflow_projections wp JOIN workflow_instances wi ON wi.id = wp.instance_id
        WHERE wp.instance_id = ANY($1::uuid[]) AND wi.state = ANY($2)`,
      [ids, states],
    );
  },

  /** The call's ranking: each ranked proposal's position. */
  ranking(db: Queryable, callId: string): Promise<{ proposalId: string; position: number }[]> {
    return db.query(
      `SELECT proposal_id AS "proposalId", position FROM ranking_entries WHERE call_id = $1 ORDER BY position`,
      [callId],
    );
  },

  /** Takes these proposals off the call's ranking (in the what-if's rolled-back copy). */
  async unrank(db: Queryable, callId: string, proposalIds: string[]): Promise<void> {
    await db.query(`DELETE FROM ranking_entries WHERE call_id = $1 AND proposal_id = ANY($2::uuid[])`, [
      callId,
      proposalIds,
    ]);
  },

  /** Scales an agency's envelopes of the call (each fiscal year's, and the whole) to `total`. */
  async scaleEnvelope(db: Queryable, callId: string, agency: string, ratio: number, total: number): Promise<void> {
    await db.query(
      `UPDATE call_agency_envelopes e SET amount = floor(e.amount * $3::numeric)
         FROM agencies ag WHERE ag.id = e.agency_id AND ag.code = $2 AND e.call_id = $1`,
      [callId, agency, ratio],
    );
    await db.query(
      `UPDATE call_agencies ca SET budget_envelope = $3 FROM agencies ag WHERE ag.id = ca.agency_id AND ag.code = $2 AND ca.call_id = $1`,
      [callId, agency, total],
    );
  },

  /** Notifications the call's instances (the call, its proposals, their assignments) wrote to the outbox, per template. */
  notifications(db: Queryable, callId: string): Promise<{ template: string | null; n: number }[]> {
    return db.query(
      `SELECT o.payload->>'template' AS template, count(*)::int AS n FROM outbox o
        WHERE o.kind = 'notify' AND o.instance_id IN (
          SELECT id FROM workflow_instances WHERE id = $1
          UNION SELECT id FROM proposals WHERE call_id = $1
          UNION SELECT id FROM assignments WHERE call_id = $1)
        GROUP BY 1 ORDER BY 1`,
      [callId],
    );
  },
};
