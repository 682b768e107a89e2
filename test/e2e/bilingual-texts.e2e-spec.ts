import { Factory, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client, expectProblem, expectStatus, type Client } from '../support/http.js';

/**
 * Calls in English and Japanese (issues 14 and 16): both texts stored and returned with the
 * authoritative language, the shape before (`title`) still accepted, and a call on a version-2
 * workflow refused ANNOUNCE while a required translation is missing, with the reason.
 */
describe('calls in English and Japanese', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let api: Client;
  let program: string;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world({ callState: 'draft' });
    api = client(app.url);
    program = await factory.program({ callWorkflow: 'sicorp-joint-call@2' });
  });
  afterAll(() => app.close());

  const po = () => world.people[world.lead].program_officer;
  const dto = (overrides: Record<string, unknown>) => {
    const { title: _title, ...base } = factory.callDto({ ...world, program });
    return { ...base, ...overrides };
  };

  it('stores and returns both texts, the authoritative language and the required ones', async () => {
    const en = `Joint call on resilient infrastructure ${unique()}`;
    const ja = `レジリエントなインフラに関する共同公募 ${unique()}`;
    const res = await api.post(
      '/calls',
      dto({
        titles: { en, ja },
        descriptions: { en: 'Infrastructure that recovers.', ja: '回復するインフラ。' },
        authoritativeLanguage: 'ja',
        requiredLanguages: ['en', 'ja'],
      }),
      po().token,
    );
    expectStatus(res, 201);

    expect(res.body).toMatchObject({
      title: ja,
      description: '回復するインフラ。',
      titles: { en, ja },
      descriptions: { en: 'Infrastructure that recovers.', ja: '回復するインフラ。' },
      authoritativeLanguage: 'ja',
      requiredLanguages: ['en', 'ja'],
      missingTranslations: [],
      workflow: 'sicorp-joint-call@2',
    });
    expect((await api.get(`/calls/${res.body.id}`, po().token)).body).toMatchObject({ titles: { en, ja } });
    expect(res.body.allowedEvents).toContain('ANNOUNCE');
  });

  it('still takes a single title: the text of the authoritative language, English unless told', async () => {
    const title = `Single-text call ${unique()}`;
    const res = await api.post('/calls', dto({ title, description: 'Only in English.' }), po().token);
    expectStatus(res, 201);

    expect(res.body).toMatchObject({
      title,
      titles: { en: title, ja: null },
      descriptions: { en: 'Only in English.', ja: null },
      authoritativeLanguage: 'en',
      requiredLanguages: ['en'],
      missingTranslations: [],
    });
    expect(res.body.allowedEvents).toContain('ANNOUNCE');
  });

  it('refuses a call without the title in its authoritative language, naming the field, and creates nothing', async () => {
    const en = `No Japanese title ${unique()}`;
    const res = await api.post('/calls', dto({ titles: { en }, authoritativeLanguage: 'ja' }), po().token);

    expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'titles.ja' })]));
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM calls WHERE title_en = $1`, [en]);
    expect(n).toBe(0);
  });

  it('refuses title and titles that disagree', async () => {
    const res = await api.post('/calls', dto({ title: 'One', titles: { en: 'Another' } }), po().token);

    expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'title' })]));
  });

  it('does not announce a call whose required translation is missing, and says why; it does once the text is there', async () => {
    const ja = `英語版のない公募 ${unique()}`;
    const created = await api.post(
      '/calls',
      dto({ titles: { ja }, authoritativeLanguage: 'ja', requiredLanguages: ['en', 'ja'] }),
      po().token,
    );
    expectStatus(created, 201);
    const id = created.body.id as string;
    expect(created.body.missingTranslations).toEqual(['the English title of the call is missing']);
    expect(created.body.allowedEvents).not.toContain('ANNOUNCE');

    const refused = await api.event('calls', id, { type: 'ANNOUNCE' }, po().token);
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual(['the English title of the call is missing']);
    expect((await api.get(`/calls/${id}`, po().token)).body.state).toBe('draft');

    const edited = await api.patch(`/calls/${id}`, { titles: { en: 'A call now in English too' } }, po().token);
    expectStatus(edited, 200);
    expect(edited.body).toMatchObject({ title: ja, titles: { en: 'A call now in English too', ja }, missingTranslations: [] });
    expect(edited.body.allowedEvents).toContain('ANNOUNCE');
    expectStatus(await api.event('calls', id, { type: 'ANNOUNCE' }, po().token), 200);
  });

  it('asks for criteria labels in every required language before the call opens', async () => {
    const created = await api.post(
      '/calls',
      dto({ titles: { en: `Criteria call ${unique()}`, ja: '評価項目の公募' }, requiredLanguages: ['en', 'ja'] }),
      po().token,
    );
    const id = created.body.id as string;
    const configured = await api.event(
      'calls',
      id,
      { type: 'CONFIGURE_REVIEW', criteria: [{ key: 'impact', label: 'Societal impact', weight: 1 }] },
      po().token,
    );
    expectStatus(configured, 200);
    expect(configured.body.allowedEvents).not.toContain('ANNOUNCE');
    const refused = await api.event('calls', id, { type: 'ANNOUNCE' }, po().token);
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual(['the Japanese label of criterion impact is missing']);

    const bilingual = await api.event(
      'calls',
      id,
      {
        type: 'CONFIGURE_REVIEW',
        criteria: [{ key: 'impact', label: 'Societal impact', labels: { ja: '社会的インパクト' }, weight: 1 }],
      },
      po().token,
    );
    expectStatus(bilingual, 200);
    expect(bilingual.body.allowedEvents).toContain('ANNOUNCE');
  });

  it('keeps version 1 as it was: a v1 call announces without translations and refuses bilingual criteria', async () => {
    const call = await api.get(`/calls/${world.callId}`, po().token);
    expect(call.body.workflow).toBe('sicorp-joint-call@1');
    const res = await api.event(
      'calls',
      world.callId,
      { type: 'CONFIGURE_REVIEW', criteria: [{ key: 'impact', label: 'Impact', labels: { ja: 'インパクト' }, weight: 1 }] },
      po().token,
    );
    expectProblem(res, 400);
    expectStatus(await api.event('calls', world.callId, { type: 'ANNOUNCE' }, po().token), 200);
  });

  it('names agencies in both languages', async () => {
    const code = unique('A').toUpperCase().slice(0, 12);
    const created = await api.post(
      '/agencies',
      { code, name: 'Research Council', names: { ja: '研究評議会' }, country: 'NO', currency: 'NOK' },
      world.admin.token,
    );
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ name: 'Research Council', names: { en: 'Research Council', ja: '研究評議会' } });
    const renamed = await api.patch(`/agencies/${code}`, { names: { ja: 'ノルウェー研究評議会' } }, world.admin.token);
    expectStatus(renamed, 200);
    expect(renamed.body.names).toEqual({ en: 'Research Council', ja: 'ノルウェー研究評議会' });
    expectProblem(await api.patch(`/agencies/${code}`, { names: { ja: '' } }, po().token), 403);
  });
});
