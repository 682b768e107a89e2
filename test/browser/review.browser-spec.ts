import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';

type PoolMember = Person & { reviewerId: string };
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

describe('joint review pages, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let leadPo: Person;
  let counterpartPo: Person;
  let admin: Person;
  const shots = screenshotsAfterEach();
  const day = 86_400_000;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    leadPo = await withPassword(app, world.people[world.lead].program_officer);
    counterpartPo = world.people[world.counterpart].program_officer;
    admin = await withPassword(app, world.admin);
    await factory.send(
      'call',
      world.callId,
      { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: new Date(Date.now() + 21 * day).toISOString() },
      leadPo.actor,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A submitted proposal both agencies found eligible: under review. */
  async function underReview(title: string): Promise<string> {
    const id = await factory.proposal(world, { title }, { submit: true });
    await factory.send('proposal', id, { type: 'START_ELIGIBILITY_CHECK' }, leadPo.actor);
    await factory.send('proposal', id, { type: 'RULE_ELIGIBILITY', eligible: true }, leadPo.actor);
    await factory.send('proposal', id, { type: 'RULE_ELIGIBILITY', eligible: true }, counterpartPo.actor);
    return id;
  }

  const allowedForAssignment = async (id: string, person: Person) =>
    (
      (
        await request(app.url)
          .get(`/api/v1/assignments/${id}`)
          .set('Authorization', `Bearer ${person.token}`)
          .expect(200)
      ).body.allowedEvents as string[]
    ).sort();
  const offered = async (page: Page) =>
    (await page.locator('button[data-event]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-event')))).sort();
  /** An assignment count of the dashboard's reviews panel (0 when the state has none). */
  const reviewCount = async (page: Page, state: string): Promise<number> => {
    const cell = page.locator(`[data-panel="reviews"] td[data-assignment-state="${state}"]`);
    return (await cell.count()) ? Number(await cell.textContent()) : 0;
  };
  /** Waits, without reloading, until the live dashboard shows at least `n` assignments in `state`. */
  async function dashboardShows(page: Page, state: string, n: number): Promise<number> {
    for (let i = 0; i < 100; i++) {
      const now = await reviewCount(page, state);
      if (now >= n) return now;
      await page.waitForTimeout(200);
    }
    throw new Error(`the dashboard never showed ${n} ${state} assignment(s)`);
  }

  it('takes a proposal through assignment, review and the agency review while the dashboard follows', async () => {
    const proposalId = await underReview('Glacier lake outburst warning');
    const reviewer = await withPassword(
      app,
      await factory.reviewer(world.lead, {
        institution: 'Kyoto University',
        expertise: ['seismology'],
        name: 'Aiko Mori',
      }),
    );

    const dashboard = await newPage(browser, app);
    await signIn(dashboard.page, admin.email);
    await dashboard.page.waitForURL(/\/console\/dashboard/);
    await dashboard.page.evaluate('window.__sameDocument = true');
    await dashboard.page.locator('#dashboard-live').waitFor();
    const updatesBefore = Number(await dashboard.page.locator('#dashboard-live').getAttribute('data-updates'));
    // The panel counts every assignment of the service (other suites may run alongside): it must grow by this test's.
    const before = {
      invited: await reviewCount(dashboard.page, 'invited'),
      submitted: await reviewCount(dashboard.page, 'submitted'),
    };

    // The PO checks the proposed automatic assignment and confirms it in one action.
    const po = await newPage(browser, app);
    await signIn(po.page, leadPo.email);
    await po.page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Review management' })
      .click();
    await po.page
      .getByRole('link', {
        name: (
          await request(app.url).get(`/api/v1/calls/${world.callId}`).set('Authorization', `Bearer ${leadPo.token}`)
        ).body.title,
      })
      .click();
    const proposed = po.page.locator(`section[data-agency="${world.lead}"]`);
    const proposedRows = await proposed
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent?.trim())));
    await Promise.all([
      po.page.waitForURL(/\/review$/),
      proposed.getByRole('button', { name: /Confirm the 1 assignment/ }).click(),
    ]);
    const confirmedFlash = await po.page.getByRole('status').first().textContent();
    const [assignment] = (
      await request(app.url)
        .get(`/api/v1/assignments?proposalId=${proposalId}`)
        .set('Authorization', `Bearer ${leadPo.token}`)
        .expect(200)
    ).body.items;
    await dashboardShows(dashboard.page, 'invited', before.invited + 1);

    // The reviewer finds it in the inbox, accepts with the conflict declaration, fills and submits the review.
    const rev = await newPage(browser, app);
    await signIn(rev.page, reviewer.email);
    await rev.page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'My reviews' })
      .click();
    const inbox = await rev.page
      .locator('#inbox tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    await rev.page.getByRole('link', { name: 'Glacier lake outburst warning' }).click();
    const invitedOffers = {
      offered: await offered(rev.page),
      allowed: await allowedForAssignment(assignment.id, reviewer),
    };
    await rev.page.getByLabel(/I declare that I have no conflict of interest/).check();
    await Promise.all([
      rev.page.waitForURL(/\/console\/reviews\//),
      rev.page.locator('button[data-event="ACCEPT"]').click(),
    ]);
    await rev.page.waitForLoadState('load');
    const acceptedOffers = {
      offered: await offered(rev.page),
      allowed: await allowedForAssignment(assignment.id, reviewer),
    };
    // Scores are choices on the call's scale (1–5), one group per criterion.
    const criterion = (name: RegExp) => rev.page.getByRole('group', { name });
    const choices = await criterion(/Scientific excellence/)
      .getByRole('radio')
      .evaluateAll((rs) => rs.map((r) => (r as unknown as { value: string }).value));
    const scoreBoxes = await rev.page
      .locator('#review-form input[type="number"], #review-form input[type="text"]')
      .count();
    await criterion(/Scientific excellence/)
      .getByLabel('4', { exact: true })
      .check();
    await criterion(/Added value of the international collaboration/)
      .getByLabel('5', { exact: true })
      .check();
    const partialTotal = await rev.page.locator('#weighted-total').textContent();
    await criterion(/Feasibility of the plan/)
      .getByLabel('3', { exact: true })
      .check();
    const fullTotal = await rev.page.locator('#weighted-total').textContent();
    // Writing the review is the main step: "Save draft" is the primary button, declaring a conflict a secondary one.
    const buttonClasses = {
      draft: await rev.page.locator('button[data-event="SAVE_DRAFT"]').getAttribute('class'),
      conflict: await rev.page.locator('button[data-event="DECLARE_CONFLICT"]').getAttribute('class'),
    };
    await rev.page
      .getByLabel('Comments to the applicants')
      .fill('Convincing joint design; the partners complement each other.');
    await rev.page.getByLabel('Fund', { exact: true }).check();
    await Promise.all([
      rev.page.waitForURL(/\/console\/reviews\//),
      rev.page.locator('button[data-event="SAVE_DRAFT"]').click(),
    ]);
    await rev.page.waitForLoadState('load');
    const draftKept = await criterion(/Feasibility of the plan/)
      .locator('input:checked')
      .evaluate((r) => (r as unknown as { value: string }).value);
    // The engine offers SUBMIT_REVIEW once the saved draft is complete; the page offers what the engine does.
    const draftOffers = {
      offered: await offered(rev.page),
      allowed: await allowedForAssignment(assignment.id, reviewer),
    };
    await Promise.all([
      rev.page.waitForURL(/\/console\/reviews\//),
      rev.page.locator('button[data-event="SUBMIT_REVIEW"]').click(),
    ]);
    await rev.page.waitForLoadState('load');
    const afterSubmit = {
      state: await rev.page.locator('#assignment-state [data-state]').getAttribute('data-state'),
      form: await rev.page.locator('#review-form').count(),
      submitted: await rev.page.locator('article.review.own').getAttribute('data-submitted'),
      text: (await rev.page.locator('article.review.own').textContent())?.replace(/\s+/g, ' '),
    };
    await dashboardShows(dashboard.page, 'submitted', before.submitted + 1);

    // The PO completes the agency review on the proposal page, the submitted review beside the form.
    await po.page.goto(`/console/proposals/${proposalId}`);
    const reviewsShownToPo = await po.page.locator('article.review').count();
    const form = po.page.locator('form[data-event="COMPLETE_AGENCY_REVIEW"]');
    // The form suggests the mean of the agency's submitted reviews and offers the call's recommendation scale.
    const suggestedScore = await form.getByLabel(/Consensus score/).inputValue();
    await form.getByLabel(/Consensus score/).fill('4');
    await form.getByLabel('Fund', { exact: true }).check();
    await form.getByLabel(/Summary/).fill('One strong review; we support funding.');
    await Promise.all([
      po.page.waitForURL(/\/console\/proposals\//),
      form.locator('button[data-event="COMPLETE_AGENCY_REVIEW"]').click(),
    ]);
    await po.page.waitForLoadState('load');
    const completed = await po.page.locator('#progress-title + dl').textContent();
    await po.page.locator('#panel-link').click();
    const ownAssessment = (
      await po.page.locator(`article.assessment[data-agency="${world.lead}"]`).textContent()
    )?.replace(/\s+/g, ' ');
    const otherAssessment = await po.page
      .locator(`article.assessment[data-agency="${world.counterpart}"]`)
      .textContent();
    await po.page.screenshot({
      path: 'test-artifacts/browser/joint-review-pages-panel-page-after-the-agency-review.png',
      fullPage: true,
    });
    // Before the ranking nothing is proposed: each envelope is a bar with all of it remaining.
    await po.page.goto(`/console/calls/${world.callId}`);
    await po.page.locator('#selection-link').click();
    const bars = await po.page
      .locator('figure.budget')
      .evaluateAll((figs) =>
        figs.map((f) => [
          f.getAttribute('data-agency'),
          f.querySelector('[data-budget="used"]')?.textContent,
          f.querySelector('svg')?.getAttribute('aria-label'),
        ]),
      );

    shots.last(dashboard.page);
    expect(proposedRows).toEqual([['Glacier lake outburst warning', 'Aiko Mori', 'Kyoto University', '1']]);
    expect(confirmedFlash).toContain(`1 reviewer of ${world.lead} invited.`);
    expect(inbox).toEqual(['invited']);
    expect(invitedOffers).toEqual({ offered: ['ACCEPT', 'DECLINE'], allowed: ['ACCEPT', 'DECLINE'] });
    expect(acceptedOffers.offered).toEqual(acceptedOffers.allowed);
    expect(acceptedOffers.offered).not.toContain('SUBMIT_REVIEW');
    expect(draftOffers.offered).toEqual(draftOffers.allowed);
    expect(draftOffers.offered).toContain('SUBMIT_REVIEW');
    expect(choices).toEqual(['1', '2', '3', '4', '5', '']);
    expect(scoreBoxes).toBe(0);
    // No weighted total until every criterion is scored.
    expect(partialTotal).toBe('incomplete: 2 of 3 scored');
    expect(fullTotal).toBe('4');
    expect(buttonClasses.draft ?? '').not.toContain('secondary');
    expect(buttonClasses.conflict).toContain('secondary');
    expect(draftKept).toBe('3');
    expect(afterSubmit).toMatchObject({ state: 'submitted', form: 0, submitted: 'true' });
    expect(afterSubmit.text).toContain('Convincing joint design');
    expect(reviewsShownToPo).toBe(1);
    expect(suggestedScore).toBe('4');
    expect(completed).toContain(`${world.lead}: ✔`);
    expect(ownAssessment).toContain('One strong review; we support funding.');
    expect(otherAssessment).toContain('Not completed yet.');
    expect(bars.map(([agency]) => agency).sort()).toEqual([world.lead, world.counterpart].sort());
    expect(bars.find(([agency]) => agency === world.lead)?.[2]).toMatch(/remaining of/);
    expect(await reviewCount(dashboard.page, 'submitted')).toBeGreaterThanOrEqual(before.submitted + 1);
    expect(await dashboard.page.evaluate('window.__sameDocument')).toBe(true);
    expect(Number(await dashboard.page.locator('#dashboard-live').getAttribute('data-updates'))).toBeGreaterThan(
      updatesBefore,
    );
    for (const tab of [dashboard, po, rev]) expect(tab.errors).toEqual([]);
  });

  it('answers 404 for the proposal to a reviewer who declared a conflict of interest, and lets a reviewer decline with a reason', async () => {
    const proposalId = await underReview('Coastal erosion sensing');
    const reviewer = (await withPassword(
      app,
      await factory.reviewer(world.lead, { institution: 'Osaka University', name: 'Ken Ito' }),
    )) as PoolMember;
    const other = (await withPassword(
      app,
      await factory.reviewer(world.lead, { institution: 'Nagoya University', name: 'Emi Sato' }),
    )) as PoolMember;
    const invite = async (r: { reviewerId: string }) =>
      (
        await request(app.url)
          .post('/api/v1/assignments')
          .set('Authorization', `Bearer ${leadPo.token}`)
          .send({ proposalId, reviewerId: r.reviewerId })
          .expect(201)
      ).body.id as string;
    const first = await invite(reviewer);
    const second = await invite(other);
    await request(app.url)
      .post(`/api/v1/assignments/${first}/events`)
      .set('Authorization', `Bearer ${reviewer.token}`)
      .send({ type: 'ACCEPT', declaresNoConflict: true })
      .expect(200);
    const tab = await newPage(browser, app);
    await signIn(tab.page, reviewer.email);
    const whileAccepted = (await tab.page.goto(`/console/proposals/${proposalId}`))?.status();
    await tab.page.goto(`/console/reviews/${first}`);
    const declare = tab.page.locator('form[data-event="DECLARE_CONFLICT"]');
    if (await declare.getByRole('textbox').count())
      await declare.getByRole('textbox').first().fill('My former student is the lead PI.');
    await Promise.all([
      tab.page.waitForURL(/\/console\/reviews\//),
      declare.locator('button[data-event="DECLARE_CONFLICT"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const stateAfter = await tab.page.locator('#assignment-state [data-state]').getAttribute('data-state');
    const proposalLinks = await tab.page.locator('#open-proposal').count();
    // Their own assignment page keeps its state and history but names nothing of the proposal.
    const assignmentPage = await tab.page.content();
    await tab.page.screenshot({ path: 'test-artifacts/browser/conflicted-reviewer-assignment.png', fullPage: true });
    const byUrl = await tab.page.goto(`/console/proposals/${proposalId}`);
    const notFoundHeading = await tab.page.getByRole('heading', { level: 1 }).textContent();
    const leaks = (await tab.page.content()).includes('Coastal erosion sensing');

    const declining = await newPage(browser, app);
    await signIn(declining.page, other.email);
    await declining.page.goto(`/console/reviews/${second}`);
    await declining.page.getByLabel('Reason').fill('On leave until next spring.');
    await Promise.all([
      declining.page.waitForURL(/\/console\/reviews\//),
      declining.page.locator('button[data-event="DECLINE"]').click(),
    ]);
    await declining.page.waitForLoadState('load');
    const declined = await declining.page.locator('#assignment-state [data-state]').getAttribute('data-state');

    shots.last(tab.page);
    expect(whileAccepted).toBe(200);
    expect(stateAfter).toBe('conflict_declared');
    expect(proposalLinks).toBe(0);
    expect(assignmentPage).not.toContain('Coastal erosion sensing');
    expect(assignmentPage).not.toContain(proposalId);
    expect(assignmentPage).toContain('Not shown: you have a conflict of interest with this proposal');
    expect(byUrl?.status()).toBe(404);
    expect(notFoundHeading).toBe('Not found');
    expect(leaks).toBe(false);
    expect(declined).toBe('declined');
    expect(tab.errors).toEqual([]);
  });

  it('shows the reviewer pages in Japanese after switching the language', async () => {
    const proposalId = await underReview('Volcanic ash forecasting');
    const reviewer = (await withPassword(
      app,
      await factory.reviewer(world.lead, { institution: 'Hokkaido University' }),
    )) as PoolMember;
    const assignment = (
      await request(app.url)
        .post('/api/v1/assignments')
        .set('Authorization', `Bearer ${leadPo.token}`)
        .send({ proposalId, reviewerId: reviewer.reviewerId })
        .expect(201)
    ).body.id as string;
    const tab = await newPage(browser, app);
    await signIn(tab.page, reviewer.email);

    await tab.page.getByLabel('Language').selectOption('ja');
    await tab.page.getByRole('button', { name: 'Change' }).click();
    await tab.page.waitForLoadState('load');
    await tab.page.goto('/console/reviews');
    const inboxHeading = await tab.page.getByRole('heading', { level: 1 }).textContent();
    const nav = await tab.page
      .getByRole('navigation', { name: 'メインナビゲーション' })
      .getByRole('link')
      .allTextContents();
    const state = await tab.page.locator('#inbox tbody tr [data-state]').textContent();
    await tab.page.goto(`/console/reviews/${assignment}`);
    const buttons = await tab.page.locator('button[data-event]').allTextContents();

    shots.last(tab.page);
    expect(inboxHeading).toBe('担当審査');
    expect(nav).toContain('担当審査');
    expect(state).toBe('依頼中');
    expect(buttons.sort()).toEqual(['受諾', '辞退'].sort());
    expect(tab.errors).toEqual([]);
  });
});
