import type { Browser } from 'playwright-core';
import { PartiesService } from '../../src/modules/proposals/parties.service.js';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

const DAY = 86_400_000;

/**
 * Signing in lands a reviewer and a program officer on "what needs me": the reviewer's invitation
 * with its due date, opened from there; the PO's reviews to follow up, with Remind, and a proposal
 * short of reviewers, each linked to the page where it is done. A program director finds the
 * conflicts of interest declared by a reviewer of the agency's pool and by the applicants, waiting
 * for a waiver, and waives one from there.
 */
describe('the start page, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let po: Person;
  let reviewer: Person & { reviewerId: string };
  let assignmentId: string;
  let declaring: Person & { reviewerId: string };
  let named: Person & { reviewerId: string };
  const ids: string[] = [];
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    po = await withPassword(app, world.people[world.lead].program_officer);
    const cpPo = world.people[world.counterpart].program_officer;
    await factory.send(
      'call',
      world.callId,
      {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: new Date(Date.now() + 14 * DAY).toISOString(),
      },
      po.actor,
    );
    for (const title of ['Tsunami sensors for small harbours', 'Glacier lake outburst warning']) {
      const id = await factory.proposal(world, { title }, { submit: true });
      ids.push(id);
    }
    // A third whose applicants named a member of the lead agency's pool among their conflicts of interest.
    named = await factory.reviewer(world.lead, { institution: 'Nagoya University', name: 'Kenji Mori' });
    const applicant = world.people[world.lead].applicant;
    const third = await factory.proposal(world, { title: 'Landslide early warning' });
    await app.app
      .get(PartiesService)
      .declareConflict(
        third,
        { name: 'Kenji Mori', institution: 'Nagoya University', type: 'collaborator', note: 'Co-supervised a student' },
        applicant.actor,
      );
    await factory.send('proposal', third, { type: 'SUBMIT' }, applicant.actor);
    ids.push(third);
    await factory.send('call', world.callId, { type: 'CLOSE' }, po.actor);
    await factory.send('call', world.callId, { type: 'START_REVIEW' }, po.actor);
    for (const id of ids) {
      await factory.send('proposal', id, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
      await factory.send('proposal', id, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);
      await factory.send('proposal', id, { type: 'RULE_ELIGIBILITY', eligible: true }, cpPo.actor);
    }
    reviewer = await factory.reviewer(world.lead, { institution: 'Kyoto University', name: 'Aiko Tanaka' });
    await withPassword(app, reviewer);
    assignmentId = (
      await app.app.get(AssignmentsService).create({ proposalId: ids[0], reviewerId: reviewer.reviewerId }, po.actor)
    ).id;
    // Another reviewer of the pool declines the first proposal, declaring a conflict of interest.
    declaring = await factory.reviewer(world.lead, { institution: 'Hokkaido University', name: 'Hiro Sato' });
    const declined = await app.app
      .get(AssignmentsService)
      .create({ proposalId: ids[0], reviewerId: declaring.reviewerId }, po.actor);
    await factory.send(
      'assignment',
      declined.id,
      { type: 'DECLINE', reason: 'I co-authored a paper with its principal investigator.', conflictOfInterest: true },
      declaring.actor,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lands a reviewer on their invitation with its due date, and opens it from there', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, reviewer.email);
    const landed = new URL(tab.page.url()).pathname;
    const item = tab.page.locator(`#my-reviews li[data-assignment="${assignmentId}"]`);
    const text = (await item.textContent()) ?? '';
    const current = await tab.page.locator('.site-nav a[aria-current="page"]').textContent();
    shots.last(tab.page);
    await tab.page.screenshot({ path: 'test-artifacts/browser/start-page-reviewer.png', fullPage: true });
    await Promise.all([tab.page.waitForURL(/\/console\/reviews\//), item.getByRole('link').click()]);

    expect(landed).toBe('/console/home');
    expect(current).toBe('What needs me');
    expect(text).toContain('Accept or decline: Tsunami sensors for small harbours');
    expect(text).toMatch(/14 days left/);
    expect(new URL(tab.page.url()).pathname).toBe(`/console/reviews/${assignmentId}`);
    expect(tab.errors).toEqual([]);
  });

  it('lands a program officer on the reviews to follow up, reminds a reviewer, and sees the proposal short of reviewers', async () => {
    const tab = await newPage(browser, app);
    await signIn(tab.page, po.email);
    const landed = new URL(tab.page.url()).pathname;
    const follow = tab.page.locator('[data-worklist="review-follow-up"]');
    const short = await follow.locator(`li[data-proposal="${ids[1]}"]`).textContent();
    const row = follow.locator(`tr[data-assignment="${assignmentId}"]`);
    const rowText = await row.textContent();
    await tab.page.screenshot({ path: 'test-artifacts/browser/start-page-program-officer.png', fullPage: true });
    await Promise.all([tab.page.waitForURL(/\/console\/home$/), row.getByRole('button', { name: 'Remind' }).click()]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    shots.last(tab.page);

    expect(landed).toBe('/console/home');
    expect(short).toContain('Glacier lake outburst warning');
    expect(short).toContain(`${world.lead} has 0 of 1 reviewers`);
    expect(rowText).toContain('Aiko Tanaka');
    expect(rowText).toContain('Tsunami sensors for small harbours');
    expect(rowText).toMatch(/14 days left/);
    expect(flash).toContain('Reminder sent to the reviewer.');
    expect(tab.errors).toEqual([]);
  });

  it('lands a program director on the declared conflicts waiting for a waiver, and waives one from there', async () => {
    const pd = await withPassword(app, world.people[world.lead].program_director);
    const tab = await newPage(browser, app);
    await signIn(tab.page, pd.email);
    const section = tab.page.locator('[data-worklist="conflicts"]');
    const items = await section
      .locator('li[data-event="WAIVE_CONFLICT"]')
      .evaluateAll((lis) =>
        lis.map((li) => [
          li.getAttribute('data-proposal'),
          li.getAttribute('data-reviewer'),
          li.getAttribute('data-source'),
        ]),
      );
    const byReviewer = await section.locator(`li[data-reviewer="${declaring.userId}"]`).textContent();
    const byApplicants = await section.locator(`li[data-reviewer="${named.userId}"]`).textContent();
    await tab.page.screenshot({ path: 'test-artifacts/browser/start-page-program-director.png', fullPage: true });
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\//),
      section.locator(`li[data-reviewer="${declaring.userId}"] a`).first().click(),
    ]);
    const opened = new URL(tab.page.url()).pathname;
    const form = tab.page.locator('form[data-event="WAIVE_CONFLICT"]');
    const choices = await form.locator('select[name="reviewerUserId"] option').allTextContents();
    await form.locator('select[name="reviewerUserId"]').selectOption(declaring.userId);
    await form
      .locator('textarea[name="justification"], input[name="justification"]')
      .fill('A joint paper ten years ago; no collaboration since.');
    await tab.page.screenshot({ path: 'test-artifacts/browser/waive-conflict-form.png', fullPage: true });
    await Promise.all([
      tab.page.waitForURL(/\/console\/proposals\/[^/]+$/),
      form.locator('button[data-event="WAIVE_CONFLICT"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    await tab.page.goto('/console/home');
    const left = await tab.page
      .locator('[data-worklist="conflicts"] li[data-event="WAIVE_CONFLICT"]')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-reviewer')));
    shots.last(tab.page);
    const waivers: { user_id: string; kind: string }[] = await app.dataSource.query(
      `SELECT user_id, kind FROM conflict_waivers WHERE proposal_id = $1`,
      [ids[0]],
    );

    expect(items).toEqual(
      expect.arrayContaining([
        [ids[0], declaring.userId, 'reviewer'],
        [ids[2], named.userId, 'applicants'],
      ]),
    );
    expect(items).toHaveLength(2);
    expect(byReviewer).toContain(
      `Hiro Sato (${world.lead}) declared a conflict with Tsunami sensors for small harbours`,
    );
    expect(byReviewer).toContain('I co-authored a paper with its principal investigator.');
    expect(byApplicants).toContain(`The applicants of Landslide early warning named Kenji Mori (${world.lead})`);
    expect(byApplicants).toContain('Collaborator · “Co-supervised a student”');
    expect(opened).toBe(`/console/proposals/${ids[0]}`);
    expect(choices).toEqual(['Choose…', `Hiro Sato (${world.lead}): Declared`]);
    expect(flash).toContain('Waive a conflict of interest');
    expect(waivers).toEqual([{ user_id: declaring.userId, kind: 'declared' }]);
    expect(left).toEqual([named.userId]);
    expect(tab.errors).toEqual([]);
  });
});
