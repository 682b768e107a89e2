import { getMetadataStorage } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DomainException, type FieldError } from '../domain.exception.js';
import { validationPipe } from '../validation.js';
import { PageQuery } from '../pagination.js';
import { ListAssignmentsQuery } from '../../modules/reviews/reviews.dto.js';
import { InboxQuery } from '../../modules/notifications/notifications.dto.js';
import { HistoryQuery } from '../../engine/workflow-resource.js';
import {
  ListProposalsQuery,
  MAX_PROPOSAL_OFFSET,
  PROPOSAL_OFFSET_TOO_DEEP,
} from '../../modules/proposals/proposals.dto.js';

/** Every module that declares request DTOs (bodies and queries): the *.dto.ts files and the few DTOs kept elsewhere. */
const SRC = join(process.cwd(), 'src');
const dtoModules = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dtoModules(join(dir, e.name)) : e.name.endsWith('.dto.ts') ? [join(dir, e.name)] : [],
  );
const ELSEWHERE = [
  'engine/workflow-resource.ts',
  'common/pagination.ts',
  'modules/agencies/agencies.controller.ts',
  'modules/programs/programs.controller.ts',
];

/** Bad values of every kind a client sends by mistake: wrong types, out of bounds, empty, oversized. */
const BAD: unknown[] = ['abc', '-1', -1, 0, 1.5, 1e300, '', ' ', 'x'.repeat(70_000), true, {}, [], [{}], { a: 1 }];

/** Texts Number() reads as a number that are not a plain decimal integer. */
const NOT_DECIMAL = ['0x10', '0b11', '0o7', '1e1', '1.', ' 1', '1 ', '\t1', '+5', '-0', '1_000', 'Infinity', '٣'];

async function parse(
  metatype: new () => object,
  value: Record<string, unknown>,
): Promise<{ parsed?: Record<string, unknown>; errors: FieldError[] }> {
  try {
    return {
      parsed: (await validationPipe.transform(value, { type: 'query', metatype })) as Record<string, unknown>,
      errors: [],
    };
  } catch (e) {
    if (!(e instanceof DomainException)) throw e;
    return { errors: (e.extensions?.errors as FieldError[] | undefined) ?? [] };
  }
}

const errorsOf = async (metatype: new () => object, value: Record<string, unknown>) =>
  (await parse(metatype, value)).errors;

/** Every DTO class with its validated properties (its own and those it inherits), from every module that declares some. */
async function everyDtoProperty(): Promise<[new () => object, string][]> {
  for (const file of [...dtoModules(SRC), ...ELSEWHERE.map((f) => join(SRC, f))]) await import(file);
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<new () => object, unknown[]>;
    getTargetValidationMetadatas(
      dto: new () => object,
      schema: string,
      always: boolean,
      strict: boolean,
    ): { propertyName: string }[];
  };
  return [...storage.validationMetadatas.keys()]
    .filter((target) => typeof target === 'function')
    .flatMap((dto) =>
      [...new Set(storage.getTargetValidationMetadatas(dto, '', false, false).map((m) => m.propertyName))].map(
        (p) => [dto, p] as [typeof dto, string],
      ),
    );
}

const messagesByField = (errors: FieldError[]) =>
  errors.reduce<Record<string, string[]>>((m, e) => ({ ...m, [e.field]: [...(m[e.field] ?? []), e.message] }), {});

describe('validation errors: one message per field, its first failing rule', () => {
  it.each([
    ['offset=abc', { offset: 'abc' }, { offset: ['must be an integer number'] }],
    ['offset=-1', { offset: '-1' }, { offset: ['must not be less than 0'] }],
    ['limit=0', { limit: '0' }, { limit: ['must not be less than 1'] }],
    ['limit=1.5', { limit: '1.5' }, { limit: ['must be an integer number'] }],
    ['limit=999', { limit: '999' }, { limit: ['must not be greater than 200'] }],
    ['state=(empty)', { state: '' }, { state: ['must be longer than or equal to 1 characters'] }],
    ['callId=x', { callId: 'x' }, { callId: ['must be a UUID'] }],
    ['an unknown field', { colour: 'red' }, { colour: ['colour should not exist'] }],
  ])('%s gets one message', async (_, query, expected) => {
    expect(messagesByField(await errorsOf(ListAssignmentsQuery, query))).toEqual(expected);
  });

  it.each([
    [HistoryQuery, 'verify'],
    [InboxQuery, 'unread'],
  ] as const)('reads a query flag (%p.%s) as true, false or a 400, never a silent false', async (dto, flag) => {
    for (const value of ['maybe', 'yes', 'no', '', 'TRUE ', '2'])
      expect([value, messagesByField(await errorsOf(dto, { [flag]: value }))]).toEqual([
        value,
        { [flag]: ['must be true or false (or 1 or 0)'] },
      ]);
    for (const [value, read] of [
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ] as const) {
      const parsed = (await validationPipe.transform({ [flag]: value }, { type: 'query', metatype: dto })) as Record<
        string,
        unknown
      >;
      expect([value, parsed[flag]]).toEqual([value, read]);
    }
  });

  it('tells every offset deeper than the proposal lists go to follow their cursors', async () => {
    for (const offset of [String(MAX_PROPOSAL_OFFSET + 1), '9007199254740992', '99999999999999999999', '9'.repeat(400)])
      expect([offset.length, messagesByField(await errorsOf(ListProposalsQuery, { offset }))]).toEqual([
        offset.length,
        { offset: [PROPOSAL_OFFSET_TOO_DEEP] },
      ]);
    expect((await parse(ListProposalsQuery, { offset: String(MAX_PROPOSAL_OFFSET) })).parsed?.offset).toBe(
      MAX_PROPOSAL_OFFSET,
    );
  });

  it('names each bad field of one request once', async () => {
    expect(messagesByField(await errorsOf(PageQuery, { limit: 'x', offset: 'abc' }))).toEqual({
      limit: ['must be an integer number'],
      offset: ['must be an integer number'],
    });
  });

  it('answers one message per field for every field of every DTO and every kind of bad value', async () => {
    const properties = await everyDtoProperty();
    expect(new Set(properties.map(([dto]) => dto)).size).toBeGreaterThan(30);
    const repeated: string[] = [];
    let refused = 0;
    for (const [dto, property] of properties)
      for (const bad of [...BAD, ...NOT_DECIMAL]) {
        const errors = await errorsOf(dto, { [property]: bad });
        refused += errors.length;
        for (const [field, messages] of Object.entries(messagesByField(errors)))
          if (messages.length !== 1)
            repeated.push(
              `${dto.name}.${property} = ${JSON.stringify(bad).slice(0, 20)}: ${field}: ${messages.join(' | ')}`,
            );
      }
    expect(refused).toBeGreaterThan(1000);
    expect(repeated).toEqual([]);
  });

  it('reads a number from a string only when written in plain decimal digits, in every field of every DTO', async () => {
    const numeric: string[] = [];
    const loose: string[] = [];
    for (const [dto, property] of await everyDtoProperty()) {
      // A field converted from a string: it reads the text `7` as the number 7.
      const { parsed } = await parse(dto, { [property]: '7' });
      if (parsed?.[property] !== 7) continue;
      numeric.push(`${dto.name}.${property}`);
      expect((await parse(dto, { [property]: '007' })).parsed?.[property]).toBe(7);
      const abc = messagesByField(await errorsOf(dto, { [property]: 'abc' }));
      for (const bad of NOT_DECIMAL) {
        const got = messagesByField(await errorsOf(dto, { [property]: bad }));
        if (JSON.stringify(got) !== JSON.stringify(abc))
          loose.push(`${dto.name}.${property} = ${JSON.stringify(bad)}: ${JSON.stringify(got)}`);
      }
    }
    expect(numeric).toEqual(
      expect.arrayContaining(['PageQuery.limit', 'PageQuery.offset', 'ListCallsQuery.limit', 'InboxQuery.offset']),
    );
    expect(loose).toEqual([]);
  });
});
