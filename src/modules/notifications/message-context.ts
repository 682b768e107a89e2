import type { QueryRunner } from 'typeorm';

export interface SubjectFacts {
  kind: string;
  id: string;
  state: string;
  title: string;
  callTitle: string;
  link: string;
}

/** What a message says about its call or proposal, loaded when it is rendered (never carried in a job). */
export async function loadSubject(q: QueryRunner, instanceId: string, publicUrl: string): Promise<SubjectFacts> {
  const [row]: { subject_type: string; state: string; call_title: string | null; proposal_title: string | null; proposal_call_title: string | null }[] =
    await q.query(
      `SELECT wi.subject_type, wi.state, c.title AS call_title, p.title AS proposal_title, pc.title AS proposal_call_title
         FROM workflow_instances wi
         LEFT JOIN calls c ON c.id = wi.id
         LEFT JOIN proposals p ON p.id = wi.id
         LEFT JOIN calls pc ON pc.id = p.call_id
        WHERE wi.id = $1`,
      [instanceId],
    );
  if (!row) throw new Error(`instance ${instanceId} does not exist`);
  const title = row.proposal_title ?? row.call_title ?? '';
  return {
    kind: row.subject_type,
    id: instanceId,
    state: row.state,
    title,
    callTitle: row.proposal_call_title ?? row.call_title ?? '',
    link: `${publicUrl}/api/v1/${row.subject_type}s/${instanceId}`,
  };
}
