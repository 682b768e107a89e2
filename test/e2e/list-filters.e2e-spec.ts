import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * Outside tester: the lists check their filters alike. A filter no row can ever match (an agency
 * code in the wrong case, a state no instance of the list's kind is ever in) is a mistake to say
 * (400 naming the field and what it takes), not an empty list; a real value filters.
 */
describe('list filters', () => {
  let sut: TestApp;
  let api: Client;
  let w: World;

  beforeAll(async () => {
    sut = await startTestApp();
    api = client(sut.url);
    w = await new Factory(sut.app).world();
  });
  afterAll(() => sut.close());

  const po = () => w.people[w.lead].program_officer;

  it.each([
    ['/proposals', 'agency', 'jst', /agency code such as JST/],
    ['/proposals', 'agency', '', /agency code such as JST/],
    ['/proposals', 'state', 'xyz', /no proposal is ever in state xyz; one of: .*under_review/],
    ['/proposals', 'state', '', /must name a state; one of: /],
    ['/calls', 'agency', 'jst', /agency code such as JST/],
    ['/calls', 'state', 'xyz', /no call is ever in state xyz; one of: .*open/],
    ['/calls', 'state', '', /must name a state; one of: /],
    ['/assignments', 'agency', 'jst', /agency code such as JST/],
    ['/assignments', 'state', 'xyz', /no assignment is ever in state xyz; one of: .*accepted/],
  ])('GET %s?%s=%j is a 400 naming the field', async (path, field, value, message) => {
    const res = await api.get(`${path}?${field}=${encodeURIComponent(value)}`, po().token);
    expectProblem(res, 400, 'validation-failed');
    const errors = res.body.errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0].message).toMatch(message);
  });

  it.each([
    ['/proposals', `agency=${'LEAD'}`],
    ['/proposals', 'state=under_review'],
    ['/calls', `agency=${'LEAD'}`],
    ['/calls', 'state=open'],
    ['/assignments', 'state=accepted'],
    ['/assignments', `agency=${'LEAD'}`],
  ])('GET %s?%s filters (200)', async (path, query) => {
    const res = await api.get(`${path}?${query.replace('LEAD', w.lead)}`, po().token);
    expectStatus(res, 200);
    expect(Array.isArray(res.body.items)).toBe(true);
  });

  it('finds the call by a real agency and state: a filter that matches is not refused by mistake', async () => {
    const res = await api.get(`/calls?agency=${w.lead}&state=open`, po().token);
    expectStatus(res, 200);
    expect((res.body.items as { id: string }[]).map((c) => c.id)).toContain(w.callId);
  });
});
