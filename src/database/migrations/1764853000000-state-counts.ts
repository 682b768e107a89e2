import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters for the administrators' dashboard (issue 17): how many instances are in each state, and
 * how many proposals of each call are in each state, in all and per party agency, kept by triggers
 * in the same transaction as every write that moves them (a transition's UPDATE of
 * workflow_instances, a proposal's row, a draft's parties replaced), so state, audit log, outbox and
 * counters commit together whatever path wrote them (the engine, a workflow-version migration, a
 * bulk loader).
 *
 * A trigger only INSERTs a delta row (+1/-1): concurrent transitions never wait on a shared counter
 * row. A reader sums the rows by key; `compact_state_counts()` folds the deltas into one base row
 * per key (run in the background after a read found many). A key's count is a sum:
 *
 * - (subject_type, state, NULL, NULL): instances of that subject type in that state;
 * - ('proposal', state, call_id, NULL): proposals of the call in that state;
 * - ('proposal', state, call_id, agency_id): proposals of the call in that state with a party of that agency.
 *
 * An insert counts its own key only (an instance its subject type's, a proposal its call's, a party
 * its agency's, each in the instance's state), so rows written in one statement (a data-modifying
 * WITH, whose AFTER triggers all see each other's rows) are counted once. An update or a delete
 * counts the join (instance × proposal × party) rows it moves or removes, reading the other tables
 * as they are now. A trigger on a proposal
 * or a party first locks its instance's row (FOR SHARE): a transition of that proposal committing
 * meanwhile is waited for, and its state read afterwards. Deletes count in BEFORE triggers, while
 * the rows they join are still there (a cascade then finds its parent gone and counts nothing twice).
 */
export class StateCounts1764853000000 implements MigrationInterface {
  name = 'StateCounts1764853000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE state_counts (
        id bigserial PRIMARY KEY,
        subject_type varchar(40) NOT NULL,
        state varchar(120) NOT NULL,
        call_id uuid,
        agency_id uuid,
        n int NOT NULL,
        base boolean NOT NULL DEFAULT false
      )`);
    // The dashboard's overdue reviews read the open assignments only (their due dates), by state.
    await q.query(
      `CREATE INDEX workflow_instances_assignment_state ON workflow_instances (state) WHERE subject_type = 'assignment'`,
    );
    // Whether there are deltas to fold (compaction), found without reading the base rows.
    await q.query(`CREATE INDEX state_counts_deltas ON state_counts (id) WHERE NOT base`);

    // The rows an instance contributes, signed: its own, and as a proposal its call's and each party's.
    await q.query(`
      CREATE FUNCTION state_counts_of_instance(i_id uuid, i_subject varchar, i_state varchar, sign int) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
        SELECT i_subject, i_state, NULL::uuid, NULL::uuid, sign
        UNION ALL
        SELECT 'proposal', i_state, p.call_id, NULL::uuid, sign FROM proposals p WHERE i_subject = 'proposal' AND p.id = i_id
        UNION ALL
        SELECT 'proposal', i_state, p.call_id, pp.agency_id, sign
          FROM proposals p JOIN proposal_parties pp ON pp.proposal_id = p.id
         WHERE i_subject = 'proposal' AND p.id = i_id
      $$`);
    await q.query(`
      CREATE FUNCTION state_counts_instance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A new instance counts its own key only: its proposal and parties, written after it (or in
        -- the same statement, a data-modifying WITH), count themselves when they are inserted.
        IF TG_OP = 'INSERT' THEN
          INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
          VALUES (NEW.subject_type, NEW.state, NULL, NULL, 1);
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' THEN
          PERFORM state_counts_of_instance(OLD.id, OLD.subject_type, OLD.state, -1);
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' THEN
          PERFORM state_counts_of_instance(OLD.id, OLD.subject_type, OLD.state, -1);
        END IF;
        PERFORM state_counts_of_instance(NEW.id, NEW.subject_type, NEW.state, 1);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER state_counts_instance_insert AFTER INSERT ON workflow_instances
         FOR EACH ROW EXECUTE FUNCTION state_counts_instance()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_instance_update AFTER UPDATE OF state, subject_type ON workflow_instances
         FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.subject_type IS DISTINCT FROM NEW.subject_type)
         EXECUTE FUNCTION state_counts_instance()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_instance_delete BEFORE DELETE ON workflow_instances
         FOR EACH ROW EXECUTE FUNCTION state_counts_instance()`,
    );

    // A proposal's row: its call's row and its parties' rows, in its instance's state (locked: see above).
    await q.query(`
      CREATE FUNCTION state_counts_of_proposal(p_id uuid, p_call uuid, sign int) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE s varchar;
      BEGIN
        SELECT wi.state INTO s FROM workflow_instances wi WHERE wi.id = p_id AND wi.subject_type = 'proposal' FOR SHARE;
        IF s IS NULL THEN RETURN; END IF;
        INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
        SELECT 'proposal', s, p_call, NULL::uuid, sign
        UNION ALL
        SELECT 'proposal', s, p_call, pp.agency_id, sign FROM proposal_parties pp WHERE pp.proposal_id = p_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION state_counts_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM state_counts_of_proposal(OLD.id, OLD.call_id, -1);
          RETURN OLD;
        END IF;
        IF TG_OP = 'INSERT' THEN
          -- Its call's key only: its parties, inserted after it (or in the same statement), count themselves.
          INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
          SELECT 'proposal', wi.state, NEW.call_id, NULL::uuid, 1
            FROM (SELECT state FROM workflow_instances WHERE id = NEW.id AND subject_type = 'proposal' FOR SHARE) wi;
          RETURN NULL;
        END IF;
        PERFORM state_counts_of_proposal(OLD.id, OLD.call_id, -1);
        PERFORM state_counts_of_proposal(NEW.id, NEW.call_id, 1);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER state_counts_proposal_insert AFTER INSERT ON proposals
         FOR EACH ROW EXECUTE FUNCTION state_counts_proposal()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_proposal_update AFTER UPDATE OF id, call_id ON proposals
         FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.call_id IS DISTINCT FROM NEW.call_id)
         EXECUTE FUNCTION state_counts_proposal()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_proposal_delete BEFORE DELETE ON proposals
         FOR EACH ROW EXECUTE FUNCTION state_counts_proposal()`,
    );

    // A party: its agency's row of its proposal's call, in the proposal's state.
    await q.query(`
      CREATE FUNCTION state_counts_of_party(p_id uuid, a_id uuid, sign int) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE s varchar;
      BEGIN
        SELECT wi.state INTO s FROM workflow_instances wi WHERE wi.id = p_id AND wi.subject_type = 'proposal' FOR SHARE;
        IF s IS NULL THEN RETURN; END IF;
        INSERT INTO state_counts (subject_type, state, call_id, agency_id, n)
        SELECT 'proposal', s, p.call_id, a_id, sign FROM proposals p WHERE p.id = p_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION state_counts_party() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM state_counts_of_party(OLD.proposal_id, OLD.agency_id, -1);
          RETURN OLD;
        END IF;
        IF TG_OP = 'UPDATE' THEN
          PERFORM state_counts_of_party(OLD.proposal_id, OLD.agency_id, -1);
        END IF;
        PERFORM state_counts_of_party(NEW.proposal_id, NEW.agency_id, 1);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER state_counts_party_insert AFTER INSERT ON proposal_parties
         FOR EACH ROW EXECUTE FUNCTION state_counts_party()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_party_update AFTER UPDATE OF proposal_id, agency_id ON proposal_parties
         FOR EACH ROW WHEN (OLD.proposal_id IS DISTINCT FROM NEW.proposal_id OR OLD.agency_id IS DISTINCT FROM NEW.agency_id)
         EXECUTE FUNCTION state_counts_party()`,
    );
    await q.query(
      `CREATE TRIGGER state_counts_party_delete BEFORE DELETE ON proposal_parties
         FOR EACH ROW EXECUTE FUNCTION state_counts_party()`,
    );

    // Folds the deltas into one base row per key (a key summing to 0 keeps no row). Concurrent
    // compactions and transitions are safe: it deletes only committed rows it sees and re-inserts their sum.
    await q.query(`
      CREATE FUNCTION compact_state_counts() RETURNS void LANGUAGE sql AS $$
        WITH gone AS (DELETE FROM state_counts RETURNING subject_type, state, call_id, agency_id, n)
        INSERT INTO state_counts (subject_type, state, call_id, agency_id, n, base)
        SELECT subject_type, state, call_id, agency_id, sum(n), true FROM gone
         GROUP BY subject_type, state, call_id, agency_id HAVING sum(n) <> 0
      $$`);

    // Backfill: the counts of the rows already there (a database loaded without these triggers).
    // At 100,000 proposals the recount takes longer than the service's statement timeout (this
    // migration runs in its transaction: the setting ends with it).
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`LOCK TABLE workflow_instances, proposals, proposal_parties IN SHARE MODE`);
    await q.query(`
      INSERT INTO state_counts (subject_type, state, call_id, agency_id, n, base)
      SELECT subject_type, state, NULL::uuid, NULL::uuid, count(*), true FROM workflow_instances GROUP BY subject_type, state
      UNION ALL
      SELECT 'proposal', wi.state, p.call_id, NULL::uuid, count(*), true
        FROM proposals p JOIN workflow_instances wi ON wi.id = p.id AND wi.subject_type = 'proposal'
       GROUP BY wi.state, p.call_id
      UNION ALL
      SELECT 'proposal', wi.state, p.call_id, pp.agency_id, count(*), true
        FROM proposals p JOIN workflow_instances wi ON wi.id = p.id AND wi.subject_type = 'proposal'
        JOIN proposal_parties pp ON pp.proposal_id = p.id
       GROUP BY wi.state, p.call_id, pp.agency_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['state_counts_instance_insert', 'workflow_instances'],
      ['state_counts_instance_update', 'workflow_instances'],
      ['state_counts_instance_delete', 'workflow_instances'],
      ['state_counts_proposal_insert', 'proposals'],
      ['state_counts_proposal_update', 'proposals'],
      ['state_counts_proposal_delete', 'proposals'],
      ['state_counts_party_insert', 'proposal_parties'],
      ['state_counts_party_update', 'proposal_parties'],
      ['state_counts_party_delete', 'proposal_parties'],
    ])
      await q.query(`DROP TRIGGER ${trigger} ON ${table}`);
    for (const fn of [
      'compact_state_counts()',
      'state_counts_party()',
      'state_counts_of_party(uuid, uuid, int)',
      'state_counts_proposal()',
      'state_counts_of_proposal(uuid, uuid, int)',
      'state_counts_instance()',
      'state_counts_of_instance(uuid, varchar, varchar, int)',
    ])
      await q.query(`DROP FUNCTION ${fn}`);
    await q.query(`DROP TABLE state_counts`);
    await q.query(`DROP INDEX workflow_instances_assignment_state`);
  }
}
