import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';

describe('proposal pages, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let leadPo: Person;
  let counterpartPo: Person;
  const shots = screenshotsAfterEach();

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    leadPo = await withPassword(app, world.people[world.lead].program_officer);
    counterpartPo = await withPassword(app, world.people[world.counterpart].program_officer);
    // One review per agency is enough here; the review is due in three weeks.
    await factory.send(
      'call',
      world.callId,
      {
        type: 'CONFIGURE_REVIEW',
        minReviewersPerAgency: 1,
        reviewDue: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      },
      leadPo.actor,
    );
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** The events the page offers, as its forms name them. */
  const offered = async (page: Page) =>
    (
      await page
        .locator('form.event-form button[data-event]')
        .evaluateAll((bs) => bs.map((b) => b.getAttribute('data-event')))
    ).sort();
  /** What the API says this user may send now. */
  const allowed = async (id: string, person: Person) =>
    (
      (await request(app.url).get(`/api/v1/proposals/${id}`).set('Authorization', `Bearer ${person.token}`).expect(200))
        .body.allowedEvents as string[]
    ).sort();
  const state = (page: Page) => page.locator('#proposal-state [data-state]').getAttribute('data-state');

  /** A reviewer of the lead agency's pool is invited, accepts and submits a complete review (through the API). */
  async function reviewedByLead(id: string) {
    const reviewer = await factory.reviewer(world.lead, { institution: `Kyoto Institute ${Date.now()}` });
    const invited = await request(app.url)
      .post('/api/v1/assignments')
      .set('Authorization', `Bearer ${leadPo.token}`)
      .send({ proposalId: id, reviewerId: reviewer.reviewerId })
      .expect(201);
    const event = (body: Record<string, unknown>) =>
      request(app.url)
        .post(`/api/v1/assignments/${invited.body.id}/events`)
        .set('Authorization', `Bearer ${reviewer.token}`)
        .send(body)
        .expect(200);
    await event({ type: 'ACCEPT', declaresNoConflict: true });
    await event({
      type: 'SUBMIT_REVIEW',
      scores: { excellence: 4, collaboration: 5, feasibility: 4 },
      recommendation: 'fund',
      commentsToApplicants: 'A well-argued joint design.',
    });
  }

  /** Sends the event of one form and waits for the page it leads to. */
  async function send(
    page: Page,
    event: string,
    fill: (form: ReturnType<Page['locator']>) => Promise<void> = async () => {},
  ) {
    const form = page.locator(`form[data-event="${event}"]`);
    await fill(form);
    await Promise.all([
      page.waitForURL(/\/console\/proposals\//),
      form.locator(`button[data-event="${event}"]`).click(),
    ]);
    await page.waitForLoadState('load');
  }

  it('lets officers step a proposal through eligibility into review, offering exactly the events the API allows', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const lead = await newPage(browser, app);
    const counterpart = await newPage(browser, app);
    await signIn(lead.page, leadPo.email);
    await signIn(counterpart.page, counterpartPo.email);
    await lead.page.goto(`/console/proposals/${id}`);
    const steps: { state: string | null; offered: string[]; allowed: string[] }[] = [];
    const record = async (page: Page, person: Person) =>
      steps.push({ state: await state(page), offered: await offered(page), allowed: await allowed(id, person) });

    await record(lead.page, leadPo);
    await send(lead.page, 'START_ELIGIBILITY_CHECK');
    const flash = await lead.page.getByRole('status').first().textContent();
    await record(lead.page, leadPo);
    await send(lead.page, 'RULE_ELIGIBILITY', (form) => form.getByLabel('Yes').check());
    await record(lead.page, leadPo);
    await counterpart.page.goto(`/console/proposals/${id}`);
    await send(counterpart.page, 'RULE_ELIGIBILITY', (form) => form.getByLabel('Yes').check());
    await record(counterpart.page, counterpartPo);
    await lead.page.reload();
    await record(lead.page, leadPo);
    await reviewedByLead(id);
    await lead.page.reload();
    await record(lead.page, leadPo);
    await send(lead.page, 'COMPLETE_AGENCY_REVIEW', async (form) => {
      await form.getByLabel(/Consensus score/).fill('4.3');
      await form.getByLabel('Fund', { exact: true }).check();
      await form.getByLabel(/Summary/).fill('Strong joint design; budget fits.');
    });
    await record(lead.page, leadPo);
    const timelineEvents = await lead.page
      .locator('ol.timeline > li')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event')));
    const timelineText = (await lead.page.locator('ol.timeline').textContent())?.replace(/\s+/g, ' ') ?? '';
    const chain = await lead.page.locator('[data-chain]').getAttribute('data-chain');
    const progress = await lead.page.locator('#progress-title + dl').textContent();
    const assessment = await lead.page.locator('ol.timeline li[data-event="COMPLETE_AGENCY_REVIEW"]').textContent();
    // Everyone sees where the proposal stands in a few stages; the full machine is for administrators.
    const stage = await lead.page.locator('#stage-bar li[aria-current="step"]').getAttribute('data-stage');
    const done = await lead.page
      .locator('#stage-bar li.done')
      .evaluateAll((li) => li.map((l) => l.getAttribute('data-stage')));
    const diagrams = await lead.page.locator('iframe.diagram-frame').count();
    const budgetHead = await lead.page
      .locator('#budgets thead th')
      .evaluateAll((th) => th.map((h) => h.textContent?.trim()));
    const budgetTotal = await lead.page.locator(`#budgets tr[data-agency="${world.lead}"] [data-total]`).textContent();

    shots.last(lead.page);
    expect(flash).toBe('Start the eligibility check sent: Submitted → Eligibility check.');
    for (const step of steps) expect(step.offered).toEqual(step.allowed);
    expect(steps.map((s) => [s.state, s.offered])).toEqual([
      ['submitted', ['START_ELIGIBILITY_CHECK']],
      ['eligibility_check', ['REQUEST_INFORMATION', 'RULE_ELIGIBILITY']],
      ['eligibility_check', ['REQUEST_INFORMATION']],
      // The agency review cannot be completed before the call's minimum of submitted reviews.
      ['under_review', ['REQUEST_INFORMATION']],
      ['under_review', ['REQUEST_INFORMATION']],
      ['under_review', ['COMPLETE_AGENCY_REVIEW', 'REQUEST_INFORMATION']],
      ['under_review', ['REQUEST_INFORMATION']],
    ]);
    expect(timelineEvents).toEqual([
      'CREATED',
      'SUBMIT',
      'START_ELIGIBILITY_CHECK',
      'RULE_ELIGIBILITY',
      'RULE_ELIGIBILITY',
      'COMPLETE_AGENCY_REVIEW',
    ]);
    expect(chain).toBe('valid');
    // The progress says which agencies have completed; the assessment itself is the agency's own (its event, its staff).
    expect(progress).toContain(`${world.lead}: ✔`);
    expect(assessment).toContain('Strong joint design; budget fits.');
    // The timeline in words: who (in which capacity, for which agency) did what; no ids, no ISO timestamps.
    expect(timelineText).toContain(`${world.lead}'s program officer`);
    expect(timelineText).toContain(`ruled ${world.lead}'s party eligible.`);
    expect(timelineText).toContain(`ruled ${world.counterpart}'s party eligible.`);
    expect(timelineText).toContain(`completed ${world.lead}'s agency review.`);
    expect(timelineText).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d\d-\d\dT\d\d/);
    expect(stage).toBe('review');
    expect(done).toEqual(['draft', 'submitted']);
    expect(diagrams).toBe(0);
    expect(budgetHead).toEqual(['Agency', 'Year 1', 'Year 2', 'Year 3', 'Total']);
    expect(budgetTotal).toBe('¥60,000,000');
    expect(lead.errors).toEqual([]);
    expect(counterpart.errors).toEqual([]);
  });

  it('says so and shows the new state when someone else moved the proposal on while the page was open', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    const tab = await newPage(browser, app);
    await signIn(tab.page, leadPo.email);
    await tab.page.goto(`/console/proposals/${id}`);
    await request(app.url)
      .post(`/api/v1/proposals/${id}/events`)
      .set('Authorization', `Bearer ${counterpartPo.token}`)
      .send({ type: 'START_ELIGIBILITY_CHECK' })
      .expect(200);

    const [response] = await Promise.all([
      tab.page.waitForResponse((r) => r.request().method() === 'POST'),
      tab.page.locator('button[data-event="START_ELIGIBILITY_CHECK"]').click(),
    ]);
    await tab.page.waitForLoadState('load');

    shots.last(tab.page);
    expect(response.status()).toBe(412);
    expect(await tab.page.getByRole('alert').textContent()).toContain(
      'Someone changed this while you were looking at it',
    );
    expect(await state(tab.page)).toBe('eligibility_check');
    expect(await offered(tab.page)).toEqual(await allowed(id, leadPo));
    const history = await request(app.url)
      .get(`/api/v1/proposals/${id}/history`)
      .set('Authorization', `Bearer ${leadPo.token}`)
      .expect(200);
    expect(history.body.items.map((i: { event: string }) => i.event)).toEqual([
      'CREATED',
      'SUBMIT',
      'START_ELIGIBILITY_CHECK',
    ]);
  });

  it('keeps what was typed and names the reason when the workflow refuses an event', async () => {
    const id = await factory.proposal(world, {}, { submit: true });
    await request(app.url)
      .post(`/api/v1/proposals/${id}/events`)
      .set('Authorization', `Bearer ${leadPo.token}`)
      .send({ type: 'START_ELIGIBILITY_CHECK' })
      .expect(200);
    const tab = await newPage(browser, app);
    await signIn(tab.page, leadPo.email);
    await tab.page.goto(`/console/proposals/${id}`);
    const form = tab.page.locator('form[data-event="REQUEST_INFORMATION"]');

    // Blank after trimming: the browser's `required` lets it through, the event's schema does not.
    await form.getByLabel(/Message to the applicants/).fill('   ');
    const [response] = await Promise.all([
      tab.page.waitForResponse((r) => r.request().method() === 'POST'),
      form.locator('button').click(),
    ]);
    await tab.page.waitForLoadState('load');

    shots.last(tab.page);
    expect(response.status()).toBe(400);
    expect(await tab.page.getByRole('alert').textContent()).toContain('Message to the applicants: is required');
    expect(await state(tab.page)).toBe('eligibility_check');
  });

  it('answers 404, and shows nothing of the proposal, to a user of an agency outside the call', async () => {
    const id = await factory.proposal(world, { title: 'Secret landslide proposal' }, { submit: true });
    const outsider = await withPassword(app, world.outsider);
    const tab = await newPage(browser, app);
    await signIn(tab.page, outsider.email);

    const response = await tab.page.goto(`/console/proposals/${id}`);

    shots.last(tab.page);
    expect(response?.status()).toBe(404);
    expect(await tab.page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    expect(await tab.page.content()).not.toContain('Secret landslide proposal');
  });

  it("lists a call's proposals with filters by state and agency, search by title or investigator, sorting and paging", async () => {
    const callId = await factory.call(world);
    for (let i = 0; i < 22; i++) {
      const id = await factory.proposal(
        world,
        { callId, title: `Tsunami sensing ${String(i).padStart(2, '0')}` },
        { submit: true },
      );
      if (i < 3)
        await factory.engine.send({
          subjectType: 'proposal',
          instanceId: id,
          body: { type: 'START_ELIGIBILITY_CHECK' },
          actor: leadPo.actor,
        });
    }
    await factory.proposal(
      world,
      {
        callId,
        title: 'Volcano watch',
        parties: factory.parties(world).map((p, i) => (i === 1 ? { ...p, piName: 'Kenji Watanabe' } : p)),
      },
      { submit: true },
    );
    // A draft is its applicants' alone: officers never list it.
    await factory.proposal(world, { callId, title: 'Tsunami sensing draft' });
    const tab = await newPage(browser, app);
    await signIn(tab.page, leadPo.email);
    const rows = () => tab.page.locator('#proposals-table tbody tr td:first-child').allTextContents();

    await tab.page.goto(`/console/calls/${callId}`);
    const firstPage = {
      rows: (await rows()).length,
      summary: await tab.page.locator('#proposals .pager span').textContent(),
    };
    const firstRows = await rows();
    // Paged by cursor: next, then previous back to the same first page (and a link to the first page).
    await tab.page.getByRole('link', { name: 'Next' }).click();
    const secondPage = {
      rows: (await rows()).length,
      url: new URL(tab.page.url()).searchParams.has('cursor'),
      links: await tab.page.locator('#proposals .pager a').allTextContents(),
    };
    const secondShot = await tab.page
      .locator('#proposals')
      .screenshot({ path: 'test-artifacts/browser/call-proposals-by-cursor.png' });
    await tab.page.getByRole('link', { name: 'Previous' }).click();
    const backRows = await rows();
    const backLinks = await tab.page.locator('#proposals .pager a').allTextContents();
    await tab.page.goto(`/console/calls/${callId}`);
    // The call page also has event forms (an agency's criteria, say): the filters are their own search form.
    const filters = tab.page.getByRole('search');
    await filters.getByLabel('Title or investigator').fill('watanabe');
    await filters.getByRole('button', { name: 'Apply' }).click();
    const byInvestigator = await rows();
    await filters.getByLabel('Title or investigator').fill('');
    await filters.getByLabel('State').selectOption('eligibility_check');
    await filters.getByLabel('Agency').selectOption(world.counterpart);
    await filters.getByLabel('Sort by').selectOption('-title');
    await filters.getByRole('button', { name: 'Apply' }).click();
    const checkedByTitle = await rows();

    shots.last(tab.page);
    expect(firstPage).toEqual({ rows: 20, summary: '23 proposals' });
    expect(secondPage).toEqual({ rows: 3, url: true, links: ['First page', 'Previous'] });
    expect(secondShot.length).toBeGreaterThan(0);
    expect(backRows).toEqual(firstRows);
    expect(backLinks).toEqual(['Next']);
    expect(byInvestigator).toEqual(['Volcano watch']);
    expect(checkedByTitle).toEqual(['Tsunami sensing 02', 'Tsunami sensing 01', 'Tsunami sensing 00']);
    expect(tab.errors).toEqual([]);
  });
});
