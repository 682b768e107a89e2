import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations of the page, by rule id. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null }[] }> };
      }
    ).axe;
    const { violations } = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

/**
 * A call whose Japanese version governs, read by a Japanese and an English reader: each sees the
 * call and its criteria in their own language, and the English reader the note that the Japanese
 * version is authoritative, on the call page and on the review form. Screenshots in test-artifacts/browser.
 */
describe('a call in English and Japanese, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let japanesePo: Person;
  let englishPo: Person;
  let japaneseReviewer: Person;
  let englishReviewer: Person;
  const assignments: Record<'ja' | 'en', string> = { ja: '', en: '' };
  let callId = '';
  const titles = { en: `Joint call on glacier hazards ${unique()}`, ja: `氷河災害に関する日米共同公募 ${unique()}` };
  const shots = screenshotsAfterEach();

  const asLocale = async (person: Person, locale: 'en' | 'ja') => {
    await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
    return withPassword(app, person);
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    const program = await factory.program({ callWorkflow: 'sicorp-joint-call@2' });
    const po = world.people[world.lead].program_officer;
    const cpPo = world.people[world.counterpart].program_officer;
    japanesePo = await asLocale(po, 'ja');
    englishPo = await asLocale(cpPo, 'en');
    const call = await app.app.get(CallsService).create(
      {
        ...factory.callDto({ ...world, program }),
        title: undefined,
        titles,
        descriptions: {
          en: 'Early warning of glacier lake outbursts, by Japanese and US teams together.',
          ja: '氷河湖決壊の早期警戒を日米の研究チームが共同で研究します。',
        },
        authoritativeLanguage: 'ja',
        requiredLanguages: ['en', 'ja'],
      },
      po.actor,
    );
    callId = call.id;
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString();
    await factory.send(
      'call',
      callId,
      {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: due,
        criteria: [
          { key: 'excellence', label: '科学的卓越性', labels: { en: 'Scientific excellence' }, weight: 0.5 },
          {
            key: 'hazard_relevance',
            label: '防災・減災への貢献',
            labels: { en: 'Contribution to disaster risk reduction' },
            descriptions: {
              en: 'How the results reduce the risk to people downstream.',
              ja: '下流の住民へのリスクをどう減らすか。',
            },
            weight: 0.5,
          },
        ],
      },
      po.actor,
    );
    // The co-owned call (version 2): each agency approves its part before the call is announced.
    await factory.approveParticipation(world, callId, world.lead, { envelope: 300_000_000, cap: 30_000_000 });
    await factory.approveParticipation(world, callId, world.counterpart, { envelope: 2_000_000, cap: 200_000 });
    for (const type of ['ANNOUNCE', 'OPEN']) await factory.send('call', callId, { type }, po.actor);
    const proposalId = await factory.proposal(
      { ...world, callId },
      { title: 'Glacier lake outburst warning' },
      { submit: true },
    );
    await factory.send('proposal', proposalId, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
    await factory.send('proposal', proposalId, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);
    await factory.send('proposal', proposalId, { type: 'RULE_ELIGIBILITY', eligible: true }, cpPo.actor);
    const jaReviewer = await factory.reviewer(world.lead, { institution: 'Kyoto University', name: '渡辺 健二' });
    const enReviewer = await factory.reviewer(world.counterpart, {
      institution: 'University of Alaska',
      name: 'Sam Lee',
    });
    japaneseReviewer = await asLocale(jaReviewer, 'ja');
    englishReviewer = await asLocale(enReviewer, 'en');
    const service = app.app.get(AssignmentsService);
    assignments.ja = (await service.create({ proposalId, reviewerId: jaReviewer.reviewerId, dueAt: due }, po.actor)).id;
    assignments.en = (
      await service.create({ proposalId, reviewerId: enReviewer.reviewerId, dueAt: due }, cpPo.actor)
    ).id;
    await factory.send('assignment', assignments.ja, { type: 'ACCEPT', declaresNoConflict: true }, jaReviewer.actor);
    await factory.send('assignment', assignments.en, { type: 'ACCEPT', declaresNoConflict: true }, enReviewer.actor);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the Japanese reader the Japanese call and no note: the Japanese version governs', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, japanesePo.email);

    await tab.page.goto(`/console/calls/${callId}`);
    shots.last(tab.page);

    expect(await tab.page.locator('h1').textContent()).toBe(titles.ja);
    expect(await tab.page.locator('#call-description').textContent()).toBe(
      '氷河湖決壊の早期警戒を日米の研究チームが共同で研究します。',
    );
    expect(await tab.page.locator('#authoritative-note').count()).toBe(0);
    expect(await seriousViolations(tab.page)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('shows the English reader the English call with the note that the Japanese version is authoritative', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, englishPo.email);

    await tab.page.goto('/console/calls');
    const listed = await tab.page.locator(`tr[data-call="${callId}"] a`).textContent();
    await tab.page.goto(`/console/calls/${callId}`);
    shots.last(tab.page);

    expect(listed).toBe(titles.en);
    expect(await tab.page.locator('h1').textContent()).toBe(titles.en);
    expect(await tab.page.locator('#authoritative-note').textContent()).toBe(
      'The Japanese version of this call is authoritative.',
    );
    expect(await seriousViolations(tab.page)).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('gives each reviewer the criteria in their language, and the English one the note on the review form', async () => {
    const ja = await newPage(browser, app);
    await signIn(ja.page, japaneseReviewer.email);
    await ja.page.goto(`/console/reviews/${assignments.ja}`);
    const jaLabels = await ja.page.locator('#review-form legend').allTextContents();
    const jaNote = await ja.page.locator('#authoritative-note').count();
    await ja.page.screenshot({ path: 'test-artifacts/browser/bilingual-review-form-ja.png', fullPage: true });

    const en = await newPage(browser, app);
    await signIn(en.page, englishReviewer.email);
    await en.page.goto(`/console/reviews/${assignments.en}`);
    shots.last(en.page);
    const enLabels = await en.page.locator('#review-form legend').allTextContents();

    expect(jaNote).toBe(0);
    expect(jaLabels.join(' | ')).toContain('科学的卓越性');
    expect(jaLabels.join(' | ')).toContain('防災・減災への貢献');
    expect(jaLabels.join(' | ')).toContain('下流の住民へのリスクをどう減らすか。');
    expect(enLabels.join(' | ')).toContain('Scientific excellence');
    expect(enLabels.join(' | ')).toContain('Contribution to disaster risk reduction');
    expect(await en.page.locator('#authoritative-note').textContent()).toBe(
      'The Japanese version of this call and its criteria is authoritative.',
    );
    expect(await seriousViolations(en.page)).toEqual([]);
    expect([...ja.errors, ...en.errors]).toEqual([]);
  });

  it('creates a call in both languages from the form, naming a missing authoritative title beside its field', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, japanesePo.email);
    const program = await factory.program({ callWorkflow: 'sicorp-joint-call@2' });
    await tab.page.goto('/console/calls/new');
    const form = tab.page.locator('#new-call-form');
    const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    await form.locator('#call-program').selectOption(program);
    await form.locator('#call-title-en').fill(`Browser bilingual call ${unique()}`);
    await form.locator('#call-authoritative-ja').check();
    await form.locator('#call-opensAt').fill(day(1));
    await form.locator('#call-submissionDeadline').fill(day(45));
    // A co-owned call: the form asks no figures, each agency approves its own on the call page afterwards.
    await form.locator('#call-a1-code').selectOption(world.counterpart);
    await Promise.all([tab.page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    await tab.page.waitForSelector('#call-title-ja-error');
    const error = await tab.page.locator('#call-title-ja-error').textContent();
    await tab.page.screenshot({ path: 'test-artifacts/browser/bilingual-new-call-refused.png', fullPage: true });

    const titleJa = `ブラウザからの公募 ${unique()}`;
    await tab.page.locator('#call-title-ja').fill(titleJa);
    await Promise.all([
      tab.page.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/),
      tab.page.locator('#new-call-form button[type=submit]').click(),
    ]);
    shots.last(tab.page);

    // Said in the reader's language (issue 14): the API's English refusal, translated.
    expect(error).toContain('日本語のタイトルは必須です');
    expect(await tab.page.locator('h1').textContent()).toBe(titleJa);
    expect(await seriousViolations(tab.page)).toEqual([]);
  });
});
