import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Factory, type Person, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, type Tab, withPassword } from '../support/browser.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * The fields of branch chirp-jrapid in a browser, in English and Japanese: the call form's disaster
 * and affected country (a counterpart of another country refused beside its row), the J-RAPID call
 * page's disaster, the invitation form's "local researcher" and the local badge, and a CHIRP hub's
 * periods (the second with each agency's budget per year). Screenshots in test-artifacts/browser.
 * Tests run in order.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Visible text that looks like an untranslated key, raw JSON or an ISO timestamp. */
const rawText = (page: Page) =>
  page
    .locator('main')
    .innerText()
    .then(
      (text) =>
        // E-mail addresses (the invited people's) are data, not keys.
        text
          .replace(/\S+@\S+/g, '')
          .match(/\b[a-z]+(?:\.[a-zA-Z]+){1,3}\b(?![^\s]*@)|\{"|\[object Object\]|undefined|NaN|\d{4}-\d{2}-\d{2}T/g) ??
        [],
    );

describe('J-RAPID disaster, local researchers and CHIRP periods in the console (en, ja)', () => {
  let app: TestApp;
  let browser: Browser;
  let w: ProgramWorld;
  let JST: string, TR: string, GR: string, TH: string;
  let callId = '';
  let proposalId = '';
  let applicant: Person;
  const tabs: Tab[] = [];
  const shots = screenshotsAfterEach();
  const po = (agency: string) => w.who(agency, 'program_officer');

  async function as(person: Person, locale: 'en' | 'ja' = 'en'): Promise<Tab> {
    await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
    await withPassword(app, person);
    const tab = await newPage(browser, app);
    tabs.push(tab);
    await signIn(tab.page, person.email);
    return tab;
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    w = await new ProgramWorld(new Factory(app.app), app.url).build([
      { country: 'TR', currency: 'TRY' },
      { country: 'GR', currency: 'EUR' },
      { country: 'TH', currency: 'THB' },
    ]);
    [JST, TR, GR, TH] = w.agencies;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('records the disaster on the call form; a counterpart of another country is refused beside its row', async () => {
    const tab = await as(po(JST));
    await tab.page.goto('/console/calls/new');
    const form = tab.page.locator('#new-call-form');
    const title = `J-RAPID earthquake call ${unique()}`;
    await form.getByLabel('Program').selectOption('j-rapid');
    await form.getByLabel('Title (English)', { exact: true }).fill(title);
    await form.getByLabel('Title (Japanese)', { exact: true }).fill(`${title}（地震）`);
    await form.getByLabel('Opens on').fill(day(1));
    await form.getByLabel('Submission deadline').fill(day(21));
    await form.getByLabel('What happened').fill('Magnitude 7.8 earthquake');
    await form.getByLabel('Day it struck').fill(day(-4));
    await form.getByLabel('Where', { exact: true }).fill('Hatay province');
    await form.getByLabel('Affected country').fill('tr');
    await form.getByLabel('Agency 2: Agency').selectOption(GR);
    await Promise.all([tab.page.waitForEvent('load'), form.locator('button[type=submit]').click()]);
    const refusal = await tab.page.locator('#call-a1-code-error').textContent();
    const kept = await form.getByLabel('What happened').inputValue();
    const placeholder = await tab.page.locator('[data-program="j-rapid"] [data-placeholder]').innerText();
    await shot(tab.page, 'j-rapid-call-form-refused-en');
    shots.last(tab.page);
    expect(refusal).toContain(`${GR} is an agency of GR, not of the affected country TR`);
    expect(kept).toBe('Magnitude 7.8 earthquake');
    // The catalog's J-RAPID ceiling is marked as a placeholder beside the program's rules.
    expect(placeholder).toContain('placeholder');

    await form.getByLabel('Agency 2: Agency').selectOption(TR);
    await Promise.all([
      tab.page.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/),
      form.locator('button[type=submit]').click(),
    ]);
    callId = tab.page.url().split('/').pop()!;
    const disaster = await tab.page.locator('#call-disaster').innerText();
    const raw = await rawText(tab.page);
    await shot(tab.page, 'j-rapid-call-disaster-en');
    expect(disaster).toContain('Magnitude 7.8 earthquake');
    expect(disaster).toContain('Hatay province');
    expect(disaster).toMatch(/Türkiye|Turkey/);
    expect(raw).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('shows the disaster to a Japanese reader in Japanese', async () => {
    const tab = await as(po(TR), 'ja');
    await tab.page.goto(`/console/calls/${callId}`);
    const disaster = await tab.page.locator('#call-disaster').innerText();
    const raw = await rawText(tab.page);
    await shot(tab.page, 'j-rapid-call-disaster-ja');
    shots.last(tab.page);
    expect(disaster).toContain('被災国');
    expect(disaster).toContain('トルコ');
    expect(disaster).toContain('発生日');
    expect(raw).toEqual([]);
  });

  it('marks a local researcher on the invitation form, and lists them as local (en, ja)', async () => {
    w.affected.set(callId, 'TR');
    for (const [agency, cap, envelope] of [
      [JST, 3_000_000, 30_000_000],
      [TR, 1_000_000, 10_000_000],
    ] as const)
      await w.approve(callId, agency, { cap, envelope }, 200, 1);
    await w.send('calls', callId, po(JST), { type: 'OPEN' });
    const made = await w.proposal(
      callId,
      [
        { agency: JST, budget: 2_000_000 },
        { agency: TR, budget: 800_000 },
      ],
      1,
      { localResearcher: false },
    );
    proposalId = made.id;
    applicant = made.applicant;
    const tab = await as(applicant);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const form = tab.page.locator('#invite-form');
    await form.getByLabel('Agency').selectOption(TR);
    await form.getByLabel('Name').fill('Elif Yerel');
    await form.getByLabel('E-mail').fill(`${unique('elif').toLowerCase()}@example.edu.tr`);
    await form.getByLabel('Institution').fill('Hatay Mustafa Kemal University');
    await form.getByLabel('Local researcher').check();
    await Promise.all([tab.page.waitForEvent('load'), form.locator('button[type=submit]').click()]);
    const badge = await tab.page.locator('#members-table [data-local="true"]').count();
    const raw = await rawText(tab.page);
    await tab.page.locator('#party-members').scrollIntoViewIfNeeded();
    await shot(tab.page, 'j-rapid-local-researcher-en');
    shots.last(tab.page);
    expect(badge).toBe(1);
    expect(raw).toEqual([]);

    const ja = await as(applicant, 'ja');
    await ja.page.goto(`/console/proposals/${proposalId}`);
    const label = await ja.page.locator('label[for="invite-local"], label:has(#invite-local)').innerText();
    const local = await ja.page.locator('#members-table [data-local="true"]').innerText();
    await shot(ja.page, 'j-rapid-local-researcher-ja');
    expect(label).toContain('現地の研究者');
    expect(local).toBe('現地');
  });

  it("shows a CHIRP hub's first and second periods with each agency's budget per year (en, ja)", async () => {
    const chirpCall = await w.openCall('chirp', [
      { code: JST, cap: 50_000_000, envelope: 500_000_000 },
      { code: TH, cap: 2_000_000, envelope: 20_000_000 },
    ]);
    const hub = await w.proposal(
      chirpCall,
      [
        { agency: JST, budget: 40_000_000 },
        { agency: TH, budget: 1_000_000 },
      ],
      5,
    );
    await w.send('proposals', hub.id, hub.applicant, { type: 'SUBMIT' });
    await w.send('calls', chirpCall, po(JST), { type: 'CLOSE' });
    await w.send('calls', chirpCall, po(JST), { type: 'START_REVIEW' });
    await w.send('proposals', hub.id, po(JST), { type: 'START_ELIGIBILITY_CHECK' });
    for (const agency of [JST, TH])
      await w.send('proposals', hub.id, w.who(agency, 'agency_officer'), { type: 'RULE_ELIGIBILITY', eligible: true });
    for (const agency of [JST, TH]) {
      await w.review(hub.id, agency, 5);
      await w.send('proposals', hub.id, po(agency), {
        type: 'COMPLETE_AGENCY_REVIEW',
        score: 5,
        recommendation: 'fund',
        summary: `${agency}: a strong hub.`,
      });
    }
    await w.send('calls', chirpCall, po(JST), { type: 'START_PANEL' });
    await w.send('proposals', hub.id, w.who(JST, 'panel_member'), {
      type: 'RECORD_PANEL_RESULT',
      recommendation: 'fund',
      score: 4.8,
      minutes: 'Joint panel.',
    });
    for (const agency of [JST, TH]) await w.send('proposals', hub.id, po(agency), { type: 'SIGN_OFF_PANEL' });
    await w.send('calls', chirpCall, po(JST), { type: 'START_SELECTION' });
    for (const agency of [JST, TH])
      await w.send('calls', chirpCall, w.who(agency, 'program_director'), {
        type: 'CONFIRM_SELECTION',
        decisions: [{ proposalId: hub.id, decision: 'select' }],
      });
    await w.send('calls', chirpCall, w.who(JST, 'program_director'), { type: 'CONCLUDE_SELECTION' });
    await w.send('calls', chirpCall, po(JST), { type: 'ANNOUNCE_RESULTS' });
    await w.send('proposals', hub.id, po(JST), { type: 'START_INTERIM_EVALUATION' });
    await w.send('proposals', hub.id, hub.applicant, {
      type: 'SUBMIT_INTERIM_REPORT',
      report: 'Five years of joint work.',
      extensionMonths: 36,
    });
    await w.send('proposals', hub.id, w.who(JST, 'program_director'), {
      type: 'DECIDE_EXTENSION',
      extend: true,
      budgetPerYear: [30_000_000, 30_000_000, 20_000_000],
    });
    await w.send('proposals', hub.id, w.who(TH, 'program_director'), {
      type: 'DECIDE_EXTENSION',
      extend: true,
      budgetPerYear: [800_000, 800_000, 800_000],
    });
    void at;

    for (const locale of ['en', 'ja'] as const) {
      const tab = await as(po(JST), locale);
      await tab.page.goto(`/console/proposals/${hub.id}`);
      const periods = await tab.page.locator('#hub-periods').innerText();
      const state = await tab.page.locator('main').innerText();
      const raw = await rawText(tab.page);
      await tab.page.locator('#progress-title').scrollIntoViewIfNeeded();
      await shot(tab.page, `chirp-hub-periods-${locale}`);
      shots.last(tab.page);
      expect(periods).toContain(locale === 'en' ? 'Second period' : '第2期');
      expect(periods).toContain(locale === 'en' ? '36 months' : '36か月');
      expect(state).toContain(locale === 'en' ? 'In its second period' : '第2期実施中');
      expect(await tab.page.locator('#stage-bar').getAttribute('data-stage')).toBe('decided');
      expect(raw).toEqual([]);
    }
  });
});
