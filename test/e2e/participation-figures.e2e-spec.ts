import request from 'supertest';
import { Factory } from '../factories/world.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { ProgramWorld } from '../support/program-world.js';

/**
 * Issue 15 (outside tester): an agency's participation (APPROVE_PARTICIPATION) takes only figures
 * that can be right. An envelope for a fiscal year long before the call opens or long after its last
 * project year, or a JPY rate from an agency that funds in JPY, is refused with a problem naming the
 * field, changing nothing; the console's participation form says the same beside the field, in
 * English and Japanese.
 */
describe("an agency's participation figures are bound to the call", () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, US: string;
  let callId = '';
  let openingFy = 0;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const approval = (agency: string, overrides: Record<string, unknown> = {}) => ({
    type: 'APPROVE_PARTICIPATION',
    envelopes: [0, 1, 2].map((i) => ({ fiscalYear: openingFy + 1 + i, amount: 90_000_000 })),
    capPerProjectPerYear: 30_000_000,
    appointees: [po(agency).userId, w.who(agency, 'program_director').userId],
    ...overrides,
  });
  const participation = async () =>
    (await w.api.get(`/calls/${callId}`, w.admin.token)).body.partnership as { pending: string[] };

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([{ country: 'US', currency: 'USD' }]);
    [JST, US] = w.agencies;
    const res = await w.createCall(
      'sicorp-bilateral',
      [
        { code: JST, cap: 30_000_000, envelope: 270_000_000 },
        { code: US, cap: 200_000, envelope: 1_800_000 },
      ],
      {},
      { approve: false },
    );
    expectStatus(res, 201);
    callId = res.body.id;
    // The call opens a day ago: JST's fiscal year runs April to March.
    const opens = new Date(Date.now() + 9 * 3600 * 1000 - 24 * 3600 * 1000);
    openingFy = opens.getUTCMonth() >= 3 ? opens.getUTCFullYear() : opens.getUTCFullYear() - 1;
  }, 120_000);
  afterAll(() => sut.close());

  it('refuses an envelope for a fiscal year before the call opens, naming the row, changing nothing', async () => {
    const before = await participation();
    const res = await w.api.event(
      'calls',
      callId,
      approval(JST, {
        envelopes: [
          { fiscalYear: openingFy + 1, amount: 90_000_000 },
          { fiscalYear: 2000, amount: 90_000_000 },
        ],
      }),
      po(JST).token,
    );
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.detail).toContain('envelopes.1.fiscalYear');
    expect(res.body.detail).toContain('fiscal year 2000 is outside');
    expect(res.body.errors).toEqual([
      {
        field: 'envelopes.1.fiscalYear',
        message: expect.stringMatching(/^fiscal year 2000 is outside this call's fiscal years/),
      },
    ]);
    expect(await participation()).toEqual(before);
  });

  it('refuses one long after its last project year', async () => {
    const res = await w.api.event(
      'calls',
      callId,
      approval(JST, { envelopes: [{ fiscalYear: openingFy + 30, amount: 90_000_000 }] }),
      po(JST).token,
    );
    expectProblem(res, 400, 'validation-failed');
    expect(res.body.errors[0].field).toBe('envelopes.0.fiscalYear');
  });

  it('refuses a JPY rate from an agency funding in JPY, and takes one from an agency funding in USD', async () => {
    const jst = await w.api.event('calls', callId, approval(JST, { jpyPerUnit: 1 }), po(JST).token);
    expectProblem(jst, 400, 'validation-failed');
    expect(jst.body.errors).toEqual([{ field: 'jpyPerUnit', message: 'an agency funding in JPY states no JPY rate' }]);
    expect((await participation()).pending).toContain(JST);
    await w.send('calls', callId, po(JST), approval(JST));
    await w.send(
      'calls',
      callId,
      po(US),
      approval(US, {
        envelopes: [{ fiscalYear: openingFy + 1, amount: 600_000 }],
        capPerProjectPerYear: 200_000,
        jpyPerUnit: 150,
      }),
    );
    expect((await participation()).pending).toEqual([]);
  });

  it('says so beside the fiscal year in the console form, in English and Japanese', async () => {
    const person = po(US);
    await withPassword(sut, person);
    const agent = request.agent(sut.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrf, email: person.email, password: PASSWORD })
      .expect(303);
    const post = async () => {
      const page = await agent.get(`/console/calls/${callId}/participation`).expect(200);
      const token = page.text.match(/name="_csrf" value="([^"]+)"/)![1];
      const version = page.text.match(/name="version" value="(\d+)"/)![1];
      return agent.post(`/console/calls/${callId}/participation`).type('form').send({
        _csrf: token,
        version,
        agency: US,
        'fiscalYear.0': '2001',
        'amount.0': '600000',
        capPerProjectPerYear: '200000',
        jpyPerUnit: '150',
        appointees: person.userId,
      });
    };
    const en = await post();
    expect(en.status).toBe(400);
    expect(en.text).toContain('Fiscal year 2001 is outside this call&#39;s fiscal years');
    await sut.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = $1`, [person.userId]);
    const ja = await post();
    expect(ja.status).toBe(400);
    expect(ja.text).toContain('2001年度はこの公募の年度');
  });
});
