import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { WORKFLOWS, type WorkflowDefinition } from '../../../workflows/index.js';
import { type JsonSchema, subjectEventSchemas } from '../../engine/event-schemas.js';
import { PROBLEM_CONTENT_TYPE } from '../problem-details.filter.js';
import { API_SCHEMAS, type ApiSchemaName } from './api-schemas.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  operationId: string;
  summary?: string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema; example?: unknown }> };
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: JsonSchema; example?: unknown }> }
  >;
}

/** What an operation answers on success: a named schema, CSV, or nothing. */
interface Answer {
  status: number;
  schema?: ApiSchemaName;
  csv?: string;
  /** A file in one of these media types (a document's content). */
  binary?: string[];
  summary?: string;
}

const csv = (summary: string, example: string): Answer => ({ status: 200, csv: example, summary });

/**
 * The success answer of every operation, by operation id (`<controller>.<method>`). An operation
 * missing here fails the contract test; summaries here are for operations without @ApiOperation.
 */
export const ANSWERS: Record<string, Answer> = {
  'health.alive': { status: 200, schema: 'Health', summary: 'Liveness: the process runs' },
  'health.ready': {
    status: 200,
    schema: 'Readiness',
    summary: 'Readiness: PostgreSQL answers and every registered dependency is up (503 otherwise)',
  },
  'agencies.list': { status: 200, schema: 'AgencyList', summary: 'Every funding agency' },
  'agencies.create': { status: 201, schema: 'Agency', summary: 'Add a funding agency (administrators)' },
  'agencies.get': { status: 200, schema: 'Agency', summary: 'One funding agency by its code' },
  'agencies.update': {
    status: 200,
    schema: 'Agency',
    summary: "Change an agency's names in English and Japanese (administrators)",
  },
  'programs.list': {
    status: 200,
    schema: 'ProgramList',
    summary: 'The program catalog: kinds of call with their rules and workflows',
  },
  'programs.create': { status: 201, schema: 'Program', summary: 'Add a program (administrators)' },
  'programs.get': { status: 200, schema: 'Program', summary: 'One program by its code' },
  'programs.publish': {
    status: 200,
    schema: 'Program',
    summary: 'Publish registered workflow versions for the calls created from now on (administrators)',
  },
  'calls.create': { status: 201, schema: 'Call', summary: 'Create a joint call (PO or PD of the lead agency)' },
  'calls.list': { status: 200, schema: 'CallPage', summary: 'The calls your agencies take part in' },
  'calls.updateDates': {
    status: 200,
    schema: 'Call',
    summary:
      "Move the call's dates (its opening and closing timers move with them) or change its texts in either language",
  },
  'calls.get': {
    status: 200,
    schema: 'Call',
    summary: 'One call with its state, version, allowed events and progress',
  },
  'calls.sendEvent': { status: 200, schema: 'CallAfterEvent' },
  'calls.history': { status: 200, schema: 'History' },
  'proposals.create': {
    status: 201,
    schema: 'Proposal',
    summary: 'Create a joint proposal in an open call (applicants)',
  },
  'proposals.list': {
    status: 200,
    schema: 'ProposalPage',
    summary: 'The proposals you may see, filtered, searched, sorted and paged',
  },
  'proposals.get': {
    status: 200,
    schema: 'Proposal',
    summary: 'One proposal with its state, version, allowed events and progress',
  },
  'proposals.update': {
    status: 200,
    schema: 'Proposal',
    summary: "Edit a draft proposal's text, research period, parties and budgets (its applicants, while drafting)",
  },
  'proposals.sendEvent': { status: 200, schema: 'ProposalAfterEvent' },
  'proposals.history': { status: 200, schema: 'History' },
  'documents.list': { status: 200, schema: 'ProposalDocumentList' },
  'documents.upload': { status: 201, schema: 'ProposalDocument' },
  'documents.get': { status: 200, schema: 'ProposalDocument' },
  'documents.download': {
    status: 200,
    binary: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'],
  },
  'documents.revisions': { status: 200, schema: 'ProposalRevisionList' },
  'documents.diff': { status: 200, schema: 'RevisionDiff' },
  'documents.revision': { status: 200, schema: 'ProposalRevision' },
  'parties.members': {
    status: 200,
    schema: 'PartyMemberList',
    summary: "The people invited to the proposal's parties, with whether they accepted",
  },
  'parties.invite': {
    status: 201,
    schema: 'PartyMember',
    summary: "Invite a party's principal investigator or a team member by e-mail (the lead PI, while drafting)",
  },
  'parties.removeMember': { status: 204, summary: 'Take an invitation or a member back (the lead PI, while drafting)' },
  'parties.invitation': {
    status: 200,
    schema: 'Invitation',
    summary: "Your invitation to the proposal's party (matched by your account's e-mail address)",
  },
  'parties.accept': {
    status: 200,
    schema: 'Invitation',
    summary: 'Accept your invitation: you become a member of the party',
  },
  'parties.conflicts': {
    status: 200,
    schema: 'DeclaredConflictList',
    summary: 'The conflicts of interest the applicants declared, with their type',
  },
  'parties.declare': {
    status: 201,
    schema: 'DeclaredConflict',
    summary:
      'Declare a person who must not review the proposal, with the type of tie (applicants and PIs, while drafting)',
  },
  'parties.removeConflict': {
    status: 204,
    summary: "Withdraw a declared conflict (whoever declared it, or the lead PI its own party's; while drafting)",
  },
  'inbox.list': { status: 200, schema: 'Inbox' },
  'inbox.readAll': { status: 200, schema: 'Marked' },
  'inbox.read': { status: 200, schema: 'InboxItem' },
  'notificationsAdmin.list': { status: 200, schema: 'NotificationPage' },
  'notificationsAdmin.retryMany': { status: 202, schema: 'RetriedMany' },
  'notificationsAdmin.retry': { status: 202, schema: 'Retried' },
  'notificationsAdmin.webhook': { status: 200, schema: 'Webhook', summary: "An agency's webhook (administrators)" },
  'notificationsAdmin.setWebhook': { status: 200, schema: 'Webhook' },
  'notificationsAdmin.removeWebhook': { status: 204, summary: "Remove an agency's webhook (administrators)" },
  'reviewers.list': { status: 200, schema: 'ReviewerList' },
  'reviewers.add': { status: 201, schema: 'Reviewer' },
  'reviewers.update': { status: 200, schema: 'Reviewer' },
  'reviewers.remove': { status: 204 },
  'assignments.create': { status: 201, schema: 'Assignment' },
  'assignments.list': { status: 200, schema: 'AssignmentPage' },
  'assignments.get': {
    status: 200,
    schema: 'Assignment',
    summary: 'One review assignment, with your review as its reviewer',
  },
  'assignments.sendEvent': { status: 200, schema: 'AssignmentAfterEvent' },
  'assignments.history': { status: 200, schema: 'History' },
  'callReview.propose': { status: 200, schema: 'ProposedAssignment' },
  'callReview.bulk': { status: 201, schema: 'BulkAssigned' },
  'callReview.ranking': { status: 200, schema: 'Ranking' },
  'callReview.jointRanking': { status: 200, schema: 'JointRanking' },
  'callReview.selection': { status: 200, schema: 'ProposedSelection' },
  'callReview.exportAssignments': csv(
    'The assignments of the call as CSV',
    'assignment,proposal,agency,reviewer,state\n',
  ),
  'callReview.exportReviews': csv('The reviews you may see as CSV', 'proposal,agency,label,total,recommendation\n'),
  'callReview.exportRanking': csv('The joint ranking as CSV', 'position,proposal,title,consensus_score\n'),
  'callReview.exportSelection': csv('The proposed selection as CSV', 'position,proposal,decision\n'),
  'callReview.exportBoard': csv("The board's decisions as CSV", 'proposal,decision,reason,deferred_to\n'),
  'duplicateFunding.check': { status: 200, schema: 'DuplicateFundingCheck' },
  'duplicateFunding.saveTwin': { status: 200, schema: 'TwinProposal' },
  'duplicateFunding.rule': { status: 201, schema: 'DuplicateFundingRuling' },
  'duplicateFunding.exportCall': csv(
    'The duplicate-funding checks as CSV',
    'proposal,title,researcher,agency,orcid,researcher_number,effort_percent,total_effort_percent,over_limit,overlap_status,overlap_proposal,overlap_title,overlap_starts_on,overlap_ends_on,overlap_effort_percent,ruling\n',
  ),
  'proposalReview.reviews': { status: 200, schema: 'ProposalReviews' },
  'proposalReview.panel': { status: 200, schema: 'Panel' },
  // Branch ircc.
  'researchUnits.create': {
    status: 201,
    schema: 'ResearchUnit',
    summary: 'Propose an IRCC research unit with its partner institute abroad (PO or PD of NINS)',
  },
  'researchUnits.list': {
    status: 200,
    schema: 'ResearchUnitList',
    summary: 'The IRCC research units of your agencies',
  },
  'researchUnits.get': {
    status: 200,
    schema: 'ResearchUnit',
    summary: 'One research unit with its state, allowed events and the fellow calls raised from it',
  },
  'researchUnits.raiseFellowCall': {
    status: 201,
    schema: 'FellowCallRaised',
    summary: "Raise the open call for an established unit's research fellow with its partner (PO or PD of NINS)",
  },
  'researchUnits.sendEvent': { status: 200, schema: 'ResearchUnitAfterEvent' },
  'researchUnits.history': { status: 200, schema: 'History' },
  // bulk
  'bulk.create': { status: 202, schema: 'BulkBatch' },
  'bulk.list': { status: 200, schema: 'BulkBatchList' },
  'bulk.read': { status: 200, schema: 'BulkBatch' },
  'bulk.cancel': { status: 200, schema: 'BulkBatch' },
  'bulk.report': csv(
    'The report: one CSV line per item with its result',
    'position,subject_type,subject_id,event,result,reason,from,to,transition,finished_at\r\n',
  ),
};

/** The events of each workflow-backed resource, by the operation that sends them. */
const EVENT_OPERATIONS: Record<
  string,
  { subject: WorkflowDefinition['subject']; prefix: string; example: Record<string, unknown> }
> = {
  'calls.sendEvent': { subject: 'call', prefix: 'CallEvent', example: { type: 'ANNOUNCE' } },
  'proposals.sendEvent': {
    subject: 'proposal',
    prefix: 'ProposalEvent',
    example: { type: 'RULE_ELIGIBILITY', agency: 'JST', eligible: true },
  },
  'assignments.sendEvent': {
    subject: 'assignment',
    prefix: 'AssignmentEvent',
    example: { type: 'ACCEPT', declaresNoConflict: true },
  },
  'researchUnits.sendEvent': {
    subject: 'unit',
    prefix: 'ResearchUnitEvent',
    example: { type: 'SUBMIT_TO_STEERING_COMMITTEE' },
  },
};

const ERRORS: Record<string, { status: number; code: string; description: string }> = {
  BadRequest: {
    status: 400,
    code: 'validation-failed',
    description: 'Invalid body, query or event payload; `errors[]` names each field and why',
  },
  Unauthenticated: {
    status: 401,
    code: 'unauthenticated',
    description: 'No token, or an unknown, revoked or expired one',
  },
  Forbidden: { status: 403, code: 'forbidden', description: 'Your roles do not allow this' },
  NotFound: { status: 404, code: 'not-found', description: 'No such object, or one you may not see' },
  Conflict: {
    status: 409,
    code: 'event-not-allowed',
    description:
      'Not allowed in the current state (`allowedEvents` lists what is), or an idempotency key still in progress',
  },
  PreconditionFailed: { status: 412, code: 'precondition-failed', description: '`If-Match` names an older version' },
  RuleViolated: {
    status: 422,
    code: 'rule-violated',
    description: 'A program rule refuses it (`reasons[]`), or an idempotency key reused with another request',
  },
  TooLarge: { status: 413, code: 'validation-failed', description: 'The body is larger than 1 MB' },
  UnsupportedMediaType: { status: 415, code: 'validation-failed', description: 'The body is not JSON in UTF-8' },
  RateLimited: {
    status: 429,
    code: 'rate-limited',
    description: 'Over the rate limit; `Retry-After` says when to retry',
  },
  Internal: { status: 500, code: 'internal', description: 'An unexpected error, with an `errorId` to quote' },
};

const WRITES = new Set<Method>(['post', 'put', 'patch', 'delete']);

/** `CallsController` + `sendEvent` -> `calls.sendEvent`. */
export const operationId = (controllerKey: string, methodKey: string): string =>
  `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}.${methodKey}`;

/** The OpenAPI document of the service: Nest's scan of the controllers, completed by `completeDocument`. */
export function createApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tandem')
    .setDescription(
      'Joint proposal review between research funding agencies. Errors are application/problem+json (RFC 9457) with a `code`. ' +
        'Generate a typed client with openapi-typescript from /api/docs-json.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
      description: 'An API token (`npm run cli -- token:create`): an opaque random string, not a JWT',
    })
    .build();
  return completeDocument(SwaggerModule.createDocument(app, config, { operationIdFactory: operationId }));
}

/**
 * Typed answers, one problem schema for every error, the event bodies of each resource as a `oneOf`
 * on `type`, `Idempotency-Key` where it is honoured (POST), and an example for every operation.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {}) as {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
  };
  components.schemas ??= {};
  for (const [name, schema] of Object.entries(API_SCHEMAS)) components.schemas[name] = openapiSchema(schema);
  components.responses = Object.fromEntries(
    Object.entries(ERRORS).map(([name, e]) => [
      name,
      {
        description: e.description,
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: '#/components/schemas/Problem' },
            example: {
              type: `urn:tandem:problem:${e.code}`,
              title: e.code,
              status: e.status,
              detail: e.description,
              code: e.code,
            },
          },
        },
      },
    ]),
  );

  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<Method, Operation>)) {
      const answer = ANSWERS[operation.operationId];
      if (!answer) continue;
      operation.summary ??= answer.summary;
      operation.parameters = (operation.parameters ?? []).filter((p) => p.name !== 'Idempotency-Key');
      if (method === 'post' && path.startsWith('/api/v1/')) {
        operation.parameters.push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A retry with the same key and body answers what the first request answered and changes nothing',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        } as Operation['parameters'] extends (infer P)[] | undefined ? P : never);
      }
      const events = EVENT_OPERATIONS[operation.operationId];
      if (events)
        operation.requestBody = eventRequestBody(components.schemas, events.subject, events.prefix, events.example);
      const body = operation.requestBody?.content['application/json'];
      if (body?.schema && body.example === undefined) body.example = sample(body.schema, components.schemas);
      const form = operation.requestBody?.content['multipart/form-data'];
      if (form && form.example === undefined) form.example = { type: 'research-plan', file: '(the file)' };

      // Outside /api/v1 (health, readiness) nothing but an unexpected error is a problem document.
      const errors = path.startsWith('/api/v1/')
        ? ['BadRequest', 'Unauthenticated', 'Forbidden', 'NotFound', 'RateLimited', 'Internal']
        : ['Internal'];
      if (WRITES.has(method as Method)) errors.push('Conflict', 'RuleViolated');
      if (operation.requestBody) errors.push('TooLarge', 'UnsupportedMediaType');
      if (events || operation.operationId === 'calls.updateDates') errors.push('PreconditionFailed');
      const responses: Operation['responses'] = {};
      for (const [status, response] of Object.entries(operation.responses))
        if (Number(status) < 400 && status !== String(answer.status)) responses[status] = response;
      responses[answer.status] = success(answer, components.schemas);
      for (const name of errors.sort((a, b) => ERRORS[a].status - ERRORS[b].status))
        responses[ERRORS[name].status] = { $ref: `#/components/responses/${name}` } as never;
      if (operation.operationId === 'health.ready') {
        responses['503'] = {
          description: 'Not ready: what is down',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } },
        };
      }
      operation.responses = responses;
    }
  }
  return document;
}

function success(answer: Answer, schemas: Record<string, JsonSchema>): Operation['responses'][string] {
  if (answer.status === 204) return { description: 'Done; no content' };
  if (answer.binary)
    return {
      description: 'The file, as an attachment',
      content: Object.fromEntries(
        answer.binary.map((type) => [type, { schema: { type: 'string', format: 'binary' }, example: '' }]),
      ),
    };
  if (answer.csv !== undefined)
    return {
      description: 'CSV (RFC 4180), UTF-8',
      content: { 'text/csv': { schema: { type: 'string' }, example: answer.csv } },
    };
  const schema = { $ref: `#/components/schemas/${answer.schema}` };
  return { description: answer.schema!, content: { 'application/json': { schema, example: sample(schema, schemas) } } };
}

function eventRequestBody(
  schemas: Record<string, JsonSchema>,
  subject: WorkflowDefinition['subject'],
  prefix: string,
  example: Record<string, unknown>,
) {
  const mapping: Record<string, string> = {};
  for (const [type, schema] of subjectEventSchemas([...WORKFLOWS], subject, 'openapi-3.0')) {
    schemas[`${prefix}_${type}`] = schema;
    mapping[type] = `#/components/schemas/${prefix}_${type}`;
  }
  schemas[prefix] = {
    description: `The body of an event sent to a ${subject}: \`type\` names the event, the other fields are its payload. The resource's \`allowedEvents\` lists those you may send now (\`?include=schema\` adds their schemas).`,
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping },
  };
  return {
    required: true,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${prefix}` }, example } },
  };
}

function openapiSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as JsonSchema;
  return json;
}

/** An example built from a schema: its `example`s where given, else the first choice or a plain value of its type. */
export function sample(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): unknown {
  if (typeof schema.$ref === 'string') return sample(schemas[schema.$ref.split('/').pop()!] ?? {}, schemas, depth + 1);
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['oneOf', 'anyOf'] as const)
    if (Array.isArray(schema[key])) return sample((schema[key] as JsonSchema[])[0], schemas, depth + 1);
  if (Array.isArray(schema.allOf))
    return Object.assign({}, ...(schema.allOf as JsonSchema[]).map((s) => sample(s, schemas, depth + 1)));
  if (depth > 8) return null;
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([k]) => required.has(k))
          .map(([k, s]) => [k, sample(s, schemas, depth + 1)]),
      );
    }
    case 'array':
      return schema.items ? [sample(schema.items as JsonSchema, schemas, depth + 1)] : [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' && schema.minimum > 0 ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date-time'
        ? '2026-04-01T00:00:00.000Z'
        : schema.format === 'uuid'
          ? '0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f'
          : 'text';
    default:
      return schema.nullable ? null : {};
  }
}
