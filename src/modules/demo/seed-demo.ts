import { approveDemoParticipation, openAnnouncedCall } from './demo-participation.js';
import { DataSource } from 'typeorm';
import { PROGRAMS, programByCode, regionOf, type ProgramDefinition, type Role } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor } from '../../engine/actor.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import type { PasswordService } from '../auth/password.service.js';
import type { CallsService } from '../calls/calls.service.js';
import { ensureAgency } from '../agencies/agencies.repository.js';
import { syncProgramCatalog } from '../programs/program-catalog.js';
import type { UsersService } from '../users/users.service.js';
import { establishedDemoUnit } from './demo-research-unit.js';
import { DemoRepository } from './demo.repository.js';
import { type DemoServices, fillPools, livelyCalls } from './lively-demo.js';

interface DemoAgency {
  code: string;
  name: string;
  nameJa: string;
  country: string;
  currency: string;
  /** Most it funds one project per year in the demo calls, in its currency. */
  cap: number;
  /** A government organisation of its country (J-RAPID's counterpart). */
  governmental?: boolean;
}

/** Agencies the demo calls draw on: JST and counterparts of the programs' regions. */
const AGENCIES: DemoAgency[] = [
  {
    code: 'JST',
    nameJa: '科学技術振興機構',
    name: 'Japan Science and Technology Agency',
    country: 'JP',
    currency: 'JPY',
    cap: 30_000_000,
  },
  {
    code: 'NSF',
    nameJa: '米国国立科学財団',
    name: 'U.S. National Science Foundation',
    country: 'US',
    currency: 'USD',
    cap: 200_000,
  },
  {
    code: 'DFG',
    nameJa: 'ドイツ研究振興協会',
    name: 'Deutsche Forschungsgemeinschaft',
    country: 'DE',
    currency: 'EUR',
    cap: 150_000,
  },
  {
    code: 'ANR',
    nameJa: 'フランス国立研究機構',
    name: 'Agence nationale de la recherche',
    country: 'FR',
    currency: 'EUR',
    cap: 150_000,
  },
  {
    code: 'NRCT',
    nameJa: 'タイ国家研究評議会',
    name: 'National Research Council of Thailand',
    country: 'TH',
    currency: 'THB',
    cap: 3_000_000,
  },
  {
    code: 'NAFOSTED',
    nameJa: 'ベトナム国家科学技術開発基金',
    name: 'National Foundation for Science and Technology Development',
    country: 'VN',
    currency: 'VND',
    cap: 2_000_000_000,
  },
  {
    code: 'BRIN',
    nameJa: 'インドネシア国家研究イノベーション庁',
    name: 'National Research and Innovation Agency',
    country: 'ID',
    currency: 'IDR',
    cap: 1_500_000_000,
  },
  {
    code: 'FAPESP',
    nameJa: 'サンパウロ州研究財団',
    name: 'São Paulo Research Foundation',
    country: 'BR',
    currency: 'BRL',
    cap: 500_000,
  },
  {
    code: 'DOST',
    nameJa: 'フィリピン科学技術省',
    name: 'Department of Science and Technology of the Philippines',
    country: 'PH',
    currency: 'PHP',
    cap: 3_000_000,
    // A department of the Philippine government: J-RAPID's counterpart must be a government organisation.
    governmental: true,
  },
  {
    code: 'NINS',
    nameJa: '自然科学研究機構',
    name: 'National Institutes of Natural Sciences',
    country: 'JP',
    currency: 'JPY',
    cap: 10_000_000,
  },
  {
    code: 'MPG',
    nameJa: 'マックス・プランク協会',
    name: 'Max Planck Society',
    country: 'DE',
    currency: 'EUR',
    cap: 100_000,
  },
];

/**
 * The agencies of each program's demo call. A program without an entry gets one from its rules
 * (`agenciesFor`): the agencies it must include, those of the regions it needs, then others of
 * new countries until it has enough.
 */
const DEMO_CALL_AGENCIES: Record<string, string[]> = {
  'sicorp-bilateral': ['JST', 'NSF'],
  'e-asia-jrp': ['JST', 'NRCT', 'NAFOSTED', 'BRIN'],
  'concert-japan': ['JST', 'DFG', 'ANR'],
  'belmont-forum': ['JST', 'NSF', 'DFG', 'FAPESP'],
  // With the agency of a country struck by a disaster.
  'j-rapid': ['JST', 'DOST'],
  chirp: ['JST', 'NRCT'],
  // NINS's IRCC and its partner institute abroad; NINS leads.
  'ircc-research-unit': ['NINS', 'MPG'],
  // An institutional project's rolling intake of workshop requests: NINS alone.
  'ircc-workshop-support': ['NINS'],
};

const DEMO_TITLES: Record<string, string> = {
  'sicorp-bilateral': 'Japan-US joint call on disaster resilience (demo)',
};

export const DEMO_CALL_TITLE = DEMO_TITLES['sicorp-bilateral'];

/** The Japanese versions of the demo calls' titles (English governs the demo calls). */
const DEMO_TITLES_JA: Record<string, string> = {
  'sicorp-bilateral': '防災・減災に関する日米共同公募（デモ）',
};

const STAFF_ROLES: Role[] = [
  'applicant',
  'agency_officer',
  'program_officer',
  'program_director',
  'reviewer',
  'panel_member',
  'steering_committee_member',
  'board_member',
];

/** Every demo user signs in to the console with this password (demo data only). */
export const DEMO_PASSWORD = 'tandem-demo-password';

/** The agencies of a program's demo call, from its entry above or from its rules. */
export function agenciesFor(program: ProgramDefinition): DemoAgency[] {
  const chosen: DemoAgency[] = [];
  const add = (a: DemoAgency | undefined) => {
    if (a && !chosen.includes(a)) chosen.push(a);
  };
  const listed = DEMO_CALL_AGENCIES[program.code];
  if (listed) return listed.map((code) => AGENCIES.find((a) => a.code === code)!);
  for (const code of program.agencies.mustInclude) add(AGENCIES.find((a) => a.code === code));
  if (chosen.length === 0) add(AGENCIES[0]);
  for (const { region, min } of program.agencies.regions) {
    for (const a of AGENCIES.filter((x) => regionOf(x.country) === region))
      if (chosen.filter((x) => regionOf(x.country) === region).length < min) add(a);
  }
  const enough = Math.max(program.agencies.min, program.agencies.minCountries ?? 0, 2);
  for (const a of AGENCIES) if (chosen.length < enough && !chosen.some((x) => x.country === a.country)) add(a);
  return chosen;
}

/**
 * The demo's users share a published password, one of them an administrator: never in production.
 * Called before anything is written.
 */
export function refuseDemoInProduction(nodeEnv: string): void {
  if (nodeEnv === 'production') {
    throw new DomainException(
      ErrorCode.RuleViolated,
      'seed-demo is refused in production (NODE_ENV=production): it creates an administrator with the published demo password',
    );
  }
}

/**
 * Demo data set for a program of the catalog (SICORP bilateral by default): its agencies, the
 * catalog's programs, an open call of the program led by JST, a user for every role at each of its
 * agencies (`<role>@<agency>.example`, console password DEMO_PASSWORD) and a fresh API token each.
 * With `services` (the CLI's seed-demo): each agency's reviewer pool filled (four reviewers,
 * `reviewer2@<agency>.example`, ...), and for SICORP bilateral two more calls taken through the
 * engine: one in its joint panel with a proposal at every stage (lively-demo.ts), one at the board.
 * Safe to run again (tokens are new each time; existing demo calls and pool members are kept as
 * they are, not rebuilt).
 */
export async function seedDemo(
  dataSource: DataSource,
  users: UsersService,
  calls: CallsService,
  engine: WorkflowEngine,
  passwords?: PasswordService,
  programCode = 'sicorp-bilateral',
  services?: DemoServices,
) {
  const program = programByCode(programCode);
  if (!program) {
    throw new DomainException(
      ErrorCode.ValidationFailed,
      `unknown program ${programCode}: one of ${PROGRAMS.map((p) => p.code).join(', ')}`,
      {
        errors: [{ field: 'program', message: `one of ${PROGRAMS.map((p) => p.code).join(', ')}` }],
      },
    );
  }
  const agencies = agenciesFor(program);
  for (const a of agencies) await ensureAgency(dataSource, a);
  await syncProgramCatalog(dataSource);
  const people = [
    {
      email: 'admin@tandem.example',
      name: 'Demo Administrator',
      role: 'administrator' as Role,
      agency: null as string | null,
    },
    ...agencies.flatMap((a) =>
      STAFF_ROLES.map((role) => ({
        email: `${emailName(role)}@${a.code.toLowerCase()}.example`,
        name: `${a.code} ${label(role)}`,
        role,
        agency: a.code as string | null,
      })),
    ),
  ];
  const tokens: Record<string, string> = {};
  for (const p of people) {
    const user = await users.createUser(p.email, p.name);
    await users.grant(p.email, p.role, p.agency);
    await passwords?.set(user.id, DEMO_PASSWORD);
    tokens[p.email] = await users.issueToken(p.email, 'demo');
  }
  const call = await openDemoCall(dataSource, calls, engine, program, agencies);
  let lively: { reviewCall: string; boardCall: string } | undefined;
  if (services) {
    const demo = new DemoRepository(dataSource);
    Object.assign(tokens, await fillPools(demo, users, passwords, services.reviewers, agencies, DEMO_PASSWORD));
    // The calls at every stage follow SICORP's stages (the default program); other programs get their open call and pools.
    if (program.code === LIVELY_PROGRAM) {
      lively = await livelyCalls(demo, calls, engine, services, {
        program: program.code,
        lead: agencies[0].code,
        cp: agencies[1].code,
        caps: Object.fromEntries(agencies.map((a) => [a.code, a.code === 'JST' ? jstCapOf(program, a) : a.cap])),
      });
    }
  }
  return {
    program: program.code,
    call,
    ...(lively ? { calls: { open: call, inReview: lively.reviewCall, atBoard: lively.boardCall } } : {}),
    tokens,
    ...(passwords ? { password: DEMO_PASSWORD, console: '/console' } : {}),
  };
}

/** The local part of a demo user's address: `po`, `pd`, `officer`, ... as the first demo used. */
function emailName(role: Role): string {
  const short: Partial<Record<Role, string>> = {
    agency_officer: 'officer',
    program_officer: 'po',
    program_director: 'pd',
    panel_member: 'panel',
    steering_committee_member: 'steering',
    board_member: 'board',
  };
  return short[role] ?? role;
}

const label = (role: Role) =>
  role
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');

/** JST's cap within the program's range; the others' from the demo table. */
function jstCapOf(program: ProgramDefinition, a: DemoAgency): number {
  return Math.min(Math.max(a.cap, program.jstBudgetPerYear.min ?? 0), program.jstBudgetPerYear.max ?? a.cap);
}

/** The program whose demo also has a call in review and a call at the board. */
export const LIVELY_PROGRAM = 'sicorp-bilateral';

async function openDemoCall(
  dataSource: DataSource,
  calls: CallsService,
  engine: WorkflowEngine,
  program: ProgramDefinition,
  agencies: DemoAgency[],
): Promise<string> {
  const title = DEMO_TITLES[program.code] ?? `${program.name} joint call (demo)`;
  const demo = new DemoRepository(dataSource);
  const existing = await demo.callIdByTitle(title);
  if (existing) return existing;
  const lead = agencies[0];
  const po = await demo.userIdByEmail(`po@${lead.code.toLowerCase()}.example`);
  const actor: Actor = { userId: po, grants: [{ role: 'program_officer', agency: lead.code }] };
  const day = 24 * 60 * 60 * 1000;
  const at = (days: number) => new Date(Date.now() + days * day).toISOString();
  const jstCap = jstCapOf(program, lead);
  // IRCC: the fellow call is raised from an established research unit.
  const unit =
    program.raisedFrom === 'research-unit'
      ? await establishedDemoUnit(dataSource, engine, lead.code, agencies[1].code)
      : undefined;
  const call = await calls.create(
    {
      program: program.code,
      ...(unit ? { researchUnitId: unit } : {}),
      title,
      ...(DEMO_TITLES_JA[program.code] ? { titles: { ja: DEMO_TITLES_JA[program.code] } } : {}),
      description: `Demo call of ${program.name}: ${program.description}`,
      // A co-owned call: each agency approves its own envelope and cap below.
      agencies: agencies.map((a, i) => ({
        code: a.code,
        role: i === 0 ? ('lead' as const) : ('counterpart' as const),
        currency: a.currency,
      })),
      opensAt: at(-1),
      submissionDeadline: at(60),
      reviewDue: at(90),
      panelDate: at(110),
      boardDate: at(130),
      // J-RAPID answers a disaster of the counterpart's country (the demo's: a typhoon in the Philippines).
      ...(program.disaster
        ? {
            disaster: {
              what: 'Typhoon with storm surge and landslides',
              occurredOn: at(-10).slice(0, 10),
              where: 'Eastern Visayas',
            },
            affectedCountry: agencies[1].country,
          }
        : {}),
    },
    actor,
  );
  // Each agency's own program officer approves its part, appointing its demo PO and PD.
  for (const a of agencies) {
    const cap = a.code === 'JST' ? jstCap : a.cap;
    const code = a.code.toLowerCase();
    const staff = {
      po: {
        userId: await demo.userIdByEmail(`po@${code}.example`),
        grants: [{ role: 'program_officer' as const, agency: a.code }],
      },
      pdUserId: await demo.userIdByEmail(`pd@${code}.example`),
    };
    // Ten projects' worth a year (a three-year project's yearly cap).
    await approveDemoParticipation(engine, call.id, a.code, staff, {
      perYear: Math.floor((cap * 10) / 3),
      cap,
      currency: a.currency,
    });
  }
  // Through the one transition pipeline, like any other change of state.
  await engine.send({ subjectType: 'call', instanceId: call.id, body: { type: 'ANNOUNCE' }, actor });
  await openAnnouncedCall(engine, call.id, actor);
  return call.id;
}
