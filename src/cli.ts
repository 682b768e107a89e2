import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, AppConfigModule } from './config/config.module.js';
import { InvalidEnvironmentError } from './config/env.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { DomainException } from './common/domain.exception.js';
import { EngineModule } from './engine/engine.module.js';
import { WorkflowEngine } from './engine/workflow-engine.service.js';
import { CallsService } from './modules/calls/calls.service.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { PasswordService } from './modules/auth/password.service.js';
import { passwordProblem } from './modules/auth/passwords.js';
import { DomainModule } from './modules/domain.module.js';
import { PROGRAMS } from '../workflows/index.js';
import { refuseDemoInProduction, seedDemo } from './modules/demo/seed-demo.js';
import { syncProgramCatalog } from './modules/programs/program-catalog.js';
import { MetricsRegistryModule } from './modules/metrics/metrics.module.js';
import { UsersService } from './modules/users/users.service.js';
import { ProgramsService } from './modules/programs/programs.service.js';
import { parseStateMap, WorkflowMigrator } from './engine/workflow-migration.js';

@Module({ imports: [AppConfigModule, DatabaseModule, EngineModule, MetricsRegistryModule, DomainModule, AuthModule] })
class CliModule {}

const USAGE = `Usage: npm run cli -- <command> [options]

  agency:create --code JST --name "Japan Science and Technology Agency" --country JP --currency JPY
  user:create   --email a@example.org --name "A. Person" [--locale en|ja] [--password -]
  user:password --email a@example.org [--password secret]                  sets the console password (read
                from standard input when --password is absent or "-"); lifts a lock-out, ends sessions
  grant         --email a@example.org --role program_officer --agency JST   (administrator: no --agency)
  token:create  --email a@example.org [--name cli] [--days 90]              prints the token once
  token:revoke  --email a@example.org
  seed-demo     [--program ${PROGRAMS.map((p) => p.code).join('|')}]
                the catalog's programs, an open demo call of the program (default SICORP bilateral, JST-NSF)
                with its agencies, one user for every role at each, and their tokens (printed)
  migrate       apply pending migrations and add the catalog's missing programs (the service also does this at start)
  workflows:publish --program sicorp-bilateral [--proposal id@v] [--call id@v]
                points the program at registered workflow versions for the calls created from now on
                (running calls and their proposals keep the versions they started with)
  workflows:migrate --from id@1 --to id@2 [--map old=new[,old2=new2]] [--instance <id>]... [--dry-run]
                moves running instances to another version (per instance: id, from state -> to state);
                refused, changing nothing, when a state would not exist in the target version`;

type Options = Record<string, string | undefined> & { instance?: string[]; 'dry-run'?: boolean };

const COMMANDS: Record<string, (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>, o: Options) => Promise<unknown>> = {
  'agency:create': async (app, o) => {
    await app.get(DataSource).query(`INSERT INTO agencies (code, name, country, currency) VALUES ($1, $2, $3, $4)`, [
      required(o, 'code'),
      required(o, 'name'),
      required(o, 'country'),
      required(o, 'currency'),
    ]);
    return `agency ${o.code} created`;
  },
  'user:create': async (app, o) => {
    if (o.locale !== undefined && !['en', 'ja'].includes(o.locale)) throw new Error('--locale must be en or ja');
    const password = o.password === undefined ? undefined : await passwordFrom(o);
    const weak = password === undefined ? null : passwordProblem(password);
    if (weak) throw new Error(`--password ${weak}`);
    const user = await app.get(UsersService).createUser(required(o, 'email'), required(o, 'name'), o.locale ?? 'en');
    if (password !== undefined) await app.get(PasswordService).set(user.id, password);
    return `user ${user.email} (${user.id})${password !== undefined ? ' with a console password' : ''}`;
  },
  'user:password': async (app, o) => {
    const email = required(o, 'email');
    await app.get(PasswordService).setByEmail(email, await passwordFrom(o));
    return `password of ${email} set; its sessions were ended`;
  },
  grant: async (app, o) => {
    await app.get(UsersService).grant(required(o, 'email'), required(o, 'role'), o.agency ?? null);
    return `${o.email} is ${o.role}${o.agency ? ` at ${o.agency}` : ''}`;
  },
  'token:create': async (app, o) => app.get(UsersService).issueToken(required(o, 'email'), o.name ?? 'cli', o.days ? Number(o.days) : undefined),
  'token:revoke': async (app, o) => `${await app.get(UsersService).revokeTokens(required(o, 'email'))} token(s) revoked`,
  'seed-demo': async (app, o) => {
    refuseDemoInProduction(app.get(AppConfig).get('NODE_ENV'));
    return seedDemo(app.get(DataSource), app.get(UsersService), app.get(CallsService), app.get(WorkflowEngine), app.get(PasswordService), o.program ?? 'sicorp-bilateral');
  },
  'workflows:publish': async (app, o) => {
    const { program, previous } = await app.get(ProgramsService).publish(required(o, 'program'), { callWorkflow: o.call, proposalWorkflow: o.proposal });
    return [
      `program ${program.code}: new calls use ${program.callWorkflow} and ${program.proposalWorkflow}`,
      `(before: ${previous.callWorkflow} and ${previous.proposalWorkflow}; running calls keep theirs)`,
    ].join('\n');
  },
  'workflows:migrate': async (app, o) => {
    const report = await app.get(WorkflowMigrator).migrate({
      from: required(o, 'from'),
      to: required(o, 'to'),
      map: parseStateMap(o.map),
      instances: o.instance,
      dryRun: o['dry-run'] === true,
    });
    const verb = report.dryRun ? 'would move' : 'moved';
    const text = [
      `${verb} ${report.moves.length} instance(s) from ${report.from} to ${report.to}${report.dryRun ? ' (dry run: nothing changed)' : ''}`,
      ...report.moves.map((m) => `  ${m.id} (${m.subjectType}): ${m.from} -> ${m.to}`),
    ].join('\n');
    if (report.failed.length === 0) return text;
    throw new Error(`${text}\nnot moved (each unchanged):\n${report.failed.map((m) => `  ${m.id} (${m.subjectType}): ${m.reason}`).join('\n')}`);
  },
  migrate: async (app) => {
    const applied = await app.get(DataSource).runMigrations({ transaction: 'each' });
    const added = await syncProgramCatalog(app.get(DataSource));
    return [
      applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations',
      ...(added.length ? [`programs added from the catalog: ${added.join(', ')}`] : []),
    ].join('\n');
  },
};

/** `--password secret`, or the first line of standard input (`--password -` or no option): nothing prompts. */
async function passwordFrom(o: Options): Promise<string> {
  if (o.password !== undefined && o.password !== '-') return o.password;
  if (process.stdin.isTTY) throw new Error('give --password, or pipe the password on standard input');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const line = input.split(/\r?\n/)[0];
  if (!line) throw new Error('no password on standard input');
  return line;
}

function required(o: Options, name: string): string {
  const value = o[name];
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      ...Object.fromEntries(
        ['code', 'name', 'country', 'currency', 'email', 'locale', 'role', 'agency', 'days', 'password', 'program', 'proposal', 'call', 'from', 'to', 'map'].map((k) => [
          k,
          { type: 'string' as const },
        ]),
      ),
      instance: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
    },
  });
  const command = COMMANDS[positionals[0] ?? ''];
  if (!command) {
    console.error(USAGE);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
  try {
    const out = await command(app, values as Options);
    console.log(typeof out === 'string' ? out : JSON.stringify(out, null, 2));
    return 0;
  } catch (e) {
    console.error(e instanceof DomainException || e instanceof Error ? `error: ${e.message}` : e);
    return 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    new Logger('cli').error(e instanceof InvalidEnvironmentError ? e.message : e);
    process.exit(1);
  },
);
