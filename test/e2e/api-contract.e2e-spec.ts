import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import openapiTS, { astToString } from 'openapi-typescript';
import request from 'supertest';
import ts from 'typescript';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Answer, proposalLifecycle } from '../contract/lifecycle-client.js';

type Json = Record<string, any>;
const CONTRACT = join(process.cwd(), 'test', 'contract');
const GENERATED = join(CONTRACT, 'tandem-api.d.ts');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * The API contract: /api/docs-json of the running service is complete enough to generate a client
 * (openapi-typescript), the committed generated types are current, a small client type-checks
 * against them, and a lifecycle driven through it gets answers that validate against the document.
 */
describe('the OpenAPI document as a contract', () => {
  let sut: TestApp;
  let doc: Json;
  let world: World;

  beforeAll(async () => {
    sut = await startTestApp();
    world = await new Factory(sut.app).world();
    doc = (await request(sut.url).get('/api/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await sut?.close();
  });

  const operations = () =>
    Object.entries(doc.paths as Json).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })),
    );
  /** A validator of one schema of the document (refs resolved in its components). */
  let ajv: Ajv | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const validator = (schema: Json): ValidateFunction => {
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true });
      // ajv-formats is CommonJS: its default import is the plugin itself, typed as the module.
      (ajvFormats as unknown as typeof ajvFormats.default)(ajv);
      ajv.addSchema({ components: openapi30(doc.components) }, 'doc');
    }
    const key = JSON.stringify(schema);
    if (!compiled.has(key))
      compiled.set(key, ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"doc#/components/'))));
    return compiled.get(key)!;
  };
  const deref = (node: Json): Json => {
    if (!node?.$ref) return node;
    const [, ...parts] = (node.$ref as string).split('/');
    return deref(parts.reduce((n: Json, p) => n[p], doc));
  };

  it('gives every operation a stable id, a summary, an example, a typed success answer and problem+json errors', () => {
    const gaps: string[] = [];
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const name = `${method.toUpperCase()} ${path}`;
      if (!/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/.test(op.operationId ?? ''))
        gaps.push(`${name}: operationId ${op.operationId}`);
      if (ids.has(op.operationId)) gaps.push(`${name}: duplicate operationId`);
      ids.add(op.operationId);
      if (!op.summary) gaps.push(`${name}: no summary`);
      const statuses = Object.keys(op.responses);
      const successes = statuses.filter((s) => /^2\d\d$/.test(s));
      if (successes.length !== 1) gaps.push(`${name}: ${successes.length} success answers`);
      for (const status of successes) {
        const response = deref(op.responses[status]);
        if (status === '204') continue;
        const [type, media] = Object.entries((response.content ?? {}) as Json)[0] ?? [];
        if (!media?.schema || (type === 'application/json' && !media.schema.$ref))
          gaps.push(`${name}: success ${status} without a named schema`);
        if (media?.example === undefined) gaps.push(`${name}: no example`);
      }
      const bodies = Object.values((op.requestBody ? deref(op.requestBody).content : undefined) ?? {}) as Json[];
      if (op.requestBody && bodies[0]?.example === undefined) gaps.push(`${name}: no request example`);
      const errors = statuses.filter(
        (s) => /^[45]\d\d$/.test(s) && !(op.operationId === 'health.ready' && s === '503'),
      );
      if (!errors.includes('500')) gaps.push(`${name}: no 500`);
      if (path.startsWith('/api/v1/') && !['400', '401', '403', '404'].every((s) => errors.includes(s)))
        gaps.push(`${name}: missing 400/401/403/404`);
      for (const status of errors) {
        const content = deref(op.responses[status]).content ?? {};
        if (
          Object.keys(content).join() !== 'application/problem+json' ||
          content['application/problem+json'].schema.$ref !== '#/components/schemas/Problem'
        ) {
          gaps.push(`${name}: ${status} is not the problem schema`);
        }
      }
      const idempotency = (op.parameters ?? []).some((p: Json) => p.name === 'Idempotency-Key');
      if (idempotency !== (method === 'post' && path.startsWith('/api/v1/')))
        gaps.push(`${name}: Idempotency-Key ${idempotency ? 'on a route that ignores it' : 'missing'}`);
    }

    expect(gaps).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(48);
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
    });
    expect(doc.components.schemas.PartyDto.properties.budgetPerYear).toMatchObject({
      type: 'array',
      items: { type: 'integer' },
    });
  });

  it('gives examples that are valid against their own schemas', () => {
    const invalid: string[] = [];
    for (const { path, method, op } of operations()) {
      const media = [
        ...Object.entries((op.requestBody ? deref(op.requestBody).content : {}) as Json).map(([type, m]) => [
          'request',
          type,
          m,
        ]),
        ...Object.entries(op.responses as Json).flatMap(([status, r]) =>
          Object.entries((deref(r).content ?? {}) as Json).map(([type, m]) => [status, type, m]),
        ),
      ] as [string, string, Json][];
      for (const [what, type, m] of media) {
        if (m.example === undefined || !m.schema) continue;
        const validate = validator(m.schema);
        if (!validate(m.example))
          invalid.push(`${method.toUpperCase()} ${path} ${what} ${type}: ${ajv!.errorsText(validate.errors)}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it("documents each resource's event bodies from their payload schemas, as a oneOf on type", () => {
    const events = doc.components.schemas.ProposalEvent;
    const ruling = doc.components.schemas.ProposalEvent_RULE_ELIGIBILITY;
    const body = doc.paths['/api/v1/proposals/{id}/events'].post.requestBody.content['application/json'].schema;

    expect(body).toEqual({ $ref: '#/components/schemas/ProposalEvent' });
    expect(events.discriminator.propertyName).toBe('type');
    expect(events.oneOf.length).toBe(Object.keys(events.discriminator.mapping).length);
    expect(Object.keys(events.discriminator.mapping)).toEqual(
      expect.arrayContaining(['SUBMIT', 'RULE_ELIGIBILITY', 'COMPLETE_AGENCY_REVIEW', 'RECORD_PANEL_RESULT']),
    );
    expect(ruling).toMatchObject({
      type: 'object',
      required: ['type', 'eligible'],
      properties: { type: { enum: ['RULE_ELIGIBILITY'] }, eligible: { type: 'boolean' } },
      additionalProperties: false,
    });
    expect(Object.keys(doc.components.schemas.CallEvent.discriminator.mapping)).toEqual(
      expect.arrayContaining(['ANNOUNCE', 'OPEN', 'CONFIGURE_REVIEW']),
    );
    expect(Object.keys(doc.components.schemas.AssignmentEvent.discriminator.mapping)).toEqual(
      expect.arrayContaining(['ACCEPT', 'SUBMIT_REVIEW']),
    );
  });

  it('generates a client whose types are the committed ones and type-check the lifecycle client', async () => {
    const generated = astToString(await openapiTS(doc as never));
    if (process.env.UPDATE_CONTRACT === '1') writeFileSync(GENERATED, generated);
    const diagnostics = typeCheck(join(CONTRACT, 'lifecycle-client.ts'));

    // After a change to the API: UPDATE_CONTRACT=1 npm test -- test/e2e/api-contract.e2e-spec.ts, and commit test/contract/.
    expect(generated === readFileSync(GENERATED, 'utf8') ? 'current' : 'test/contract/tandem-api.d.ts is stale').toBe(
      'current',
    );
    expect(diagnostics).toEqual([]);
  });

  it('drives a proposal through the typed client, every answer valid against the document', async () => {
    const answers: Answer[] = [];
    const person = (agency: string, role: string) => world.people[agency][role].token;

    const sut_ = await proposalLifecycle(
      sut.url,
      { lead: world.lead, counterpart: world.counterpart, program: world.program },
      {
        programOfficer: person(world.lead, 'program_officer'),
        counterpartOfficer: person(world.counterpart, 'program_officer'),
        applicant: person(world.lead, 'applicant'),
        admin: world.admin.token,
        reviewer: { email: world.people[world.lead].reviewer.email, token: person(world.lead, 'reviewer') },
        appointees: {
          lead: [world.people[world.lead].program_officer.userId],
          counterpart: [world.people[world.counterpart].program_officer.userId],
        },
      },
      (a) => answers.push(a),
    );

    const invalid: string[] = [];
    for (const a of answers) {
      const name = `${a.method.toUpperCase()} ${a.path} ${a.status}`;
      const response = doc.paths[a.path]?.[a.method]?.responses?.[a.status];
      if (!response) {
        invalid.push(`${name}: status not documented`);
        continue;
      }
      const content = deref(response).content ?? {};
      const type = a.contentType?.split(';')[0] ?? '';
      if (a.status === 204) continue;
      if (!content[type]) {
        invalid.push(`${name}: ${type} not documented`);
        continue;
      }
      const validate = validator(content[type].schema);
      if (!validate(a.body)) invalid.push(`${name}: ${ajv!.errorsText(validate.errors)}`);
    }

    expect(invalid).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(25);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 201, 400, 404, 412]));
    expect(sut_).toMatchObject({
      callState: 'open',
      state: 'under_review',
      refusal: 'validation-failed',
      stale: 'precondition-failed',
      verified: true,
      missing: 'not-found',
      assignment: 'accepted',
    });
    expect(sut_.eventSchemas.SUBMIT).toMatchObject({
      type: 'object',
      properties: { type: { enum: ['SUBMIT'] } },
      required: ['type'],
    });
  });
});

/** OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` (JSON Schema draft 4) as the numbers ajv reads. */
function openapi30(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema), (_key, value: Json) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const out = { ...value };
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof out[flag] !== 'boolean') continue;
      if (out[flag]) out[flag] = out[bound];
      else delete out[flag];
      if (out[flag] !== undefined) delete out[bound];
    }
    return out;
  });
}

/** `tsc --noEmit` on one file with the project's compiler and settings. */
function typeCheck(file: string): string[] {
  const configPath = ts.findConfigFile(process.cwd(), ts.sys.fileExists, 'tsconfig.json')!;
  const config = ts.parseJsonConfigFileContent(
    ts.readConfigFile(configPath, ts.sys.readFile).config,
    ts.sys,
    process.cwd(),
  );
  const program = ts.createProgram([file], { ...config.options, noEmit: true, incremental: false });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}
