import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../engine/actor.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import { ResearchUnitsRepository, unitProgram } from '../research-units/research-units.repository.js';
import { DemoRepository } from './demo.repository.js';

/**
 * IRCC's demo (branch ircc): its fellow call is raised from an established research unit, so the
 * demo first proposes one (NINS with its partner), has the steering committee deliberate and the
 * board meeting establish it, all through the one transition pipeline. Returns the unit's id.
 */
export async function establishedDemoUnit(
  dataSource: DataSource,
  engine: WorkflowEngine,
  lead: string,
  partner: string,
): Promise<string> {
  const name = 'IRCC research unit for exoplanet astronomy (demo)';
  const units = new ResearchUnitsRepository(dataSource);
  const existing = await units.idByName(name);
  if (existing) return existing;
  const demo = new DemoRepository(dataSource);
  const program = await unitProgram(dataSource);
  const as = async (role: string, short: string, agency: string): Promise<Actor> => ({
    userId: await demo.userIdByEmail(`${short}@${agency.toLowerCase()}.example`),
    grants: [{ role: role as Actor['grants'][number]['role'], agency }],
  });
  const po = await as('program_officer', 'po', lead);
  const rows = await units.agencies([lead, partner]);
  const id = randomUUID();
  await engine.transaction(async (q) => {
    await engine.create(q, {
      id,
      subjectType: 'unit',
      workflow: program!.workflow!,
      access: { agencies: [lead, partner], lead, owners: [] },
      actor: po,
    });
    await units.insert(q, {
      id,
      name,
      leadAgencyId: rows.find((a) => a.code === lead)!.id,
      partnerAgencyId: rows.find((a) => a.code === partner)!.id,
      headName: 'Demo unit head',
      headDepartment: 'National Astronomical Observatory of Japan',
      partnerInstitute: 'Max Planck Institute for Astronomy',
      partnerCountry: 'DE',
      agreement: 'Memorandum on research collaboration (demo)',
      agreementSignedOn: null,
      overseasBranch: 'NINS Europe office (demo)',
      createdBy: po.userId,
    });
  });
  const send = async (actor: Actor, body: Record<string, unknown>) =>
    engine.send({ subjectType: 'unit', instanceId: id, body, actor });
  await send(po, { type: 'SUBMIT_TO_STEERING_COMMITTEE' });
  const steering = await as('steering_committee_member', 'steering', lead);
  await send(steering, { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'The agreement is in place.' });
  await send(steering, { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve' });
  await send(await as('board_member', 'board', lead), { type: 'BOARD_ESTABLISH', date: new Date().toISOString() });
  return id;
}
