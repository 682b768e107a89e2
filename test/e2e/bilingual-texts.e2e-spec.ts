import request from 'supertest';
import { Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
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
  /** Version 2 is also the co-owned call: every agency approves its part before the call may be announced. */
  const approveAll = async (id: string) => {
    for (const code of [world.lead, world.counterpart])
      await factory.approveParticipation(world, id, code, { envelope: 300_000_000, cap: 30_000_000 });
  };
  const allowedEvents = async (id: string): Promise<string[]> =>
    (await api.get(`/calls/${id}`, po().token)).body.allowedEvents;
  const unapproved = () =>
    [world.lead, world.counterpart].map(
      (a) => `${a} has not approved its participation (envelope, cap, appointed PO/PD)`,
    );
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
    await approveAll(res.body.id);
    expect(await allowedEvents(res.body.id)).toContain('ANNOUNCE');
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
    await approveAll(res.body.id);
    expect(await allowedEvents(res.body.id)).toContain('ANNOUNCE');
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

    // Both rules of version 2 refuse, and the answer gives every reason: the missing text and each agency yet to approve.
    const refusedTwice = await api.event('calls', id, { type: 'ANNOUNCE' }, po().token);
    expectProblem(refusedTwice, 422, 'rule-violated');
    expect(refusedTwice.body.reasons).toEqual(['the English title of the call is missing', ...unapproved()]);

    await approveAll(id);
    expect(await allowedEvents(id)).not.toContain('ANNOUNCE');
    const refused = await api.event('calls', id, { type: 'ANNOUNCE' }, po().token);
    expectProblem(refused, 422, 'rule-violated');
    expect(refused.body.reasons).toEqual(['the English title of the call is missing']);
    expect((await api.get(`/calls/${id}`, po().token)).body.state).toBe('draft');

    // A null text is refused with the field named, and nothing changes (it was a 500).
    for (const body of [{ titles: { ja: null } }, { descriptions: { ja: null } }, { title: null }]) {
      const nulled = await api.patch(`/calls/${id}`, body, po().token);
      expectProblem(nulled, 400);
    }
    expect((await api.get(`/calls/${id}`, po().token)).body.titles).toMatchObject({ ja });
    const edited = await api.patch(`/calls/${id}`, { titles: { en: 'A call now in English too' } }, po().token);
    expectStatus(edited, 200);
    expect(edited.body).toMatchObject({
      title: ja,
      titles: { en: 'A call now in English too', ja },
      missingTranslations: [],
    });
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
    await approveAll(id);
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
    const v1Program = await factory.program({ callWorkflow: 'sicorp-joint-call@1' });
    const created = await api.post(
      '/calls',
      dto({
        program: v1Program,
        title: `Version 1 call ${unique()}`,
        requiredLanguages: ['en', 'ja'],
        agencies: [
          { code: world.lead, role: 'lead', budgetEnvelope: 300_000_000, capPerProjectPerYear: 30_000_000 },
          { code: world.counterpart, role: 'counterpart', budgetEnvelope: 2_000_000, capPerProjectPerYear: 200_000 },
        ],
      }),
      po().token,
    );
    expectStatus(created, 201);
    const callId = created.body.id as string;
    expect(created.body.workflow).toBe('sicorp-joint-call@1');
    // The Japanese title is missing, yet version 1 never asks.
    expect(created.body.missingTranslations).toEqual(['the Japanese title of the call is missing']);
    const res = await api.event(
      'calls',
      callId,
      {
        type: 'CONFIGURE_REVIEW',
        criteria: [{ key: 'impact', label: 'Impact', labels: { ja: 'インパクト' }, weight: 1 }],
      },
      po().token,
    );
    expectProblem(res, 400);
    expectStatus(await api.event('calls', callId, { type: 'ANNOUNCE' }, po().token), 200);
  });

  it('names agencies in both languages', async () => {
    const code = unique('A').toUpperCase().slice(0, 12);
    const created = await api.post(
      '/agencies',
      { code, name: 'Research Council', names: { ja: '研究評議会' }, country: 'NO', currency: 'NOK' },
      world.admin.token,
    );
    expectStatus(created, 201);
    expect(created.body).toMatchObject({
      name: 'Research Council',
      names: { en: 'Research Council', ja: '研究評議会' },
    });
    const renamed = await api.patch(`/agencies/${code}`, { names: { ja: 'ノルウェー研究評議会' } }, world.admin.token);
    expectStatus(renamed, 200);
    expect(renamed.body.names).toEqual({ en: 'Research Council', ja: 'ノルウェー研究評議会' });
    expectProblem(await api.patch(`/agencies/${code}`, { names: { ja: '' } }, po().token), 403);
    // No names, or names that are not an object: 400, nothing changed (it was a 500).
    for (const body of [{}, { names: 'x' }, { names: null }])
      expectProblem(await api.patch(`/agencies/${code}`, body, world.admin.token), 400);
  });

  describe('in the console', () => {
    const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
    const textOf = (html: string, id: string): string => {
      const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(p|div|h1)>`).exec(html);
      return (m?.[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    };
    const headingOf = (html: string) =>
      (/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '').trim();

    async function signedIn(person: Person, locale: 'en' | 'ja') {
      await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
      await withPassword(app, person);
      const agent = request.agent(app.url);
      const form = await agent.get('/console/sign-in').expect(200);
      await agent
        .post('/console/sign-in')
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
        .expect(303);
      return agent;
    }

    let callId = '';
    const en = `Joint call on glacier hazards ${unique()}`;
    const ja = `氷河災害に関する共同公募 ${unique()}`;
    beforeAll(async () => {
      const res = await api.post(
        '/calls',
        dto({ titles: { en, ja }, descriptions: { ja: '日本語の説明だけがあります。' }, authoritativeLanguage: 'ja' }),
        po().token,
      );
      expectStatus(res, 201);
      callId = res.body.id;
    });

    it('shows an English reader the English title, the Japanese-only description marked, and the note that Japanese governs', async () => {
      const agent = await signedIn(world.people[world.lead].program_director, 'en');

      const page = await agent.get(`/console/calls/${callId}`).expect(200);

      expect(headingOf(page.text)).toBe(en);
      expect(textOf(page.text, 'authoritative-note')).toBe('The Japanese version of this call is authoritative.');
      expect(textOf(page.text, 'call-description')).toBe('日本語の説明だけがあります。 （日本語）');
      const list = await agent.get('/console/calls').expect(200);
      expect(list.text).toContain(`>${en}</a>`);
    });

    it('shows a Japanese reader the Japanese title and no note: the reader reads the version that governs', async () => {
      const agent = await signedIn(world.people[world.counterpart].program_officer, 'ja');

      const page = await agent.get(`/console/calls/${callId}`).expect(200);

      expect(headingOf(page.text)).toBe(ja);
      expect(page.text).not.toContain('id="authoritative-note"');
      expect(textOf(page.text, 'call-description')).toBe('日本語の説明だけがあります。');
    });

    it('marks the English title for a Japanese reader when the call has no Japanese one, with the note that English governs', async () => {
      const title = `English only ${unique()}`;
      const res = await api.post('/calls', dto({ title }), po().token);
      const agent = await signedIn(world.people[world.counterpart].program_director, 'ja');

      const page = await agent.get(`/console/calls/${res.body.id}`).expect(200);

      expect(headingOf(page.text)).toBe(`${title} (English)`);
      expect(textOf(page.text, 'authoritative-note')).toBe('本公募は英語版が正文です。');
    });

    it('lists the missing required translations on the call page while it is still a draft', async () => {
      const res = await api.post(
        '/calls',
        dto({ titles: { en: `Needs Japanese ${unique()}` }, requiredLanguages: ['en', 'ja'] }),
        po().token,
      );
      const agent = await signedIn(po(), 'en');

      const page = await agent.get(`/console/calls/${res.body.id}`).expect(200);

      expect(/id="missing-translations"[\s\S]*?<\/ul>/.exec(page.text)?.[0]).toContain(
        '<li>The Japanese title is missing.</li>',
      );
      expect(page.text).not.toContain('data-event="ANNOUNCE"');
    });

    it('creates a call in both languages from the form, and names the missing authoritative title beside its field', async () => {
      const agent = await signedIn(po(), 'en');
      const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
      const fields = (overrides: Record<string, string | string[]>) => ({
        program,
        'titles.en': `Form call ${unique()}`,
        opensAt: day(1),
        submissionDeadline: day(60),
        'agencies.0.code': world.lead,
        'agencies.0.budgetEnvelope': '300000000',
        'agencies.0.capPerProjectPerYear': '30000000',
        'agencies.1.code': world.counterpart,
        'agencies.1.budgetEnvelope': '2000000',
        'agencies.1.capPerProjectPerYear': '200000',
        lead: '0',
        ...overrides,
      });
      const form = await agent.get('/console/calls/new').expect(200);
      expect(form.text).toContain('id="call-title-ja"');
      expect(form.text).toMatch(/id="call-required-ja"[^>]*checked/);

      const refused = await agent
        .post('/console/calls/new')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          ...fields({ authoritativeLanguage: 'ja', requiredLanguages: ['en', 'ja'] }),
        });
      expect(refused.status).toBe(400);
      expect(textOf(refused.text, 'call-title-ja-error')).toMatch(/Japanese title is required/);

      const titleJa = `フォームからの公募 ${unique()}`;
      const made = await agent
        .post('/console/calls/new')
        .type('form')
        .send({
          _csrf: csrfOf(form.text),
          ...fields({ 'titles.ja': titleJa, authoritativeLanguage: 'ja', requiredLanguages: ['en', 'ja'] }),
        });
      expect(made.status).toBe(303);
      const [row] = await app.dataSource.query(
        `SELECT title, title_ja, authoritative_language, required_languages FROM calls WHERE title_ja = $1`,
        [titleJa],
      );
      expect(row).toEqual({
        title: titleJa,
        title_ja: titleJa,
        authoritative_language: 'ja',
        required_languages: ['en', 'ja'],
      });
    });
  });
});
