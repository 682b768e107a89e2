import type { Browser } from 'playwright-core';
import request from 'supertest';
import { Factory, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { startSmtpSink } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker } from '../support/worker.js';

describe('console sign-in, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const sessionCookie = async (tab: { context: { cookies(): Promise<{ name: string }[]> } }) =>
    (await tab.context.cookies()).find((c) => c.name === 'tandem_session');

  it('refuses a wrong password, and answers an unknown address the same way', async () => {
    const person = await withPassword(app, await factory.person('program_officer', world.lead));
    const tab = await newPage(browser, app);
    const { page } = tab;

    await signIn(page, person.email, 'not the password at all');
    const wrongPassword = await page.getByRole('alert').textContent();
    await signIn(page, 'nobody.at.all@test.example', 'not the password at all');
    const unknownAddress = await page.getByRole('alert').textContent();

    shots.last(page);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(wrongPassword).toContain('The e-mail address or the password is wrong');
    expect(unknownAddress).toBe(wrongPassword);
    expect(await sessionCookie(tab)).toBeUndefined();
  });

  it('locks an account after five failures in a row, even against the right password', async () => {
    const person = await withPassword(app, await factory.person('agency_officer', world.lead));
    const tab = await newPage(browser, app);
    const { page } = tab;

    for (let i = 0; i < 5; i++) await signIn(page, person.email, `wrong password ${i}`);
    await signIn(page, person.email, PASSWORD);

    shots.last(page);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await page.getByRole('alert').textContent()).toContain('paused for 15 minutes');
    expect(await sessionCookie(tab)).toBeUndefined();
    const [user] = await app.dataSource.query(`SELECT locked_until > now() AS locked FROM users WHERE id = $1`, [
      person.userId,
    ]);
    expect(user.locked).toBe(true);
  });

  it("signs in to the pages of the viewer's roles, and signs out", async () => {
    const person = await withPassword(app, world.people[world.lead].program_officer);
    const tab = await newPage(browser, app);
    const { page } = tab;

    await signIn(page, person.email);
    const nav = await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allTextContents();
    const cookie = (await tab.context.cookies()).find((c) => c.name === 'tandem_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in/);
    const signedOut = await page.getByRole('status').textContent();
    await page.goto('/console/calls');

    shots.last(page);
    // The start page first ("what needs me"), the IRCC research units, the reviewer pools its roles manage, and bulk operations.
    expect(nav).toEqual([
      'What needs me',
      'Calls',
      'IRCC research units',
      'Review management',
      'Reviewer pools',
      'Bulk operations',
    ]);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/console' });
    expect(signedOut).toContain('You have signed out');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/console/calls');
    expect(await sessionCookie(tab)).toBeUndefined();
    expect(tab.errors).toEqual([]);
  });

  it('follows a link of a received e-mail while signed out, through sign-in, to the page it names', async () => {
    const smtp = await startSmtpSink();
    await settleEarlierEffects(app.dataSource);
    // Links point at this very service, so that they can be followed.
    const worker = await startWorker({ SMTP_URL: smtp.url, PUBLIC_URL: app.url, RELAY_POLL_MS: '100' });
    try {
      const applicant = await withPassword(app, world.people[world.lead].applicant);
      const title = 'Tsunami inundation forecasting';
      const id = await factory.proposal(world, { title }, { submit: true });
      await smtp.waitFor(() => smtp.to(applicant.email).some((m) => m.text.includes(id)), 60_000);
      const mail = smtp.to(applicant.email).find((m) => m.text.includes(id))!;
      const link = mail.text.match(/https?:\/\/\S+/)![0];
      const tab = await newPage(browser, app);
      const { page } = tab;

      await page.goto(link);
      const askedToSignIn = new URL(page.url());
      await page.locator('#email').fill(applicant.email);
      await page.locator('#password').fill(PASSWORD);
      await page.locator('#sign-in-form button[type=submit]').click();
      await page.waitForLoadState('load');

      shots.last(page);
      expect(link).toBe(`${app.url}/console/proposals/${id}`);
      expect(askedToSignIn.pathname).toBe('/console/sign-in');
      expect(askedToSignIn.searchParams.get('next')).toBe(`/console/proposals/${id}`);
      expect(new URL(page.url()).pathname).toBe(`/console/proposals/${id}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(title);
      expect(tab.errors).toEqual([]);
    } finally {
      await worker.close();
      await smtp.close();
    }
  });

  it('refuses a form sent without its CSRF token and changes nothing', async () => {
    const po = await withPassword(app, world.people[world.lead].program_officer);
    const id = await factory.proposal(world, {}, { submit: true });
    const { page } = await newPage(browser, app);
    await signIn(page, po.email);
    await page.goto(`/console/proposals/${id}`);

    await page
      .locator('form[data-event="START_ELIGIBILITY_CHECK"] input[name="_csrf"]')
      .evaluate((input) => input.remove());
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Start the eligibility check' }).click(),
    ]);
    await page.waitForLoadState('load');

    shots.last(page);
    expect(response.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This form has expired');
    const after = await request(app.url).get(`/api/v1/proposals/${id}`).set('Authorization', `Bearer ${po.token}`);
    expect(after.body.state).toBe('submitted');
  });

  it('shows Japanese labels after switching the language, and keeps the choice for the user', async () => {
    const person = await withPassword(app, await factory.person('program_director', world.counterpart));
    // The agency's Japanese name, shown in the header to a Japanese reader.
    await app.dataSource.query(`UPDATE agencies SET name_ja = '相手国研究資金機関' WHERE code = $1`, [
      world.counterpart,
    ]);
    const tab = await newPage(browser, app);
    const { page } = tab;
    await signIn(page, person.email);

    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('button', { name: 'Change' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#who-roles').textContent()).toContain('相手国研究資金機関');
    const afterSwitch = {
      lang: await page.locator('html').getAttribute('lang'),
      heading: await page.getByRole('heading', { level: 1 }).textContent(),
      nav: await page.getByRole('navigation', { name: 'メインナビゲーション' }).getByRole('link').allTextContents(),
      signOut: await page.getByRole('button', { name: 'サインアウト' }).count(),
    };
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.waitForURL(/sign-in/);
    await tab.context.clearCookies();
    await signIn(page, person.email);

    shots.last(page);
    expect(afterSwitch).toEqual({
      lang: 'ja',
      heading: '対応が必要なこと',
      nav: ['対応が必要なこと', '公募', 'IRCC研究ユニット', '審査管理', '審査員プール', '一括操作'],
      signOut: 1,
    });
    const [user] = await app.dataSource.query(`SELECT locale FROM users WHERE id = $1`, [person.userId]);
    expect(user.locale).toBe('ja');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('対応が必要なこと');
    expect(tab.errors).toEqual([]);
  });

  it('is usable on a tablet and from the keyboard: skip link first, nothing wider than the screen', async () => {
    const person = await withPassword(app, world.people[world.counterpart].agency_officer);
    const tab = await newPage(browser, app, { width: 768, height: 1024 });
    const { page } = tab;
    await signIn(page, person.email);
    await page.goto(`/console/calls/${world.callId}`);

    await page.keyboard.press('Tab');
    // Evaluated in the page (strings: the test's TypeScript knows no DOM).
    const firstFocus = await page.evaluate('document.activeElement && document.activeElement.textContent');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    const unlabelled = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !(el.labels && el.labels.length) && !(el.closest('fieldset') && el.closest('fieldset').querySelector('legend'))).length`);

    shots.last(page);
    expect(firstFocus).toBe('Skip to content');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(unlabelled).toBe(0);
    expect(tab.errors).toEqual([]);
  });
});
