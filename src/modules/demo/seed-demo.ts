import { DataSource } from 'typeorm';
import type { Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor } from '../../engine/actor.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import type { PasswordService } from '../auth/password.service.js';
import type { CallsService } from '../calls/calls.service.js';
import { syncProgramCatalog } from '../programs/program-catalog.js';
import type { UsersService } from '../users/users.service.js';

const AGENCIES = [
  { code: 'JST', name: 'Japan Science and Technology Agency', country: 'JP', currency: 'JPY' },
  { code: 'NSF', name: 'U.S. National Science Foundation', country: 'US', currency: 'USD' },
  { code: 'DFG', name: 'Deutsche Forschungsgemeinschaft', country: 'DE', currency: 'EUR' },
];

/** One user per role and agency of the demo call; the administrator holds no agency. */
const PEOPLE: { email: string; name: string; role: Role; agency: string | null }[] = [
  { email: 'admin@tandem.example', name: 'Demo Administrator', role: 'administrator', agency: null },
  ...(['JST', 'NSF'] as const).flatMap((agency) => {
    const a = agency.toLowerCase();
    return [
      { email: `applicant@${a}.example`, name: `${agency} Applicant`, role: 'applicant' as Role, agency },
      { email: `officer@${a}.example`, name: `${agency} Agency Officer`, role: 'agency_officer' as Role, agency },
      { email: `po@${a}.example`, name: `${agency} Program Officer`, role: 'program_officer' as Role, agency },
      { email: `pd@${a}.example`, name: `${agency} Program Director`, role: 'program_director' as Role, agency },
      { email: `reviewer@${a}.example`, name: `${agency} Reviewer`, role: 'reviewer' as Role, agency },
      { email: `panel@${a}.example`, name: `${agency} Panel Member`, role: 'panel_member' as Role, agency },
      { email: `steering@${a}.example`, name: `${agency} Steering Committee Member`, role: 'steering_committee_member' as Role, agency },
      { email: `board@${a}.example`, name: `${agency} Board Member`, role: 'board_member' as Role, agency },
    ];
  }),
  { email: 'po@dfg.example', name: 'DFG Program Officer', role: 'program_officer', agency: 'DFG' },
];

/** Every demo user signs in to the console with this password (demo data only). */
export const DEMO_PASSWORD = 'tandem-demo-password';

/**
 * Demo data set: JST and two counterpart agencies, the SICORP bilateral program, an open JST-NSF
 * call, a user for every role with the console password DEMO_PASSWORD and a fresh API token each.
 * Safe to run again (tokens are new each time).
 */
export async function seedDemo(dataSource: DataSource, users: UsersService, calls: CallsService, engine: WorkflowEngine, passwords?: PasswordService) {
  for (const a of AGENCIES) {
    await dataSource.query(`INSERT INTO agencies (code, name, country, currency) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`, [
      a.code,
      a.name,
      a.country,
      a.currency,
    ]);
  }
  await syncProgramCatalog(dataSource);
  const tokens: Record<string, string> = {};
  for (const p of PEOPLE) {
    const user = await users.createUser(p.email, p.name);
    await users.grant(p.email, p.role, p.agency);
    await passwords?.set(user.id, DEMO_PASSWORD);
    tokens[p.email] = await users.issueToken(p.email, 'demo');
  }
  const call = await openDemoCall(dataSource, calls, engine);
  return { call, tokens, ...(passwords ? { password: DEMO_PASSWORD, console: '/console' } : {}) };
}

async function openDemoCall(dataSource: DataSource, calls: CallsService, engine: WorkflowEngine): Promise<string> {
  const [existing] = await dataSource.query(`SELECT id FROM calls WHERE title = $1`, [DEMO_CALL_TITLE]);
  if (existing) return existing.id;
  const [po] = await dataSource.query(`SELECT id FROM users WHERE email = 'po@jst.example'`);
  const actor: Actor = { userId: po.id, grants: [{ role: 'program_officer', agency: 'JST' }] };
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  const at = (days: number) => new Date(now + days * day).toISOString();
  const call = await calls.create(
    {
      program: 'sicorp-bilateral',
      title: DEMO_CALL_TITLE,
      description: 'Joint research on early warning and recovery after large-scale disasters.',
      agencies: [
        { code: 'JST', role: 'lead', budgetEnvelope: 300_000_000, capPerProjectPerYear: 30_000_000, currency: 'JPY' },
        { code: 'NSF', role: 'counterpart', budgetEnvelope: 2_000_000, capPerProjectPerYear: 200_000, currency: 'USD' },
      ],
      opensAt: at(-1),
      submissionDeadline: at(60),
      reviewDue: at(90),
      panelDate: at(110),
      boardDate: at(130),
    },
    actor,
  );
  // Through the one transition pipeline, like any other change of state.
  await engine.send({ subjectType: 'call', instanceId: call.id, body: { type: 'ANNOUNCE' }, actor });
  try {
    await engine.send({ subjectType: 'call', instanceId: call.id, body: { type: 'OPEN' }, actor });
  } catch (e) {
    // Its opening date has passed: a running service's timer may have opened it already.
    if (!(e instanceof DomainException && e.code === ErrorCode.EventNotAllowed && (e.extensions as { state?: string }).state === 'open')) throw e;
  }
  return call.id;
}

export const DEMO_CALL_TITLE = 'Japan-US joint call on disaster resilience (demo)';
