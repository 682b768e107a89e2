import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page (as the accessibility suite checks every page). */
async function seriousAxeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null }[] }> };
      }
    ).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);

/**
 * Documents and the history of changes in the console: the applicant uploads on the proposal page,
 * a refused file is told, amendments while information is requested appear on the history page
 * in words, and the assigned reviewer's page links the documents.
 */
describe('documents and history of changes, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let applicant: Person;
  let po: Person;
  let proposalId: string;
  const shots = screenshotsAfterEach();

  const api = (method: 'get' | 'post' | 'patch', path: string, person: Person, body?: object) => {
    const r = request(app.url)[method](`/api/v1${path}`).set('Authorization', `Bearer ${person.token}`);
    return body ? r.send(body) : r;
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    applicant = await withPassword(app, world.people[world.lead].applicant);
    po = world.people[world.lead].program_officer;
    await app.dataSource.query(
      `UPDATE programs SET rules = jsonb_set(rules, '{proposals}', '{"routing":"all","minParties":null,"requiredDocuments":["research-plan","cv"]}') WHERE code = $1`,
      [world.program],
    );
    await factory.send(
      'call',
      world.callId,
      {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      },
      po.actor,
    );
    proposalId = await factory.proposal(world, {
      title: 'Landslide early warning',
      abstract: 'Dense seismic arrays warn of landslides after heavy rain.',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lets the applicant upload the required documents on the proposal page, and tells a refused file', async () => {
    const tab = await newPage(browser, app);
    shots.last(tab.page);
    await signIn(tab.page, applicant.email);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const missingBefore = await tab.page.locator('#documents-missing').textContent();

    await tab.page.locator('#document-type').selectOption('cv');
    await tab.page.locator('#document-file').setInputFiles({
      name: 'cv.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html>not a pdf</html>'),
    });
    await tab.page.locator('#document-upload button[type=submit]').click();
    await tab.page.waitForLoadState('load');
    const refused = await tab.page.locator('.flash-error[role=alert]').first().textContent();

    for (const [type, name] of [
      ['research-plan', 'Research plan.pdf'],
      ['cv', 'Hanako Sato CV.pdf'],
    ]) {
      await tab.page.locator('#document-type').selectOption(type);
      await tab.page.locator('#document-file').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(name) });
      await tab.page.locator('#document-upload button[type=submit]').click();
      await tab.page.waitForLoadState('load');
    }
    const flash = await tab.page.locator('.flash-ok').textContent();
    const rows = await tab.page
      .locator('#documents-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-type'), tr.getAttribute('data-version')]));
    const missingAfter = await tab.page.locator('#documents-missing').count();
    const proposalPageFindings = await seriousAxeFindings(tab.page);

    expect(missingBefore).toBe('Still missing before submission: Research plan, CV.');
    expect(refused).toMatch(/^The document was not uploaded: a cv document is PDF/);
    expect(flash).toBe('CV uploaded as version 1 (Hanako Sato CV.pdf).');
    expect(rows).toEqual([
      ['cv', '1'],
      ['research-plan', '1'],
    ]);
    expect(missingAfter).toBe(0);
    expect(proposalPageFindings).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('shows the amendments made while information was requested on the history page, in words', async () => {
    await api('post', `/proposals/${proposalId}/events`, applicant, { type: 'SUBMIT' }).expect(200);
    for (const type of ['CLOSE', 'START_REVIEW']) await factory.send('call', world.callId, { type }, po.actor);
    await api('post', `/proposals/${proposalId}/events`, po, { type: 'START_ELIGIBILITY_CHECK' }).expect(200);
    await api('post', `/proposals/${proposalId}/events`, po, {
      type: 'REQUEST_INFORMATION',
      message: 'Please describe the sensor network.',
    }).expect(200);

    const tab = await newPage(browser, app);
    shots.last(tab.page);
    await signIn(tab.page, applicant.email);
    const { callId: _callId, ...draft } = factory.proposalDto(world);
    await api('patch', `/proposals/${proposalId}`, applicant, {
      ...draft,
      title: 'Landslide early warning network',
      abstract: 'Dense seismic and GNSS arrays warn of landslides after heavy rain.',
    }).expect(200);
    await tab.page.goto(`/console/proposals/${proposalId}`);
    const amendLink = await tab.page.locator('#edit-proposal-link').textContent();
    await tab.page.locator('#document-type').selectOption('research-plan');
    await tab.page
      .locator('#document-file')
      .setInputFiles({ name: 'Research plan v2.pdf', mimeType: 'application/pdf', buffer: pdf('v2') });
    await tab.page.locator('#document-upload button[type=submit]').click();
    await tab.page.waitForLoadState('load');
    await api('post', `/proposals/${proposalId}/events`, applicant, {
      type: 'PROVIDE_INFORMATION',
      response: 'The network is in the new research plan.',
    }).expect(200);
    const uploadFormAfter = async () => {
      await tab.page.goto(`/console/proposals/${proposalId}`);
      return tab.page.locator('#document-upload').count();
    };
    const formsAfter = await uploadFormAfter();

    await tab.page.locator('#revisions-link').click();
    await tab.page.waitForLoadState('load');
    const headings = await tab.page
      .locator('section.revision h2')
      .evaluateAll((hs) => hs.map((h) => h.firstChild?.textContent?.trim()));
    const latest = await tab.page.locator('#revision-4').innerText();
    const edit = await tab.page.locator('#revision-3').innerText();
    const inserted = await tab.page.locator('#revision-3 ins').allTextContents();
    const historyFindings = await seriousAxeFindings(tab.page);

    expect(amendLink).toBe('Amend the proposal');
    expect(formsAfter).toBe(0);
    expect(headings).toEqual(['Revision 4', 'Revision 3', 'Revision 2', 'Revision 1', 'Revision 0']);
    expect(latest).toContain('Amendment made while more information was requested');
    expect(latest).toContain('Answered the information request');
    expect(latest).toContain('Research plan replaced by version 2 (Research plan v2.pdf); version 1 is kept.');
    expect(edit).toContain('The title changed from “Landslide early warning” to “Landslide early warning network”:');
    expect(inserted).toEqual(['network', 'and GNSS']);
    expect(historyFindings).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it("links the documents on the assigned reviewer's page, and they download", async () => {
    await api('post', `/proposals/${proposalId}/events`, po, { type: 'RULE_ELIGIBILITY', eligible: true }).expect(200);
    await api('post', `/proposals/${proposalId}/events`, world.people[world.counterpart].program_officer, {
      type: 'RULE_ELIGIBILITY',
      eligible: true,
    }).expect(200);
    const reviewer = await factory.reviewer(world.lead, { institution: 'Kyoto Review Institute' });
    await withPassword(app, reviewer);
    const invited = await api('post', '/assignments', po, { proposalId, reviewerId: reviewer.reviewerId }).expect(201);
    await api('post', `/assignments/${invited.body.id}/events`, reviewer, {
      type: 'ACCEPT',
      declaresNoConflict: true,
    }).expect(200);

    const tab = await newPage(browser, app);
    shots.last(tab.page);
    await signIn(tab.page, reviewer.email);
    await tab.page.goto(`/console/reviews/${invited.body.id}`);
    const links = await tab.page.locator('#proposal-documents a').allTextContents();
    const href = await tab.page.locator('#proposal-documents a').first().getAttribute('href');
    const download = await tab.context.request.get(href as string);

    expect(links).toEqual(['CV: Hanako Sato CV.pdf', 'Research plan: Research plan v2.pdf']);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="Hanako Sato CV.pdf"/);
    expect((await download.body()).equals(pdf('Hanako Sato CV.pdf'))).toBe(true);
    expect(tab.errors).toEqual([]);
  });
});
