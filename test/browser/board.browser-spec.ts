import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, newPage, screenshotsAfterEach, signIn, withPassword } from '../support/browser.js';
import { callAtBoard } from './board-call.js';

const DAY = 86_400_000;
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

/**
 * The IRCC end of a call in a browser: the steering committee deliberates on the list going to the
 * board, then the board records its meeting and approves the list with a deferral. Tests run in order.
 */
describe('steering committee and board pages, in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let factory: Factory;
  let world: World;
  let proposals: string[];
  const shots = screenshotsAfterEach();
  const titles = ['Tsunami sensing buoys', 'Volcanic ash forecasting', 'Debris flow radar'];

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    factory = new Factory(app.app);
    world = await factory.world();
    proposals = await callAtBoard(app.app, factory, world, titles);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const who = (agency: string, role: string): Person => world.people[agency][role];
  const apiCall = async (person: Person) =>
    (
      await request(app.url)
        .get(`/api/v1/calls/${world.callId}`)
        .set('Authorization', `Bearer ${person.token}`)
        .expect(200)
    ).body;
  const stateOf = async (id: string) =>
    (
      await request(app.url)
        .get(`/api/v1/proposals/${id}`)
        .set('Authorization', `Bearer ${world.admin.token}`)
        .expect(200)
    ).body.state as string;
  /** The events the page offers: a button of a form or a link to the event's page. */
  const offered = async (page: Page) =>
    (
      await page
        .locator('main [data-event]:is(button, a)')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-event')))
    ).sort();

  it("lets a steering-committee member see the list and the others' opinions, record an opinion and conclude the deliberation", async () => {
    const member = await withPassword(app, who(world.lead, 'steering_committee_member'));
    // The counterpart's member has given an opinion already (through the API, the same pipeline).
    await request(app.url)
      .post(`/api/v1/calls/${world.callId}/events`)
      .set('Authorization', `Bearer ${who(world.counterpart, 'steering_committee_member').token}`)
      .send({ type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'A balanced list across both agencies.' })
      .expect(200);
    const tab = await newPage(browser, app);
    await signIn(tab.page, member.email);
    await tab.page.goto(`/console/calls/${world.callId}`);
    await tab.page.locator('#steering-link').click();
    await tab.page.waitForURL(/\/steering$/);
    const listed = await tab.page
      .locator('#board-list tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.querySelector('a')?.textContent));
    const panelResult = await tab.page
      .locator(`#board-list tr[data-proposal="${proposals[0]}"] td:nth-child(4)`)
      .textContent();
    const othersOpinion = await tab.page.locator('#opinions').textContent();
    const before = {
      offered: await offered(tab.page),
      allowed: ((await apiCall(member)).allowedEvents as string[]).sort(),
    };

    const opinion = tab.page.locator('form[data-event="RECORD_OPINION"]');
    await opinion.getByLabel('Approve with changes').check();
    await opinion.getByLabel('Opinion').fill('Defer the debris flow project until the radar tests end.');
    await Promise.all([
      tab.page.waitForURL(/\/steering$/),
      opinion.locator('button[data-event="RECORD_OPINION"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const own = await tab.page.locator('#opinions li.own').textContent();
    const afterOpinion = {
      offered: await offered(tab.page),
      allowed: ((await apiCall(member)).allowedEvents as string[]).sort(),
    };

    const conclude = tab.page.locator('form[data-event="CONCLUDE_DELIBERATION"]');
    await conclude.getByLabel('Approve with changes').check();
    await conclude.getByLabel(/Note/).fill('Approve, deferring the debris flow project.');
    await Promise.all([
      tab.page.waitForURL(/\/steering$/),
      conclude.locator('button[data-event="CONCLUDE_DELIBERATION"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    const deliberation = await tab.page.locator('#deliberation').textContent();
    const formsLeft = await tab.page.locator('form[data-event]').count();
    const call = await apiCall(world.admin);

    shots.last(tab.page);
    expect(listed).toEqual(titles);
    expect(panelResult).toContain('Fund');
    expect(othersOpinion).toContain('A balanced list across both agencies.');
    expect(before.offered).toEqual(before.allowed);
    expect(before.offered).toContain('RECORD_OPINION');
    expect(own).toContain('Defer the debris flow project until the radar tests end.');
    expect(afterOpinion.offered).toEqual(afterOpinion.allowed);
    expect(afterOpinion.offered).toEqual(['CONCLUDE_DELIBERATION', 'RECORD_OPINION']);
    expect(flash).toContain('Conclude deliberation');
    expect(deliberation).toContain('Approve with changes');
    expect(deliberation).toContain('Approve, deferring the debris flow project.');
    expect(formsLeft).toBe(0);
    expect(call.state).toBe('board_review.board_meeting');
    expect(call.progress.opinionsRecorded).toBe(2);
    expect(tab.errors).toEqual([]);
  });

  it('lets a board member record the meeting and approve the selection with one deferral, then lists the deferred item', async () => {
    const board = await withPassword(app, who(world.lead, 'board_member'));
    const tab = await newPage(browser, app);
    await signIn(tab.page, board.email);
    await tab.page.goto(`/console/calls/${world.callId}`);
    await tab.page.locator('#board-link').click();
    await tab.page.waitForURL(/\/board$/);
    const before = {
      offered: await offered(tab.page),
      allowed: ((await apiCall(board)).allowedEvents as string[]).sort(),
    };
    const recommendation = await tab.page.locator('#deliberation').textContent();

    const meeting = tab.page.locator('form[data-event="RECORD_BOARD_MEETING"]');
    await meeting.getByLabel('Date of the meeting').fill(day(30));
    await meeting.getByLabel('Attendees').fill('Chair Tanaka\nMember Suzuki\nMember Brown');
    await Promise.all([
      tab.page.waitForURL(/\/board$/),
      meeting.locator('button[data-event="RECORD_BOARD_MEETING"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const attendees = await tab.page.locator('#attendees li').allTextContents();
    const afterMeeting = {
      offered: await offered(tab.page),
      allowed: ((await apiCall(board)).allowedEvents as string[]).sort(),
    };

    const approve = tab.page.locator('form[data-event="BOARD_APPROVE_SELECTION"]');
    const deferred = approve.locator(`tr[data-proposal="${proposals[2]}"]`);
    await deferred.getByLabel('Defer', { exact: true }).check();
    await deferred.getByLabel(/Deferred until/).fill(day(90));
    await deferred.getByLabel(/Reason for/).fill('Awaiting the radar field tests.');
    await approve.getByLabel(/Note/).fill('Approved; one project deferred.');
    await Promise.all([
      tab.page.waitForURL(/\/board$/),
      approve.locator('button[data-event="BOARD_APPROVE_SELECTION"]').click(),
    ]);
    await tab.page.waitForLoadState('load');
    const deferredRows = await tab.page
      .locator('#deferred-items tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.getAttribute('data-proposal'),
          r.querySelector('time')?.getAttribute('datetime'),
          r.querySelectorAll('td')[2]?.textContent,
        ]),
      );
    const decisions = await tab.page
      .locator('#board-decisions tbody tr')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-proposal'), r.getAttribute('data-decision')]));
    const call = await apiCall(world.admin);

    shots.last(tab.page);
    expect(before.offered).toEqual(before.allowed);
    expect(before.offered).toContain('RECORD_BOARD_MEETING');
    expect(before.offered).not.toContain('BOARD_APPROVE_SELECTION');
    expect(recommendation).toContain('Approve with changes');
    expect(attendees).toEqual(['Chair Tanaka', 'Member Suzuki', 'Member Brown']);
    expect(afterMeeting.offered).toEqual(afterMeeting.allowed);
    expect(afterMeeting.offered).toContain('BOARD_APPROVE_SELECTION');
    expect(call.state).toBe('board_decided');
    expect(call.progress.boardMeeting).toMatchObject({ attendees: ['Chair Tanaka', 'Member Suzuki', 'Member Brown'] });
    expect(call.progress.boardDecision).toEqual({ note: 'Approved; one project deferred.' });
    expect(deferredRows).toEqual([[proposals[2], `${day(90)}T23:59:59.000Z`, 'Awaiting the radar field tests.']]);
    expect(decisions.sort()).toEqual(
      [
        [proposals[0], 'approved'],
        [proposals[1], 'approved'],
        [proposals[2], 'deferred'],
      ].sort(),
    );
    expect(await stateOf(proposals[0])).toBe('board_approved');
    expect(await stateOf(proposals[2])).toBe('deferred');
    expect(tab.errors).toEqual([]);
  });

  it('lets the board approve the deferred item at a later meeting, from the board page', async () => {
    const board = await withPassword(app, who(world.lead, 'board_member'));
    const tab = await newPage(browser, app);
    await signIn(tab.page, board.email);
    await tab.page.goto(`/console/calls/${world.callId}/board`);
    const item = tab.page.locator(`#later-items li[data-proposal="${proposals[2]}"]`);
    const offeredForItem = (
      await item.locator('button[data-event]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-event')))
    ).sort();
    const allowedForItem = (
      (
        await request(app.url)
          .get(`/api/v1/proposals/${proposals[2]}`)
          .set('Authorization', `Bearer ${board.token}`)
          .expect(200)
      ).body.allowedEvents as string[]
    ).sort();
    await Promise.all([tab.page.waitForURL(/\/board$/), item.locator('button[data-event="BOARD_APPROVE"]').click()]);
    await tab.page.waitForLoadState('load');
    const flash = await tab.page.getByRole('status').first().textContent();
    const deferredLeft = await tab.page.locator('#deferred-items tbody tr').count();
    const laterLeft = await tab.page.locator('#later-items li').count();

    shots.last(tab.page);
    expect(offeredForItem).toEqual(allowedForItem);
    expect(offeredForItem).toEqual(['BOARD_APPROVE', 'BOARD_REJECT']);
    expect(flash).toBe('Board approval sent: Deferred by the board → Approved by the board.');
    expect(deferredLeft).toBe(0);
    expect(laterLeft).toBe(0);
    expect(await stateOf(proposals[2])).toBe('board_approved');
    expect(tab.errors).toEqual([]);
  });
});
