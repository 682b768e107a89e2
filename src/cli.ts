import type { INestApplicationContext } from '@nestjs/common';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadEnv } from './config/config.module.js';
import { InvalidEnvironmentError } from './config/env.schema.js';
import { PROGRAMS } from '../workflows/index.js';

type App = INestApplicationContext;
/** The service's modules and what the commands use, loaded when a command runs. */
let m: typeof import('./cli.module.js');
/** What a command prints: `text` for people, `json` with --json (and `json` alone when both are the same). */
type Result = { text?: string; json: unknown };

/** `--password secret`, or the first line of standard input (`--password -` or no option): nothing prompts. */
async function passwordFrom(password: string | undefined): Promise<string> {
  if (password !== undefined && password !== '-') return password;
  if (process.stdin.isTTY) throw new Error('give --password, or pipe the password on standard input');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const line = input.split(/\r?\n/)[0];
  if (!line) throw new Error('no password on standard input');
  return line;
}

/**
 * With --json every error is one `{"error": ...}` line on standard error, commander's own too
 * (unknown command, invalid or missing option), which are therefore known before parsing ends.
 */
const argv = process.argv.slice(2);
const JSON_OUTPUT = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--json');
const printError = (message: string) =>
  console.error(JSON_OUTPUT ? JSON.stringify({ error: message }) : `error: ${message}`);

const program = new Command('npm run cli --')
  .description(
    'Tandem administration: agencies, users, roles, tokens, the demo data, migrations and workflow versions.',
  )
  .option('--json', 'print the result as JSON (for scripts)')
  .showHelpAfterError(!JSON_OUTPUT)
  // Inherited by every command declared below: commander's errors are thrown, then printed as above.
  .exitOverride()
  .configureOutput({
    writeErr: (text) => {
      if (!JSON_OUTPUT) process.stderr.write(text);
    },
  })
  .addHelpText(
    'after',
    '\nAgainst DATABASE_URL, or the embedded database of a running `npm start` (DATA_DIR/embedded.json).\n`npm run cli -- <command> --help` describes a command.',
  );

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's options: each command reads its own
type Options = Record<string, any>;

/** Declares a command whose action runs with the service's modules, then prints its result. */
function command(name: string, description: string, run: (app: App, options: Options) => Promise<Result>): Command {
  return program
    .command(name)
    .description(description)
    .action(async (options: Options) => {
      loadEnv();
      m = await import('./cli.module.js');
      const app = await m.NestFactory.createApplicationContext(m.CliModule, { bufferLogs: true });
      app.useLogger(new m.NestLogger(app.get(m.Logger)));
      try {
        const result = await run(app, options);
        console.log(JSON_OUTPUT || result.text === undefined ? JSON.stringify(result.json, null, 2) : result.text);
      } catch (e) {
        printError(e instanceof Error ? e.message : String(e));
        process.exitCode = 1;
      } finally {
        await app.close();
      }
    });
}

command('agency:create', 'add a funding agency', async (app, o) => {
  await m.insertAgency(app.get(m.DataSource), { code: o.code, name: o.name, country: o.country, currency: o.currency });
  return { text: `agency ${o.code} created`, json: { code: o.code } };
})
  .requiredOption('--code <code>', 'short code, e.g. JST')
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--country <country>', 'ISO country code, e.g. JP')
  .requiredOption('--currency <currency>', 'ISO currency code, e.g. JPY');

command('user:create', 'add a user (and a console password with --password)', async (app, o) => {
  const password = o.password === undefined ? undefined : await passwordFrom(o.password);
  const weak = password === undefined ? null : m.passwordProblem(password);
  if (weak) throw new Error(`--password ${weak}`);
  const user = await app.get(m.UsersService).createUser(o.email, o.name, o.locale);
  if (password !== undefined) await app.get(m.PasswordService).set(user.id, password);
  return {
    text: `user ${user.email} (${user.id})${password !== undefined ? ' with a console password' : ''}`,
    json: { ...user, password: password !== undefined },
  };
})
  .requiredOption('--email <address>', 'e-mail address (the sign-in name)')
  .requiredOption('--name <name>', 'display name')
  .addOption(
    new Option('--locale <locale>', 'language of the console and the e-mails').choices(['en', 'ja']).default('en'),
  )
  .option('--password <password>', 'console password ("-": the first line of standard input)');

command(
  'user:password',
  "set a user's console password; lifts a lock-out and ends the user's sessions",
  async (app, o) => {
    await app.get(m.PasswordService).setByEmail(o.email, await passwordFrom(o.password));
    return { text: `password of ${o.email} set; its sessions were ended`, json: { email: o.email } };
  },
)
  .requiredOption('--email <address>', "the user's e-mail address")
  .option('--password <password>', 'the password (absent or "-": the first line of standard input)');

command('grant', 'give a user a role at an agency (administrator: no agency)', async (app, o) => {
  await app.get(m.UsersService).grant(o.email, o.role, o.agency ?? null);
  return {
    text: `${o.email} is ${o.role}${o.agency ? ` at ${o.agency}` : ''}`,
    json: { email: o.email, role: o.role, agency: o.agency ?? null },
  };
})
  .requiredOption('--email <address>', "the user's e-mail address")
  .requiredOption(
    '--role <role>',
    'applicant, agency_officer, program_officer, program_director, reviewer, panel_member, steering_committee_member, board_member or administrator',
  )
  .option('--agency <code>', 'the agency the role is held at');

command('token:create', 'issue an API token (printed once; only its hash is stored)', async (app, o) => {
  const token = await app.get(m.UsersService).issueToken(o.email, o.name, o.days);
  return { text: token, json: { token } };
})
  .requiredOption('--email <address>', "the user's e-mail address")
  .option('--name <name>', 'what the token is for', 'cli')
  .option('--days <days>', 'days until it expires', (v) => positiveInteger('--days', v));

command('token:revoke', 'revoke every API token of a user', async (app, o) => {
  const revoked = await app.get(m.UsersService).revokeTokens(o.email);
  return { text: `${revoked} token(s) revoked`, json: { revoked } };
}).requiredOption('--email <address>', "the user's e-mail address");

command(
  'seed-demo',
  "the catalog's programs, an open demo call with its agencies, one user for every role, and their tokens",
  async (app, o) => {
    m.refuseDemoInProduction(app.get(m.AppConfig).get('NODE_ENV'));
    return {
      json: await m.seedDemo(
        app.get(m.DataSource),
        app.get(m.UsersService),
        app.get(m.CallsService),
        app.get(m.WorkflowEngine),
        app.get(m.PasswordService),
        o.program,
        {
          proposals: app.get(m.ProposalsService),
          reviewers: app.get(m.ReviewersService),
          assignments: app.get(m.AssignmentsService),
        },
      ),
    };
  },
).addOption(
  new Option('--program <code>', 'the program of the demo call')
    .choices(PROGRAMS.map((p) => p.code))
    .default('sicorp-bilateral'),
);

command(
  'migrate',
  "apply pending migrations and add the catalog's missing programs (the service also does this at start)",
  async (app) => {
    const applied = (await app.get(m.DataSource).runMigrations({ transaction: 'each' })).map(
      (migration) => migration.name,
    );
    const added = await m.syncProgramCatalog(app.get(m.DataSource));
    return {
      text: [
        applied.length ? `applied ${applied.join(', ')}` : 'no pending migrations',
        ...(added.length ? [`programs added from the catalog: ${added.join(', ')}`] : []),
      ].join('\n'),
      json: { applied, programsAdded: added },
    };
  },
);

command(
  'workflows:publish',
  'point a program at registered workflow versions for the calls created from now on (running calls keep theirs)',
  async (app, o) => {
    const { program, previous } = await app
      .get(m.ProgramsService)
      .publish(o.program, { callWorkflow: o.call, proposalWorkflow: o.proposal });
    return {
      text: [
        `program ${program.code}: new calls use ${program.callWorkflow} and ${program.proposalWorkflow}`,
        `(before: ${previous.callWorkflow} and ${previous.proposalWorkflow}; running calls keep theirs)`,
      ].join('\n'),
      json: {
        program: program.code,
        callWorkflow: program.callWorkflow,
        proposalWorkflow: program.proposalWorkflow,
        previous,
      },
    };
  },
)
  .requiredOption('--program <code>', 'the program')
  .option('--proposal <id@version>', 'proposal workflow')
  .option('--call <id@version>', 'call workflow');

command(
  'workflows:migrate',
  'move running instances to another version; refused, changing nothing, when a state would not exist there',
  async (app, o) => {
    const report = await app.get(m.WorkflowMigrator).migrate({
      from: o.from,
      to: o.to,
      map: m.parseStateMap(o.map),
      instances: o.instance,
      dryRun: o.dryRun === true,
    });
    const verb = report.dryRun ? 'would move' : 'moved';
    const text = [
      `${verb} ${report.moves.length} instance(s) from ${report.from} to ${report.to}${report.dryRun ? ' (dry run: nothing changed)' : ''}`,
      ...report.moves.map((move) => `  ${move.id} (${move.subjectType}): ${move.from} -> ${move.to}`),
    ].join('\n');
    if (report.failed.length === 0) return { text, json: report };
    throw new Error(
      `${text}\nnot moved (each unchanged):\n${report.failed.map((f) => `  ${f.id} (${f.subjectType}): ${f.reason}`).join('\n')}`,
    );
  },
)
  .requiredOption('--from <id@version>', 'the version the instances run')
  .requiredOption('--to <id@version>', 'the version to move them to')
  .option('--map <old=new,...>', 'states renamed in the target version')
  .option('--instance <id>', 'only this instance (repeatable)', (v: string, all: string[] = []) => [...all, v])
  .option('--dry-run', 'print the moves, change nothing');

function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1`);
  return n;
}

program.parseAsync().catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // Help and version asked for end well; commander has printed its error unless with --json.
    if (e.exitCode === 0) process.exit(0);
    if (JSON_OUTPUT)
      printError(
        e.code === 'commander.help'
          ? 'no command given: `npm run cli -- --help` lists them'
          : e.message.replace(/^error: /, ''),
      );
    process.exit(e.exitCode || 1);
  }
  // A wrong configuration (or the database unreachable): one message, no stack trace.
  if (e instanceof InvalidEnvironmentError && !JSON_OUTPUT) console.error(e.message);
  else printError(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
