import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { ROLES } from '../../workflows/index.js';
import { Factory, type Person, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectStatus } from '../support/http.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, type Tab, withPassword } from '../support/browser.js';
import { at, ProgramWorld } from '../support/program-world.js';

/**
 * IRCC's pages in a browser (branch ircc): the units list and a unit's page in English and Japanese;
 * the board's decision refused on the page while the steering committee deliberates, then the
 * committee and the board establish the unit on the page; the fellow-call form refuses an empty
 * date beside its field, then raises the call and lands on it; the workshop intake's page lists its
 * requests and a request is approved on its page. Screenshots in test-artifacts/browser/ircc-*.png.
 */
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'browser');
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const NINS = 'NINS';

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function send(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response.status();
}

/** Visible text that looks like an untranslated key, raw JSON or an ISO timestamp. */
const rawText = (page: Page) =>
  page
    .locator('main')
    .innerText()
    .then(
      (text) =>
        text.match(/\b[a-z]+(?:\.[a-zA-Z]+){1,3}\b(?![^\s]*@)|\{"|\[object Object\]|undefined|NaN|\d{4}-\d\d-\d\dT/g) ??
        [],
    );

describe('IRCC research units and workshop requests in the console', () => {
  let app: TestApp;
  let browser: Browser;
  let w: ProgramWorld;
  let PARTNER: string;
  let unitId = '';
  const tabs: Tab[] = [];
  const shots = screenshotsAfterEach();
  const nins = (role: Parameters<ProgramWorld['who']>[1]) => w.who(NINS, role);

  async function as(person: Person, locale: 'en' | 'ja' = 'en'): Promise<Tab> {
    await app.dataSource.query(`UPDATE users SET locale = $2 WHERE id = $1`, [person.userId, locale]);
    const tab = await newPage(browser, app);
    tabs.push(tab);
    await signIn(tab.page, person.email);
    return tab;
  }

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    w = await new ProgramWorld(new Factory(app.app), app.url).build([{ country: 'DE', currency: 'EUR' }]);
    [, PARTNER] = w.agencies;
    await w.factory.dataSource.query(
      `INSERT INTO agencies (code, name, country, currency) VALUES ('NINS', 'National Institutes of Natural Sciences', 'JP', 'JPY') ON CONFLICT (code) DO NOTHING`,
    );
    w.people[NINS] = {};
    for (const role of ROLES.filter((r) => r !== 'administrator')) {
      w.people[NINS][role] = await w.factory.person(role, NINS);
      await withPassword(app, w.people[NINS][role]);
    }
    const res = await w.api.post(
      '/research-units',
      {
        name: `IRCC unit for exoplanet astronomy ${unique()}`,
        partnerAgency: PARTNER,
        partnerInstitute: 'Max Planck Institute for Astronomy',
        partnerCountry: 'DE',
        headName: 'Hanako Sato',
        headDepartment: 'National Astronomical Observatory of Japan',
        agreement: 'Memorandum on research collaboration, NINS-MPIA',
        agreementSignedOn: '2027-04-01',
        overseasBranch: 'NINS Europe office, Heidelberg',
      },
      nins('program_officer').token,
    );
    expectStatus(res, 201);
    unitId = res.body.id;
    await w.send('research-units', unitId, nins('program_officer'), { type: 'SUBMIT_TO_STEERING_COMMITTEE' });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the unit and shows its page in Japanese, with no board decision offered while the committee deliberates', async () => {
    const tab = await as(nins('board_member'), 'ja');
    await tab.page.goto('/console/units');
    const listed = await tab.page.locator(`#units tr[data-unit="${unitId}"]`).innerText();
    await shot(tab.page, 'ircc-units-ja');
    await tab.page.goto(`/console/units/${unitId}`);
    const facts = await tab.page.locator('dl.facts').innerText();
    const later = await tab.page.locator('#fellow-call-later').innerText();
    const events = await tab.page.locator('button[data-event]').count();
    const raw = await rawText(tab.page);
    await shot(tab.page, 'ircc-unit-steering-ja');

    shots.last(tab.page);
    expect(listed).toContain('運営委員会審議中');
    expect(facts).toContain('海外の連携研究機関');
    expect(facts).toContain('NINS Europe office, Heidelberg');
    expect(later).toContain('役員会がユニットの設置を決定した後');
    expect(events).toBe(0);
    expect(raw).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('has the steering committee conclude and the board establish the unit on its page', async () => {
    await w.send('research-units', unitId, w.who(PARTNER, 'steering_committee_member'), {
      type: 'RECORD_OPINION',
      recommendation: 'approve',
      opinion: 'The agreement covers the fellow.',
    });
    const committee = await as(nins('steering_committee_member'));
    await committee.page.goto(`/console/units/${unitId}`);
    const conclude = committee.page.locator('form[data-event="CONCLUDE_DELIBERATION"]');
    await conclude.locator('input[value="approve"]').check();
    expect(await send(committee.page, conclude.locator('button[type=submit]'))).toBe(303);
    const board = await as(nins('board_member'));
    await board.page.goto(`/console/units/${unitId}`);
    await shot(board.page, 'ircc-unit-board-en');
    const establish = board.page.locator('form[data-event="BOARD_ESTABLISH"]');
    await establish.locator('input[type=date]').fill(day(0));
    expect(await send(board.page, establish.locator('button[type=submit]'))).toBe(303);
    const badge = await board.page.locator('.state').first().innerText();
    const flash = await board.page.locator('.flash').first().innerText();
    await shot(board.page, 'ircc-unit-established-en');

    shots.last(board.page);
    expect(badge).toBe('Established');
    expect(flash).toContain('Board: establish the unit');
    expect(committee.errors).toEqual([]);
    expect(board.errors).toEqual([]);
  });

  it("raises the fellow call from the established unit: an empty date is named beside its field, then the call's page", async () => {
    const tab = await as(nins('program_officer'));
    await tab.page.goto(`/console/units/${unitId}`);
    const form = tab.page.locator('#fellow-call-form');
    await form.locator('#fellow-call-opensAt').fill(day(1));
    await form.locator('#fellow-call-durationMaxMonths').fill('72');
    // The deadline left empty: the browser would stop it, so the form is sent without its check.
    await form.evaluate((f) => f.setAttribute('novalidate', ''));
    expect(await send(tab.page, form.locator('#raise-fellow-call'))).toBe(400);
    const error = await tab.page.locator('#fellow-call-submissionDeadline-error').innerText();
    const kept = await tab.page.locator('#fellow-call-durationMaxMonths').inputValue();
    await shot(tab.page, 'ircc-fellow-call-refused-en');
    await tab.page.locator('#fellow-call-submissionDeadline').fill(day(40));
    await Promise.all([
      tab.page.waitForURL(/\/console\/calls\/[0-9a-f-]{36}$/),
      tab.page.locator('#raise-fellow-call').click(),
    ]);
    const callPage = await tab.page.locator('main').innerText();
    await shot(tab.page, 'ircc-fellow-call-en');
    await tab.page.goto(`/console/units/${unitId}`);
    const calls = await tab.page.locator('#fellow-calls tbody tr').count();
    const raw = await rawText(tab.page);
    await shot(tab.page, 'ircc-unit-with-call-en');

    shots.last(tab.page);
    expect(error).toBeTruthy();
    expect(kept).toBe('72');
    expect(callPage).toContain('Open call for the research fellow');
    expect(calls).toBe(1);
    expect(raw).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it("lists an intake's workshop requests and has the center approve one on its page (Japanese)", async () => {
    const created = await w.api.post(
      '/calls',
      {
        program: 'ircc-workshop-support',
        title: `Institutional project ${unique()}: workshops`,
        agencies: [{ code: NINS, role: 'lead' }],
        opensAt: at(-1),
        submissionDeadline: at(365),
        durationMaxMonths: 3,
      },
      nins('program_officer').token,
    );
    expectStatus(created, 201);
    const intake = created.body.id as string;
    await w.approve(intake, NINS, { cap: 3_000_000, envelope: 20_000_000 });
    await w.send('calls', intake, nins('program_officer'), { type: 'OPEN' });
    const ids: string[] = [];
    for (const n of [1, 2]) {
      const organiser = await w.factory.person('applicant', NINS);
      const res = await w.api.post(
        '/proposals',
        {
          callId: intake,
          title: `Workshop ${n} on exoplanet atmospheres`,
          abstract: 'A two-day research workshop.',
          durationMonths: 1,
          parties: [
            { agency: NINS, piName: `Organiser ${n}`, institution: 'NAOJ', country: 'JP', budgetPerYear: [1_000_000] },
          ],
        },
        organiser.token,
      );
      expectStatus(res, 201);
      await w.send('proposals', res.body.id, organiser, { type: 'SUBMIT' });
      ids.push(res.body.id);
    }
    const tab = await as(nins('program_director'), 'ja');
    await tab.page.goto(`/console/calls/${intake}`);
    const listed = await tab.page.locator('main').innerText();
    await shot(tab.page, 'ircc-workshop-intake-ja');
    await tab.page.goto(`/console/proposals/${ids[0]}`);
    const approve = tab.page.locator('form[data-event="APPROVE_REQUEST"]');
    expect(await send(tab.page, approve.locator('button[type=submit]'))).toBe(303);
    const badge = await tab.page.locator('.state').first().innerText();
    const raw = await rawText(tab.page);
    await shot(tab.page, 'ircc-workshop-approved-ja');

    shots.last(tab.page);
    expect(listed).toContain('Workshop 1 on exoplanet atmospheres');
    expect(listed).toContain('Workshop 2 on exoplanet atmospheres');
    expect(badge).not.toBe('');
    expect(raw).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});
