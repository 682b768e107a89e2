import { connect } from 'node:net';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { WORKFLOWS } from '../../workflows/index.js';

/**
 * Pieces of the fuzz suite (test/e2e/fuzz.e2e-spec.ts): the write routes of the running service,
 * nasty inputs, arbitraries of requests, the digest that shows whether a request changed anything,
 * and the report written into docs/reliability.md.
 */

export interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express form: /api/v1/calls/:id/events */
  path: string;
  /** The body's JSON schema from the OpenAPI document, when it describes one. */
  bodySchema?: JsonSchema;
}

export type JsonSchema = Record<string, unknown>;

/** Every write route under /api/v1, from Express's router (so routes added later are fuzzed too). */
export function writeRoutes(
  expressApp: unknown,
  openapi: {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  },
): WriteRoute[] {
  const stack = (expressApp as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } })
    .router.stack;
  const routes: WriteRoute[] = [];
  for (const layer of stack) {
    if (!layer.route || !layer.route.path.startsWith('/api/v1/')) continue;
    for (const method of Object.keys(layer.route.methods)) {
      const upper = method.toUpperCase();
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
      const openapiPath = layer.route.path.replace(/:(\w+)/g, '{$1}');
      const bodySchema = openapi.paths[openapiPath]?.[method]?.requestBody?.content?.['application/json']?.schema;
      routes.push({ method: upper as WriteRoute['method'], path: layer.route.path, bodySchema });
    }
  }
  return routes;
}

/** Every event type of every released workflow of a subject, with its payload's JSON schema. */
export function eventTypes(subject: 'call' | 'proposal' | 'assignment' | 'unit'): Map<string, JsonSchema> {
  const types = new Map<string, JsonSchema>();
  for (const definition of WORKFLOWS.filter((d) => d.subject === subject)) {
    for (const [type, rule] of Object.entries(definition.events)) {
      if (types.has(type)) continue;
      let schema: JsonSchema = {};
      try {
        schema = z.toJSONSchema(rule.payload, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
      } catch {
        // A payload zod cannot describe is fuzzed with arbitrary JSON.
      }
      types.set(type, schema);
    }
  }
  return types;
}

const deep = (n: number, open: string, close: string, inner = ''): string => open.repeat(n) + inner + close.repeat(n);

/** Strings that have broken services: PostgreSQL's unstorable text, prototype keys, huge and odd numbers. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d\ude00',
  '\u202e\u0000',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  "'; DROP TABLE calls; --",
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  '9'.repeat(400),
  '-0',
  'NaN',
  '1e400',
  'null',
  '2026-02-30T25:61:61Z',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(10_000),
];

/** Values in place of any field. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_VALUE,
    1e308,
    2 ** 31,
    -(2 ** 63),
    [],
    {},
    [null],
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  ),
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const isoDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

/**
 * A value that follows the schema, most of the time: the fuzzer must get past the validation to
 * reach the workflow, its guards and the database. With `nasty`, one value in twelve is nasty instead.
 */
export function fromSchema(
  schema: JsonSchema | undefined,
  ids: fc.Arbitrary<string>,
  components: Record<string, JsonSchema> = {},
  nasty = true,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return nastyValue;
  const ref = schema.$ref as string | undefined;
  if (ref) return fromSchema(components[ref.split('/').pop() as string], ids, components, nasty, depth + 1);
  const plain = ((): fc.Arbitrary<unknown> => {
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    if ('const' in schema) return fc.constant(schema.const);
    const alternatives = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as JsonSchema[] | undefined;
    if (alternatives?.length)
      return fc.oneof(...alternatives.map((s) => fromSchema(s, ids, components, nasty, depth + 1)));
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        if (schema.format === 'date-time' || schema.format === 'date') return isoDate;
        if (schema.format === 'uuid') return ids;
        if (schema.format === 'uri')
          return fc.constantFrom('https://example.org/hook', 'http://127.0.0.1:1/x', 'file:///etc/passwd', 'not a url');
        return fc.oneof(fc.string({ maxLength: 30 }), ids);
      case 'integer':
        return fc.integer({
          min: (schema.minimum as number | undefined) ?? -5,
          max: (schema.maximum as number | undefined) ?? 1_000_000_000,
        });
      case 'number':
        return fc.double({
          min: (schema.minimum as number | undefined) ?? -5,
          max: (schema.maximum as number | undefined) ?? 1e9,
          noNaN: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(fromSchema(schema.items as JsonSchema | undefined, ids, components, nasty, depth + 1), {
          maxLength: 4,
        });
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        const keys = Object.keys(properties);
        if (!keys.length && !schema.properties && schema.additionalProperties !== false) {
          return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
        }
        const record = Object.fromEntries(
          keys.map((k) => [k, fromSchema(properties[k], ids, components, nasty, depth + 1)]),
        );
        // The required fields mostly present, so that most bodies get past the validation.
        const required = ((schema.required ?? []) as string[]).filter((k) => keys.includes(k));
        return fc.oneof(
          { arbitrary: fc.record(record, { requiredKeys: required }), weight: 4 },
          { arbitrary: fc.record(record, { requiredKeys: [] }), weight: 1 },
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 3 });
    }
  })();
  return nasty ? fc.oneof({ arbitrary: plain, weight: 11 }, { arbitrary: nastyValue, weight: 1 }) : plain;
}

/** Raw bodies no JSON serializer produces: deep nesting, escapes of unstorable text, odd numbers, broken syntax. */
export const RAW_BODIES: { name: string; body: () => string | Buffer }[] = [
  { name: '50,000 nested arrays', body: () => deep(50_000, '[', ']') },
  { name: '50,000 nested objects', body: () => `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
  { name: 'event with 10,000 nested arrays', body: () => `{"type":"SUBMIT","x":${deep(10_000, '[', ']')}}` },
  { name: '33 levels of nesting', body: () => `{"type":"SUBMIT","x":${deep(32, '[', ']')}}` },
  { name: 'brackets inside strings', body: () => `{"type":"SUBMIT","x":"${'['.repeat(5000)}"}` },
  { name: 'lone high surrogate', body: () => '{"type":"\\ud800"}' },
  { name: 'lone low surrogate in a key', body: () => '{"type":"SUBMIT","\\udc00":1}' },
  { name: 'lone surrogate deep in a value', body: () => '{"type":"CANCEL","reason":"ok \\ud83d","title":["\\udfff"]}' },
  { name: 'NUL escape', body: () => '{"type":"CANCEL","reason":"\\u0000"}' },
  { name: 'NUL in a key', body: () => '{"type":"CANCEL","re\\u0000ason":"x"}' },
  { name: 'number 1e400', body: () => '{"type":"CONFIGURE_REVIEW","minReviewers":1e400,"budget":1e400}' },
  { name: 'huge integer', body: () => `{"title":"t","budget":${'9'.repeat(500)}}` },
  { name: '-0', body: () => '{"type":"RECORD_PANEL_RESULT","score":-0,"budget":-0}' },
  {
    name: '__proto__ keys',
    body: () => '{"type":"SUBMIT","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}',
  },
  {
    name: 'prototype pollution of a nested object',
    body: () => '{"title":"t","agencies":[{"__proto__":{"code":"JST"}}]}',
  },
  { name: 'array where an object is expected', body: () => '[{"type":"SUBMIT"}]' },
  { name: 'string body', body: () => '"SUBMIT"' },
  { name: 'null body', body: () => 'null' },
  { name: 'number body', body: () => '42' },
  { name: 'empty body', body: () => '' },
  { name: 'truncated JSON', body: () => '{"type":"SUB' },
  { name: 'trailing garbage', body: () => '{"type":"SUBMIT"} {}' },
  { name: 'duplicate keys', body: () => '{"type":"SUBMIT","type":"CANCEL"}' },
  {
    name: 'invalid UTF-8',
    body: () => Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  },
  { name: 'a long string', body: () => `{"type":"CANCEL","reason":"${'x'.repeat(900_000)}"}` },
  { name: 'over the size limit', body: () => `{"type":"CANCEL","reason":"${'x'.repeat(1_100_000)}"}` },
];

/** Content types a client may get wrong. */
export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/merge-patch+json',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
  'garbage',
];

/** Header values printable in HTTP (Node's client refuses the others before sending). */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});

export const garbageHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'Idempotency-Key': fc.oneof(
      fc.constantFrom('', ' ', 'x'.repeat(255), 'x'.repeat(256), 'k\u00ff\u00e9', '%00'),
      headerText,
    ),
    'If-Match': fc.oneof(
      fc.constantFrom('', '*', '"1"', '"0"', '"-1"', 'W/"1"', '"1e400"', `"${'9'.repeat(40)}"`, '"1", "2"', 'garbage'),
      headerText,
    ),
    'Content-Encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
    'X-Request-Id': headerText,
    Accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'garbage'),
  },
  { requiredKeys: [] },
);

/**
 * Requests Node's HTTP parser refuses before Express: a malformed request line, a header with a
 * control character, headers over the limit. Sent over a raw socket; the answer's head and body.
 */
export const RAW_REQUESTS: { name: string; request: (path: string) => string }[] = [
  { name: 'malformed request line', request: (path) => `POST ${path} HTTP/1.1 extra\r\nHost: x\r\n\r\n` },
  {
    name: 'control character in a header',
    request: (path) => `POST ${path} HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0001b\r\nContent-Length: 2\r\n\r\n{}`,
  },
  {
    name: 'NUL in a header',
    request: (path) => `POST ${path} HTTP/1.1\r\nHost: x\r\nX-A: a\u0000b\r\nContent-Length: 2\r\n\r\n{}`,
  },
  {
    name: 'headers over the limit',
    request: (path) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n${'X-Many: 1\r\n'.repeat(3000)}\r\n`,
  },
  {
    name: 'two content lengths',
    request: (path) => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
  },
  {
    name: 'bad chunked encoding',
    request: (path) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
  },
];

export function rawExchange(
  port: number,
  text: string,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err),
    );
    socket.on('close', () => {
      const [head, ...rest] = answer.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1] ?? '';
      resolve({ status, contentType, body: rest.join('\r\n\r\n') });
    });
    socket.end(text);
  });
}

/** Tables whose rows a refused request may legitimately write: the remembered answer of an idempotent 4xx. */
const NOT_DOMAIN_DATA = new Set(['idempotency_keys', 'schema_migrations', 'user_sessions']);

/**
 * A digest of every other table: its row count and the newest row version (`xmin`), which moves on
 * any insert or update, while a delete lowers the count. Tables added later are included by default.
 */
export async function tableDigest(dataSource: DataSource): Promise<() => Promise<Record<string, string>>> {
  const tables: string[] = (
    await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
  )
    .map((r: { tablename: string }) => r.tablename)
    .filter((t: string) => !NOT_DOMAIN_DATA.has(t));
  const sql = tables
    .map((t) => `SELECT '${t}' AS t, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS d FROM "${t}"`)
    .join(' UNION ALL ');
  return async () => Object.fromEntries((await dataSource.query(sql)).map((r: { t: string; d: string }) => [r.t, r.d]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

const START = '<!-- fuzz:start -->';
const END = '<!-- fuzz:end -->';

/** Writes the fuzz figures into `file` between the fuzz markers, leaving every other section as it is. */
export function withFuzzSection(document: string, section: string): string {
  const block = `${START}\n${section.trim()}\n${END}`;
  const start = document.indexOf(START);
  const end = document.indexOf(END);
  if (start >= 0 && end > start) return document.slice(0, start) + block + document.slice(end + END.length);
  const base = document.trim()
    ? document.trimEnd()
    : '# Reliability\n\nFigures of the reliability runs (`npm run chaos`, `npm run fuzz`).';
  return `${base}\n\n${block}\n`;
}
