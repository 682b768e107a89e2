import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import type { Person, World } from '../factories/world.js';
import {
  CONTENT_TYPES,
  RAW_BODIES,
  RAW_REQUESTS,
  changedTables,
  eventTypes,
  fromSchema,
  garbageHeaders,
  rawExchange,
  tableDigest,
  withFuzzSection,
  writeRoutes,
  type JsonSchema,
  type WriteRoute,
} from '../support/fuzz.js';
import type { TestApp } from '../support/app.js';

/**
 * Fuzzed write requests against the real service: every write route under /api/v1 (read from the
 * router, so new routes are fuzzed too), every event type of every workflow, tokens of several
 * roles, schema-shaped and nasty bodies, wrong content types, garbage headers and ids. Never a 5xx;
 * every 4xx is problem+json and changes no table. `npm test` runs a short, seeded version;
 * `npm run fuzz -- --cases 20000` the full one, which writes its figures into docs/reliability.md.
 */

// Rate limits would turn most of the run into 429s: this file's service instance lifts them.
process.env.API_RATE_LIMIT_PER_MINUTE = '1000000';
const { startTestApp } = await import('../support/app.js');
const { Factory } = await import('../factories/world.js');

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const REPORT = process.env.FUZZ_REPORT;
/** Fresh objects to fuzz after this many random cases (events may cancel the call or withdraw proposals). */
const REFRESH_EVERY = 1000;

interface FuzzRequest {
  phase: string;
  method: string;
  route: string;
  path: string;
  role: string;
  token?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  eventType?: string;
}

interface Failure {
  why: string;
  request: string;
  status: number;
  answer: string;
}

const SUBJECT_OF: Record<string, 'call' | 'proposal' | 'assignment' | 'unit'> = {
  calls: 'call',
  proposals: 'proposal',
  assignments: 'assignment',
  'research-units': 'unit',
};

describe('fuzzed write requests', () => {
  let sut: TestApp;
  let factory: InstanceType<typeof Factory>;
  let w: World;
  let routes: WriteRoute[];
  let components: Record<string, JsonSchema>;
  let digest: () => Promise<Record<string, string>>;
  let last: Record<string, string>;
  const events = {
    call: eventTypes('call'),
    proposal: eventTypes('proposal'),
    assignment: eventTypes('assignment'),
    unit: eventTypes('unit'),
  };
  /** Ids of objects that exist, by path parameter and payload field; refreshed now and then. */
  const pool = { ids: [] as string[], codes: [] as string[], call: [] as string[], proposal: [] as string[] };
  let tokens: [string, string | undefined][];

  const tally = {
    requests: 0,
    byStatus: new Map<number, number>(),
    routes: new Set<string>(),
    eventTypes: new Set<string>(),
    failures: [] as Failure[],
    fourxx: 0,
  };

  async function refreshObjects(): Promise<void> {
    w = await factory.world();
    const draft = await factory.proposal(w);
    const submitted = await factory.proposal(w, {}, { submit: true });
    const checking = await factory.proposal(w, {}, { submit: true });
    await factory.send(
      'proposal',
      checking,
      { type: 'START_ELIGIBILITY_CHECK' },
      w.people[w.lead].program_officer.actor,
    );
    const reviewer = await factory.reviewer(w.lead, { institution: 'Fuzz University' });
    pool.ids = [w.callId, draft, submitted, checking, reviewer.reviewerId, reviewer.userId, w.admin.userId];
    pool.codes = [w.lead, w.counterpart, w.program, 'sicorp-bilateral', 'JST'];
    pool.call = [w.callId];
    pool.proposal = [draft, submitted, checking];
    const person = (agency: string, role: string): Person => w.people[agency][role];
    tokens = [
      ['administrator', w.admin.token],
      ['lead program officer', person(w.lead, 'program_officer').token],
      ['lead program director', person(w.lead, 'program_director').token],
      ['lead applicant', person(w.lead, 'applicant').token],
      ['counterpart agency officer', person(w.counterpart, 'agency_officer').token],
      ['lead reviewer', reviewer.token],
      ['lead board member', person(w.lead, 'board_member').token],
      ['outsider', w.outsider.token],
      ['no token', undefined],
      ['garbage token', 'tdm_garbage'],
    ];
    last = await digest();
  }

  beforeAll(async () => {
    sut = await startTestApp();
    factory = new Factory(sut.app);
    const openapi = (await (await fetch(`${sut.url}/api/docs-json`)).json()) as Parameters<typeof writeRoutes>[1] & {
      components?: { schemas?: Record<string, JsonSchema> };
    };
    components = openapi.components?.schemas ?? {};
    routes = writeRoutes(sut.app.getHttpAdapter().getInstance(), openapi);
    digest = await tableDigest(sut.dataSource);
    await refreshObjects();
  });
  afterAll(() => sut.close());

  const ids = (): fc.Arbitrary<string> =>
    fc.oneof({ arbitrary: fc.constantFrom(...pool.ids), weight: 6 }, { arbitrary: fc.uuid(), weight: 1 });
  /** Path segments, already encoded: existing objects mostly, else unknown, malformed or undecodable ones. */
  const segment = (name: string): fc.Arbitrary<string> =>
    fc.oneof(
      { arbitrary: name === 'code' ? fc.constantFrom(...pool.codes) : ids(), weight: 8 },
      {
        arbitrary: fc.constantFrom(
          'x',
          '0',
          '-1',
          'null',
          '%00',
          '%ED%A0%80',
          '%E0%A4%A',
          '%25',
          'a'.repeat(300),
          '..',
          encodeURIComponent('__proto__'),
          encodeURIComponent(' \u00e9'),
        ),
        weight: 2,
      },
      {
        arbitrary: fc
          .string({ maxLength: 40 })
          .map(encodeURIComponent)
          .filter((s) => s.length > 0),
        weight: 1,
      },
    );

  function pathOf(route: WriteRoute, existing = false): fc.Arbitrary<string> {
    const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
    if (!names.length) return fc.constant(route.path);
    const subject = SUBJECT_OF[route.path.split('/')[3]];
    const objects = subject === 'call' ? pool.call : subject === 'proposal' ? pool.proposal : pool.ids;
    const known = (name: string) =>
      fc.constantFrom(...(name === 'code' ? pool.codes : name === 'id' ? objects : pool.ids));
    return fc.tuple(...names.map(existing ? known : segment)).map((values) => {
      let i = 0;
      return route.path.replace(/:(\w+)/g, () => values[i++]);
    });
  }

  /** A body for the route: an event of its subject with a payload shaped by the event's schema, or the route's own schema. */
  function bodyOf(
    route: WriteRoute,
    eventType: string | undefined,
    nasty: boolean,
  ): fc.Arbitrary<{ body: unknown; eventType?: string }> {
    const subject = SUBJECT_OF[/^\/api\/v1\/([\w-]+)\/:id\/events$/.exec(route.path)?.[1] ?? ''];
    if (subject) {
      const types = events[subject];
      const type = eventType ? fc.constant(eventType) : fc.constantFrom(...types.keys());
      return type.chain((t) =>
        fromSchema(types.get(t), ids(), components, nasty).map((payload) => ({
          body:
            payload !== null && typeof payload === 'object' && !Array.isArray(payload)
              ? { ...payload, type: t }
              : { type: t, payload },
          eventType: `${subject}:${t}`,
        })),
      );
    }
    return fromSchema(route.bodySchema, ids(), components, nasty).map((body) => ({ body }));
  }

  function requestOf(
    phase: string,
    route: WriteRoute,
    options: { eventType?: string; garbage?: boolean } = {},
  ): fc.Arbitrary<FuzzRequest> {
    // Garbage ids, headers and content types in the random phase; the first phase reaches the workflows.
    return fc
      .record({
        path: pathOf(route, !options.garbage),
        token: fc.constantFrom(...(options.garbage ? tokens : tokens.slice(0, 7))),
        content: bodyOf(route, options.eventType, options.garbage === true),
        contentType: options.garbage
          ? fc.oneof(
              { arbitrary: fc.constant('application/json'), weight: 6 },
              { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 },
            )
          : fc.constant('application/json'),
        headers: options.garbage
          ? fc.oneof({ arbitrary: fc.constant({}), weight: 3 }, { arbitrary: garbageHeaders, weight: 1 })
          : fc.constant({}),
        idempotent: fc.boolean(),
      })
      .map(({ path, token, content, contentType, headers, idempotent }) => ({
        phase,
        method: route.method,
        route: `${route.method} ${route.path}`,
        path,
        role: token[0],
        token: token[1],
        headers: {
          'Content-Type': contentType,
          ...(idempotent ? { 'Idempotency-Key': randomUUID() } : {}),
          ...headers,
        },
        body: JSON.stringify(content.body),
        eventType: content.eventType,
      }));
  }

  const describeRequest = (r: FuzzRequest): string => {
    const body = r.body === undefined ? '' : String(r.body);
    return `[${r.phase}] ${r.method} ${r.path} as ${r.role} ${JSON.stringify(r.headers)} ${body.length > 300 ? `${body.slice(0, 300)}... (${body.length} chars)` : body}`;
  };

  async function send(r: FuzzRequest): Promise<void> {
    const headers: Record<string, string> = { ...r.headers };
    if (r.token !== undefined) headers.Authorization = `Bearer ${r.token}`;
    const before = last;
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const res = await fetch(`${sut.url}${r.path}`, { method: r.method, headers, body: r.body });
      status = res.status;
      contentType = res.headers.get('content-type') ?? '';
      text = await res.text();
    } catch (err) {
      status = 0;
      contentType = '';
      text = `no answer: ${(err as Error).message}`;
    }
    last = await digest();
    tally.requests++;
    tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
    tally.routes.add(r.route);
    if (r.eventType) tally.eventTypes.add(r.eventType);
    const fail = (why: string): void => {
      tally.failures.push({ why, request: describeRequest(r), status, answer: text.slice(0, 400) });
    };
    if (status === 0 || status >= 500) return fail(status === 0 ? 'no answer' : 'server error');
    if (status < 400) return;
    tally.fourxx++;
    if (!contentType.startsWith('application/problem+json')) fail('a 4xx that is not problem+json');
    else if (JSON.parse(text).status !== status) fail('a problem document whose status differs from the answer');
    const changed = changedTables(before, last);
    if (changed.length) fail(`a 4xx that changed ${changed.join(', ')}`);
  }

  const sample = <T>(arb: fc.Arbitrary<T>, n: number, seed: number): T[] => fc.sample(arb, { numRuns: n, seed });

  const reportFailures = () =>
    tally.failures
      .slice(0, 15)
      .map((f) => `${f.why}: ${f.status} ${f.answer}\n    ${f.request}`)
      .join('\n');

  it('covers every write route and every event type of every workflow with schema-shaped requests by several roles', async () => {
    expect(routes.length).toBeGreaterThan(15);
    let seed = SEED;
    for (const route of routes) {
      for (const r of sample(requestOf('each route', route), 4, seed++)) await send(r);
    }
    const eventRoutes = routes.filter((r) => r.path.endsWith('/:id/events'));
    for (const route of eventRoutes) {
      const subject = SUBJECT_OF[route.path.split('/')[3]];
      for (const type of events[subject].keys()) {
        for (const r of sample(requestOf('each event', route, { eventType: type }), 3, seed++)) await send(r);
      }
    }
    expect(reportFailures()).toBe('');
    expect(routes.map((r) => `${r.method} ${r.path}`).filter((r) => !tally.routes.has(r))).toEqual([]);
    const expected = Object.entries(events).flatMap(([subject, types]) =>
      [...types.keys()].map((t) => `${subject}:${t}`),
    );
    expect(expected.filter((t) => !tally.eventTypes.has(t))).toEqual([]);
  }, 3_600_000);

  it('answers nasty raw bodies and wrong content types on every write route with a 4xx problem and no change', async () => {
    const event = routes.find((r) => r.path === '/api/v1/proposals/:id/events') as WriteRoute;
    let i = 0;
    for (const route of routes) {
      const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
        name === 'code' ? w.lead : pool.ids[i % pool.ids.length],
      );
      for (const raw of RAW_BODIES) {
        const [role, token] = tokens[i++ % 3];
        await send({
          phase: `raw body: ${raw.name}`,
          method: route.method,
          route: `${route.method} ${route.path}`,
          path,
          role,
          token,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
          body: raw.body(),
        });
      }
      for (const contentType of CONTENT_TYPES) {
        const [role, token] = tokens[i++ % 3];
        await send({
          phase: `content type ${contentType}`,
          method: route.method,
          route: `${route.method} ${route.path}`,
          path,
          role,
          token,
          headers: { 'Content-Type': contentType },
          body: '{"type":"SUBMIT","title":"t"}',
        });
      }
    }
    for (const raw of RAW_REQUESTS) {
      const before = last;
      const answer = await rawExchange(
        Number(new URL(sut.url).port),
        raw.request(event.path.replace(':id', pool.ids[1])),
      );
      last = await digest();
      tally.requests++;
      tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
      const bad =
        answer.status < 400 ||
        answer.status >= 500 ||
        !answer.contentType.startsWith('application/problem+json') ||
        changedTables(before, last).length > 0;
      if (bad)
        tally.failures.push({
          why: 'a raw request not refused as a problem',
          request: raw.name,
          status: answer.status,
          answer: answer.body.slice(0, 300),
        });
    }
    expect(reportFailures()).toBe('');
  }, 3_600_000);

  it(
    `never answers ${CASES} random requests with a 5xx, nor a 4xx that is not a problem or changed anything`,
    async () => {
      const started = Date.now();
      const batch = Math.min(REFRESH_EVERY, 250);
      for (let done = 0, round = 0; done < CASES; round++) {
        if (done > 0 && done % REFRESH_EVERY === 0) await refreshObjects();
        const n = Math.min(batch, CASES - done);
        const anyRoute = fc.constantFrom(...routes).chain((route) => requestOf('random', route, { garbage: true }));
        for (const r of sample(anyRoute, n, SEED + 1_000_000 + round)) await send(r);
        done += n;
      }
      randomSeconds = (Date.now() - started) / 1000;
      expect(reportFailures()).toBe('');
    },
    6 * 3_600_000,
  );

  let randomSeconds = 0;
  afterAll(() => {
    if (!REPORT) return;
    const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b);
    const section = [
      '## Fuzz',
      '',
      `\`npm run fuzz -- --cases ${CASES}\` (seed ${SEED}), ${new Date().toISOString().slice(0, 10)}, against the real service`,
      'on PostgreSQL and Redis (test/e2e/fuzz.e2e-spec.ts).',
      '',
      `- Write routes fuzzed: ${tally.routes.size} (every POST, PUT, PATCH and DELETE under \`/api/v1\`, read from the router);`,
      `  event types: ${tally.eventTypes.size} (every event of every workflow of calls, proposals and assignments).`,
      `- Tokens of ${tokens.length} kinds: administrator, lead PO and PD, applicant, counterpart officer, reviewer, board member,`,
      '  an agency outside the call, none, a garbage token.',
      `- Requests: ${tally.requests} (${CASES} random ones in ${randomSeconds.toFixed(0)} s, the rest each route 4 and each event 3 times,`,
      `  ${RAW_BODIES.length} raw bodies and ${CONTENT_TYPES.length} content types on every route, ${RAW_REQUESTS.length} malformed HTTP requests).`,
      `- Answers by status: ${statuses.map(([s, n]) => `${s}: ${n}`).join(', ')}.`,
      `- 5xx: ${tally.failures.filter((f) => f.why === 'server error').length}; 4xx not problem+json: ${tally.failures.filter((f) => f.why.includes('not problem')).length};`,
      `  4xx that changed a table: ${tally.failures.filter((f) => f.why.includes('changed')).length} (of ${tally.fourxx} 4xx, compared on every table but idempotency_keys and user_sessions).`,
      '- Not reached: the machines of the other programs (the fuzzed objects are SICORP ones, so their events stop at',
      '  `unknown event type`); most random bodies stop at validation, as they should.',
    ].join('\n');
    const file = REPORT;
    writeFileSync(file, withFuzzSection(existsSync(file) ? readFileSync(file, 'utf8') : '', section));
  });
});
