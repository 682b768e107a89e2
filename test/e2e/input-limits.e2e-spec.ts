import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { rawExchange } from '../support/fuzz.js';
import { expectProblem } from '../support/http.js';

/**
 * Bodies that used to crash the API (500): nesting deep enough to overflow the stack of every
 * recursive walk, and text PostgreSQL cannot store. Each is a 400 problem naming the cause, before
 * any write, with or without an Idempotency-Key (whose answer is then not kept either).
 */
describe('input limits', () => {
  let sut: TestApp;
  let w: World;
  const officer = () => w.people[w.lead].program_officer;
  const post = (path: string, raw: string, headers: Record<string, string> = {}) => {
    let req = request(sut.url)
      .post(`/api/v1${path}`)
      .set('Authorization', `Bearer ${officer().token}`)
      .set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.send(raw);
  };
  const callState = async () =>
    (await sut.dataSource.query(`SELECT state, version FROM workflow_instances WHERE id = $1`, [w.callId]))[0];
  const keysOf = async (userId: string) =>
    (await sut.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE user_id = $1`, [userId]))[0].n;

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new Factory(sut.app).world({ callState: 'announced' });
  });
  afterAll(() => sut.close());

  it.each([
    ['50,000 nested arrays', '['.repeat(50_000) + ']'.repeat(50_000)],
    ['an event with 50,000 nested objects', `{"type":"OPEN","x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`],
    ['33 levels', `{"type":"OPEN","x":${'['.repeat(32)}${']'.repeat(32)}}`],
  ])(
    'refuses %s with a 400 naming the nesting limit, with an Idempotency-Key too, and changes nothing',
    async (_, raw) => {
      const before = await callState();
      const res = await post(`/calls/${w.callId}/events`, raw, { 'Idempotency-Key': `deep-${raw.length}` });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.detail).toMatch(/nests arrays and objects deeper than 32 levels/);
      expect(await callState()).toEqual(before);
      expect(await keysOf(officer().userId)).toBe(0);
    },
  );

  it('accepts 32 levels of nesting (brackets inside strings do not count)', async () => {
    const res = await post(
      `/calls/${w.callId}/events`,
      `{"type":"OPEN","reason":"${'['.repeat(100)}","x":${'['.repeat(31)}${']'.repeat(31)}}`,
    );
    // Past the body parser: the event's own validation names the unknown fields.
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.detail).not.toMatch(/deeper/);
  });

  it.each([
    ['a value', '{"type":"OPEN","reason":"\\ud800"}', 'reason'],
    ['the event type', '{"type":"\\ud800"}', 'type'],
    ['a key', '{"type":"OPEN","\\udc00":1}', '(body)'],
    ['a nested value', '{"type":"OPEN","a":{"b":["ok","x\\udfff"]}}', 'a.b.1'],
    ['a NUL in a nested key', '{"type":"OPEN","a":{"b\\u0000":1}}', 'a'],
  ])(
    'refuses a lone surrogate or NUL in %s with a 400 naming %s, keeping no answer for the Idempotency-Key',
    async (_, raw, field) => {
      const before = await callState();
      const res = await post(`/calls/${w.callId}/events`, raw, { 'Idempotency-Key': `text-${field}` });
      expectProblem(res, 400, 'validation-failed');
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(/surrogate|NUL/) }]);
      expect(await callState()).toEqual(before);
      expect(await keysOf(officer().userId)).toBe(0);
    },
  );

  describe('property names of the object prototype', () => {
    let assignment = '';
    let reviewer: Person;
    const draft = async () =>
      (await sut.dataSource.query(`SELECT scores FROM reviews WHERE assignment_id = $1`, [assignment]))[0]?.scores;

    beforeAll(async () => {
      const factory = new Factory(sut.app);
      const open = await factory.world();
      const [A, B] = [open.lead, open.counterpart];
      const proposal = await factory.proposal(open, {}, { submit: true });
      await factory.send(
        'proposal',
        proposal,
        { type: 'START_ELIGIBILITY_CHECK' },
        open.people[A].program_officer.actor,
      );
      for (const agency of [A, B])
        await factory.send(
          'proposal',
          proposal,
          { type: 'RULE_ELIGIBILITY', eligible: true },
          open.people[agency].agency_officer.actor,
        );
      reviewer = await factory.reviewer(A, { institution: 'Nara Institute of Science and Technology' });
      const due = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString();
      const invited = await request(sut.url)
        .post('/api/v1/assignments')
        .set('Authorization', `Bearer ${open.people[A].program_officer.token}`)
        .send({
          proposalId: proposal,
          reviewerId: (reviewer as Person & { reviewerId: string }).reviewerId,
          dueAt: due,
        });
      expect(invited.status).toBe(201);
      assignment = invited.body.id;
      const accepted = await request(sut.url)
        .post(`/api/v1/assignments/${assignment}/events`)
        .set('Authorization', `Bearer ${reviewer.token}`)
        .send({ type: 'ACCEPT', declaresNoConflict: true });
      expect(accepted.status).toBe(200);
    });

    it.each([
      ['__proto__', '{"type":"SAVE_DRAFT","scores":{"__proto__":{"x":1}}}', 'scores.__proto__'],
      [
        'constructor',
        '{"type":"SAVE_DRAFT","scores":{"excellence":4,"constructor":{"prototype":1}}}',
        'scores.constructor',
      ],
      ['prototype', '{"type":"SAVE_DRAFT","scores":{"excellence":4},"x":[{"prototype":2}]}', 'x.0.prototype'],
      ['__proto__ at the top', '{"type":"SAVE_DRAFT","__proto__":{"scores":{}}}', '__proto__'],
    ])(
      'refuses %s nested anywhere in a body with a 400 naming its path, and saves nothing',
      async (name, raw, field) => {
        const res = await request(sut.url)
          .post(`/api/v1/assignments/${assignment}/events`)
          .set('Authorization', `Bearer ${reviewer.token}`)
          .set('Content-Type', 'application/json')
          .set('Idempotency-Key', `proto-${field}`)
          .send(raw);
        expectProblem(res, 400, 'validation-failed');
        expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(name.split(' ')[0]) }]);
        expect(await draft()).toBeUndefined();
        expect(await keysOf(reviewer.userId)).toBe(0);
      },
    );
  });

  it('keeps a well-formed surrogate pair (an emoji) as it is', async () => {
    const res = await post(`/calls/${w.callId}/events`, '{"type":"OPEN","reason":"\\ud83d\\ude00"}');
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors).not.toEqual(
      expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/surrogate/) })]),
    );
  });

  it('refuses a JSON body in another charset than UTF-8 with a 415 problem', async () => {
    const res = await post(`/calls/${w.callId}/events`, '{"type":"OPEN"}', {
      'Content-Type': 'application/json; charset=utf-16',
    });
    expectProblem(res, 415);
    expect(res.body.detail).toMatch(/UTF-8/);
  });

  it.each([
    [
      'a control character in a header',
      (p: string) => `POST ${p} HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0001b\r\nContent-Length: 2\r\n\r\n{}`,
      400,
    ],
    [
      'headers over the limit',
      (p: string) => `POST ${p} HTTP/1.1\r\nHost: x\r\n${`X-Many: ${'a'.repeat(100)}\r\n`.repeat(400)}\r\n`,
      431,
    ],
  ])('answers a request Node cannot parse (%s) as a problem too', async (_, raw, status) => {
    const answer = await rawExchange(Number(new URL(sut.url).port), raw(`/api/v1/calls/${w.callId}/events`));
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status, code: 'validation-failed' });
  });
});
