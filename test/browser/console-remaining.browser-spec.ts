import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import type { UpdateCallDatesDto } from '../../src/modules/calls/calls.dto.js';
import { CallsService } from '../../src/modules/calls/calls.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { callAtPanel, callAtSelection } from './board-call.js';

const JA_TITLE = '沿岸レジリエンス日米共同公募';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations of the page (WCAG 2.x A and AA), as "rule: target". */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const run = (
      globalThis as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe.run;
    const result = await run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${JSON.stringify(v.targets.slice(0, 3))}`);
}
const ENGLISH_SENTENCE = /[A-Za-z][A-Za-z'’.-]*(?: [A-Za-z][A-Za-z'’.-]*){2,}/;

/**
 * The console's remaining defects (issue 14), in a browser, in English and Japanese: the call's
 * title in the reader's language on the proposal, panel, selection and board pages; the start
 * page's due date labels, one per kind of item; a pending invitation to a joint proposal on the
 * invitee's start page, declined there; a call's texts edited in both languages; a cancelled
 * call's stage bar. Screenshots under test-artifacts/browser/console14-*.png.
 */
describe('the console, issue 14, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  /** At selection (sicorp-joint-proposal@4, its stage timers): selection items, the call's Japanese title. */
  let atSelection: World;
  let selected: string[] = [];
  /** At the joint panel: panel results to record and to sign off. */
  let atPanel: World;
  let panelled: string[] = [];
  /** In review: an eligibility check and a request for information. */
  let inReview: World;
  let checking = '';
  let asked = '';
  /** Cancelled while open. */
  let cancelled: World;
  const shots = screenshotsAfterEach();
  const who = (w: World, agency: string, role: string): Person => w.people[agency][role];
  const send = (
    w: World,
    subject: 'call' | 'proposal',
    id: string,
    p: Person,
    body: { type: string } & Record<string, unknown>,
  ) => factory.send(subject, id, body, p.actor);

  const onV4 = (w: World) =>
    app.dataSource.query(`UPDATE calls SET proposal_workflow = 'sicorp-joint-proposal@4' WHERE id = $1`, [w.callId]);

  async function open(person: Person, locale: 'en' | 'ja', path: string): Promise<Page> {
    await withPassword(app, person);
    await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
    const tab = await newPage(browser, app);
    await signIn(tab.page, person.email);
    await tab.page.goto(path);
    return shots.last(tab.page);
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);

    atSelection = await factory.world();
    await onV4(atSelection);
    const po = who(atSelection, atSelection.lead, 'program_officer');
    await app.app
      .get(CallsService)
      .updateDates(atSelection.callId, { titles: { ja: JA_TITLE } } as unknown as UpdateCallDatesDto, po.actor);
    selected = await callAtSelection(app.app, factory, atSelection, ['Coastal sensing network', 'Tidal energy model']);

    atPanel = await factory.world();
    await onV4(atPanel);
    panelled = await callAtPanel(app.app, factory, atPanel, ['Harbour sediment study', 'Estuary flood model']);
    await send(atPanel, 'proposal', panelled[0], who(atPanel, atPanel.lead, 'panel_member'), {
      type: 'RECORD_PANEL_RESULT',
      recommendation: 'fund',
      score: 4.5,
      minutes: 'Agreed.',
    });

    inReview = await factory.world();
    await onV4(inReview);
    const rpo = who(inReview, inReview.lead, 'program_officer');
    checking = await factory.proposal(inReview, { title: 'River delta monitoring' }, { submit: true });
    asked = await factory.proposal(inReview, { title: 'Mangrove carbon survey' }, { submit: true });
    await send(inReview, 'call', inReview.callId, rpo, { type: 'CLOSE' });
    await send(inReview, 'call', inReview.callId, rpo, { type: 'START_REVIEW' });
    for (const id of [checking, asked]) await send(inReview, 'proposal', id, rpo, { type: 'START_ELIGIBILITY_CHECK' });
    await send(inReview, 'proposal', asked, rpo, {
      type: 'REQUEST_INFORMATION',
      message: 'Please send the budget justification.',
    });

    cancelled = await factory.world();
    await send(cancelled, 'call', cancelled.callId, who(cancelled, cancelled.lead, 'program_officer'), {
      type: 'CANCEL',
      reason: 'The partner agency withdrew its budget.',
    });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  describe("the call's title in the reader's language", () => {
    it.each(['en', 'ja'] as const)('on the proposal and selection pages (%s)', async (locale) => {
      const pd = who(atSelection, atSelection.lead, 'program_director');
      const page = await open(pd, locale, `/console/proposals/${selected[0]}`);
      const crumb = await page.locator('.breadcrumb, nav[aria-label] ol').first().textContent();
      const details = await page.locator('#details-title + dl, .facts').first().textContent();
      await page.screenshot({ path: `test-artifacts/browser/console14-proposal-${locale}.png`, fullPage: true });
      await page.goto(`/console/calls/${atSelection.callId}/selection`);
      const heading = await page.locator('h1').textContent();
      await page.screenshot({ path: `test-artifacts/browser/console14-selection-${locale}.png`, fullPage: true });
      if (locale === 'ja') {
        expect(crumb).toContain(JA_TITLE);
        expect(details).toContain(JA_TITLE);
        expect(heading).toContain(JA_TITLE);
      } else {
        expect(crumb).not.toContain(JA_TITLE);
        expect(heading).toMatch(/Joint call/);
      }
    });

    it('on the board and panel pages (ja), the English version marked where there is no Japanese one', async () => {
      const board = await open(
        who(atSelection, atSelection.lead, 'board_member'),
        'ja',
        `/console/calls/${atSelection.callId}/board`,
      );
      expect(await board.locator('h1').textContent()).toContain(JA_TITLE);
      await board.screenshot({ path: 'test-artifacts/browser/console14-board-ja.png', fullPage: true });
      const panel = await open(
        who(atPanel, atPanel.lead, 'program_officer'),
        'ja',
        `/console/proposals/${panelled[0]}/panel`,
      );
      const crumb = (await panel.locator('nav ol, .breadcrumb').first().textContent()) ?? '';
      await panel.screenshot({ path: 'test-artifacts/browser/console14-panel-ja.png', fullPage: true });
      // The call of this world has only its English title: shown marked "(English)".
      expect(crumb).toContain('(English)');
    });
  });

  describe("the start page's due dates, one label per kind of item", () => {
    const dueOf = async (page: Page, id: string) =>
      ((await page.locator(`li[data-proposal="${id}"] [data-timer]`).allTextContents()).join(' ') || '(none)').trim();

    it.each([
      ['en', 'Eligibility check due', 'Answer to the request for information due'],
      ['ja', '要件確認の期限', '追加情報の回答期限'],
    ] as const)('eligibility and an answer to a request for information (%s)', async (locale, eligibility, answer) => {
      const po = await open(who(inReview, inReview.lead, 'program_officer'), locale, '/console/home');
      expect(await dueOf(po, checking)).toContain(eligibility);
      await po.screenshot({ path: `test-artifacts/browser/console14-home-eligibility-${locale}.png`, fullPage: true });
      const applicant = await open(who(inReview, inReview.lead, 'applicant'), locale, '/console/home');
      const due = await dueOf(applicant, asked);
      await applicant.screenshot({
        path: `test-artifacts/browser/console14-home-information-${locale}.png`,
        fullPage: true,
      });
      expect(due).toContain(answer);
      expect(due).not.toContain(eligibility);
    });

    it.each([
      ['en', 'Record the panel result', 'Panel sign-off due'],
      ['ja', 'パネルの結果を登録する', 'パネル結果の承認期限'],
    ] as const)('a panel result to record and one to sign off (%s)', async (locale, result, signOff) => {
      // Recording the result has no due date (the sign-off's starts with it): no other stage's either.
      const member = await open(who(atPanel, atPanel.lead, 'panel_member'), locale, '/console/home');
      expect(await member.locator(`li[data-proposal="${panelled[1]}"]`).textContent()).toContain(result);
      expect(await dueOf(member, panelled[1])).toBe('(none)');
      const pd = await open(who(atPanel, atPanel.lead, 'program_director'), locale, '/console/home');
      const due = await dueOf(pd, panelled[0]);
      await pd.screenshot({ path: `test-artifacts/browser/console14-home-panel-${locale}.png`, fullPage: true });
      expect(await seriousViolations(pd)).toEqual([]);
      expect(due).toContain(signOff);
      expect(due).not.toMatch(/Eligibility|要件確認/);
    });

    it.each(['en', 'ja'] as const)('selection items show no other stage’s due date (%s)', async (locale) => {
      const pd = await open(who(atSelection, atSelection.lead, 'program_director'), locale, '/console/home');
      const items = pd.locator(`li[data-proposal="${selected[0]}"]`);
      await pd.screenshot({ path: `test-artifacts/browser/console14-home-selection-${locale}.png`, fullPage: true });
      expect(await items.count()).toBeGreaterThan(0);
      expect(await dueOf(pd, selected[0])).toBe('(none)');
    });
  });

  describe('a pending invitation to a joint proposal', () => {
    it.each(['en', 'ja'] as const)("is on the invitee's start page, and declined there (%s)", async (locale) => {
      const open_ = await factory.world();
      const lead = who(open_, open_.lead, 'applicant');
      const invitee = who(open_, open_.counterpart, 'applicant');
      const draft = await factory.proposal(open_, { title: `Shared draft ${locale}` });
      const invited = await request(app.url)
        .post(`/api/v1/proposals/${draft}/members`)
        .set('Authorization', `Bearer ${lead.token}`)
        .send({
          agency: open_.counterpart,
          role: 'member',
          name: 'Invited member',
          email: invitee.email,
          institution: 'Stanford University',
        });
      expect({ status: invited.status, body: invited.body }).toMatchObject({ status: 201 });
      const page = await open(invitee, locale, '/console/home');
      const item = page.locator(`#work-party-invitations li[data-invitation="${draft}"]`);
      const text = (await item.textContent()) ?? '';
      await page.screenshot({ path: `test-artifacts/browser/console14-home-invitation-${locale}.png`, fullPage: true });
      expect(text).toContain(`Shared draft ${locale}`);
      expect(text).toContain(locale === 'en' ? 'Accept or decline' : '承諾または辞退');
      expect(await item.getByRole('link').getAttribute('href')).toBe(`/console/proposals/${draft}/invitation`);
      expect(await seriousViolations(page)).toEqual([]);
      await Promise.all([page.waitForURL(/\/console\/home/), item.locator('button[data-decline]').click()]);
      expect(await page.locator('.flash').first().textContent()).toContain(`Shared draft ${locale}`);
      expect(await page.locator(`li[data-invitation="${draft}"]`).count()).toBe(0);
    });
  });

  describe("a call's texts in both languages", () => {
    it.each(['en', 'ja'] as const)(
      'are edited from the call page: errors beside the field, then the translation saved (%s)',
      async (locale) => {
        const po = who(inReview, inReview.lead, 'program_officer');
        const page = await open(po, locale, `/console/calls/${inReview.callId}`);
        await Promise.all([page.waitForURL(/\/edit$/), page.locator('#edit-call-link').click()]);
        await page.locator('#call-title-en').fill('');
        await Promise.all([page.waitForLoadState('load'), page.locator('#call-edit-form button[type=submit]').click()]);
        const error = (await page.locator('#call-title-en-error').textContent()) ?? '';
        await page.screenshot({
          path: `test-artifacts/browser/console14-call-edit-refused-${locale}.png`,
          fullPage: true,
        });
        expect(await page.locator('#call-title-en').getAttribute('aria-invalid')).toBe('true');
        expect(await seriousViolations(page)).toEqual([]);
        if (locale === 'ja') {
          expect(error).toContain('英語のタイトルは必須です');
          expect(error).not.toMatch(ENGLISH_SENTENCE);
        } else expect(error).toMatch(/English title is required/);
        const ja = `${JA_TITLE}（${locale}）`;
        await page.locator('#call-title-en').fill(`Joint call edited ${locale}`);
        await page.locator('#call-title-ja').fill(ja);
        await page.locator('#call-description-ja').fill('日本語の説明です。');
        await Promise.all([
          page.waitForURL(new RegExp(`/console/calls/${inReview.callId}$`)),
          page.locator('#call-edit-form button[type=submit]').click(),
        ]);
        await page.screenshot({ path: `test-artifacts/browser/console14-call-edited-${locale}.png`, fullPage: true });
        expect(await page.locator('h1').textContent()).toContain(locale === 'ja' ? ja : `Joint call edited ${locale}`);
        const row = await app.dataSource.query(`SELECT title_en, title_ja, description_ja FROM calls WHERE id = $1`, [
          inReview.callId,
        ]);
        expect(row[0]).toEqual({
          title_en: `Joint call edited ${locale}`,
          title_ja: ja,
          description_ja: '日本語の説明です。',
        });
      },
    );

    it('is not offered to, nor opened by, a program officer of the counterpart agency', async () => {
      const page = await open(
        who(inReview, inReview.counterpart, 'program_officer'),
        'en',
        `/console/calls/${inReview.callId}`,
      );
      expect(await page.locator('#edit-call-link').count()).toBe(0);
      const res = await page.goto(`/console/calls/${inReview.callId}/edit`);
      expect(res?.status()).toBe(403);
    });
  });

  describe("a cancelled call's stage bar", () => {
    it.each([
      ['en', 'Cancelled'],
      ['ja', '中止'],
    ] as const)(
      'shows the stages it reached and a cancelled marker, not evaluation and board as done (%s)',
      async (locale, marker) => {
        const page = await open(
          who(cancelled, cancelled.lead, 'program_officer'),
          locale,
          `/console/calls/${cancelled.callId}`,
        );
        const bar = page.locator('#stage-bar');
        await bar.screenshot({ path: `test-artifacts/browser/console14-cancelled-stage-bar-${locale}.png` });
        expect(await bar.locator('li[aria-current="step"]').textContent()).toContain(marker);
        expect(await bar.locator('li[data-stage="open"]').getAttribute('class')).toBe('done');
        expect(await seriousViolations(page)).toEqual([]);
        for (const stage of ['evaluation', 'board'])
          if (await bar.locator(`li[data-stage="${stage}"]`).count())
            expect(await bar.locator(`li[data-stage="${stage}"]`).getAttribute('class')).toBe('not-reached');
      },
    );
  });
});
