import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { FIRST_FISCAL_YEAR, Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, launchBrowser, withPassword } from '../support/browser.js';
import { Journey, act, lists, offered, open, startPageLinks, submit, unreadable } from './journey-support.js';

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A whole SICORP bilateral call, from a fresh call to its announced results, done in the console
 * only: every step by a person of the right role clicking pages in Chromium, signed in with their
 * console password. Each step checks what that person sees (their start page lists the thing, it
 * leaves their list once done, the next person's list gains it) and saves a screenshot
 * (test-artifacts/browser/journey-bilateral-*.png).
 *
 * Made without the console, because no page makes them: the two agencies, the program and the
 * agencies' staff accounts with their roles (the test factory, through the services the API uses).
 * The reviewers' accounts are made by the administrator on the users page, and their pool places
 * by each agency's program officer on the pool page. The API is read only to assert the outcome.
 *
 * The tests run in order: each continues where the one before stopped.
 */
describe('a whole bilateral call in the console, role by role', () => {
  let app: TestApp;
  let browser: Browser;
  let world: World;
  let journey: Journey;
  let lead: string;
  let cp: string;
  const callTitle = `Joint call on coastal resilience ${unique()}`;
  const proposalTitle = `Tsunami early warning with seabed sensors ${unique()}`;
  let callId: string;
  let proposalId: string;
  const reviewers = {
    lead: { email: `aiko.${unique()}@kyoto.example`.toLowerCase(), name: 'Aiko Mori', institution: 'Kyoto University' },
    cp: { email: `sam.${unique()}@mit.example`.toLowerCase(), name: 'Sam Rivera', institution: 'MIT' },
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    world = await new Factory(app.app).world();
    lead = world.lead;
    cp = world.counterpart;
    await withPassword(app, world.admin);
    for (const agency of [lead, cp])
      for (const person of Object.values(world.people[agency])) await withPassword(app, person);
    journey = new Journey(browser, app, 'bilateral');
  });
  afterAll(async () => {
    await journey?.close();
    await browser?.close();
    await app?.close();
  });

  const who = (agency: string, role: string): Person => world.people[agency][role];
  const as = (person: Person | string) => journey.as(typeof person === 'string' ? person : person.email);
  const api = async (path: string) =>
    (await request(app.url).get(`/api/v1${path}`).set('Authorization', `Bearer ${world.admin.token}`).expect(200)).body;
  const proposalState = async () => (await api(`/proposals/${proposalId}`)).state as string;
  const callState = async () => (await api(`/calls/${callId}`)).state as string;
  const readable = async (page: Page) => expect(await unreadable(page)).toEqual([]);

  it('the administrator makes the reviewers’ accounts on the users page', async () => {
    const page = await as(world.admin);
    for (const r of Object.values(reviewers)) {
      await open(page, '/console/admin/users');
      const form = page.locator('#create-user-form');
      await form.locator('#new-email').fill(r.email);
      await form.locator('#new-name').fill(r.name);
      await form.locator('#new-password').fill(PASSWORD);
      expect(await submit(page, form.locator('button[type=submit]'))).toBe(201);
      expect(await page.locator('#user-notice').textContent()).toContain(r.email);
    }
    await journey.shot(page, 'administrator-made-a-reviewer-account');
    await readable(page);
  });

  it("each agency's program officer adds a reviewer to the agency's pool", async () => {
    for (const [agency, r] of [
      [lead, reviewers.lead],
      [cp, reviewers.cp],
    ] as const) {
      const page = await as(who(agency, 'program_officer'));
      await open(page, '/console/reviewers');
      expect(new URL(page.url()).pathname).toBe(`/console/agencies/${agency}/reviewers`);
      const form = page.locator('#pool-add-form');
      await form.locator('#pool-email').fill(r.email);
      await form.locator('#pool-name').fill(r.name);
      await form.locator('#pool-institution').fill(r.institution);
      await form.locator('#pool-expertise').fill('tsunami modelling\nseabed geodesy');
      expect(await submit(page, form.locator('button[type=submit]'))).toBe(303);
      expect(await page.locator(`#pool-table tr[data-email="${r.email}"]`).count()).toBe(1);
      await journey.shot(page, `program-officer-of-${agency === lead ? 'lead' : 'counterpart'}-pool`);
      await readable(page);
    }
  });

  it('the lead program officer creates the call, sets up its review, announces and opens it', async () => {
    const page = await as(who(lead, 'program_officer'));
    // The header names the role in words and the agency by its name.
    expect(await page.locator('#who-roles').textContent()).toContain(`Program officer, Agency ${lead}`);
    await open(page, '/console/calls');
    await Promise.all([page.waitForEvent('load'), page.locator('#new-call-link').click()]);
    const form = page.locator('#new-call-form');
    await form.getByLabel('Program').selectOption(world.program);
    await form.getByLabel('Title (English)', { exact: true }).fill(callTitle);
    // A fresh form requires both versions before the call is announced: the Japanese title too.
    await form.getByLabel('Title (Japanese)', { exact: true }).fill(`${callTitle}（日本語版）`);
    await form.getByLabel('Opens on').fill(day(1));
    await form.getByLabel('Submission deadline').fill(day(45));
    await form.getByLabel('Agency 2: Agency').selectOption(cp);
    await journey.shot(page, 'program-officer-fills-the-new-call');
    expect(await submit(page, form.locator('button[type=submit]'))).toBe(303);
    callId = new URL(page.url()).pathname.split('/').pop()!;
    expect(callId).toMatch(/^[0-9a-f-]{36}$/);

    // The call is co-owned: each agency's own program officer approves its part on the participation
    // form (its envelope per fiscal year, its cap, the PO/PD it appoints), the lead's first.
    for (const [agency, figures] of [
      [lead, { envelopes: ['100000000', '100000000', '100000000'], cap: '30000000' }],
      [cp, { envelopes: ['700000', '700000', '700000'], cap: '200000' }],
    ] as const) {
      const officer = agency === lead ? page : await as(who(cp, 'program_officer'));
      await open(officer, `/console/calls/${callId}`);
      await Promise.all([officer.waitForEvent('load'), officer.locator('#participation-link').click()]);
      const participation = officer.locator('#participation-form');
      for (const [i, amount] of figures.envelopes.entries()) {
        await participation.getByLabel(`Row ${i + 1}: fiscal year`).fill(String(FIRST_FISCAL_YEAR + i));
        await participation.getByLabel(`Row ${i + 1}: envelope`).fill(amount);
      }
      await participation.getByLabel('Cap per project per year').fill(figures.cap);
      await participation.locator(`#appointee-${who(agency, 'program_director').userId}`).check();
      await journey.shot(
        officer,
        `program-officer-of-${agency === lead ? 'lead' : 'counterpart'}-approves-participation`,
      );
      expect(await submit(officer, participation.locator('button[type=submit]'))).toBe(303);
      await readable(officer);
    }
    expect((await api(`/calls/${callId}`)).partnership.pending).toEqual([]);

    await Promise.all([page.waitForEvent('load'), page.locator('#setup-link').click()]);
    const setup = page.locator('#review-setup-form');
    await setup.getByLabel(/Reviewers per proposal/).fill('1');
    await setup.getByLabel('Review due date').fill(day(40));
    await journey.shot(page, 'program-officer-sets-up-the-review');
    expect(await submit(page, setup.locator('button[data-event="CONFIGURE_REVIEW"]'))).toBe(303);

    await open(page, `/console/calls/${callId}`);
    await act(page, 'ANNOUNCE');
    await act(page, 'OPEN');
    // The review's due date, as set up, shows among the call's dates.
    const reviewsDue = page.locator('dt', { hasText: 'Reviews due' }).locator('xpath=following-sibling::dd[1]');
    expect(await reviewsDue.locator('time').getAttribute('datetime')).toBe(`${day(40)}T23:59:59.000Z`);
    await journey.shot(page, 'program-officer-opened-the-call');
    await readable(page);
    expect(await callState()).toBe('open');
    expect(journey.errors()).toEqual([]);
  });

  it('an applicant drafts the joint proposal with both parties, and submits it', async () => {
    const page = await as(who(lead, 'applicant'));
    await open(page, '/console/calls');
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: callTitle }).click()]);
    await Promise.all([page.waitForEvent('load'), page.locator('#new-proposal-link').click()]);
    const form = page.locator('#proposal-form');
    await form.getByLabel('Title', { exact: true }).fill(proposalTitle);
    await form.getByLabel('Abstract').fill('Seabed pressure sensors on both coasts of the Pacific, one warning model.');
    await form.getByLabel('Research period (months)').fill('36');
    await form.getByLabel(/Keywords/).fill('tsunami, geodesy');
    // One party per agency of the call: the applicant enters the counterpart's party as the form asks.
    for (const [i, party] of [
      { pi: 'Hanako Sato', institution: 'Tohoku University', country: 'JP', budget: '20000000' },
      { pi: 'Alex Smith', institution: 'University of Washington', country: 'US', budget: '150000' },
    ].entries()) {
      const fieldset = form.locator(`#party-${i}`);
      await fieldset.getByLabel('Principal investigator', { exact: true }).fill(party.pi);
      await fieldset.getByLabel('Institution').fill(party.institution);
      await fieldset.getByLabel(/^Country/).fill(party.country);
      for (const y of [0, 1, 2]) await fieldset.locator(`#party-${i}-budget-${y}`).fill(party.budget);
    }
    await journey.shot(page, 'applicant-drafts-the-proposal');
    expect(await submit(page, form.locator('button[type=submit]'))).toBe(303);
    proposalId = new URL(page.url()).pathname.split('/').pop()!;
    // The draft waits for its applicant: their start page lists it.
    expect(lists(await startPageLinks(page), proposalId)).toBe(true);
    await open(page, `/console/proposals/${proposalId}`);
    await act(page, 'SUBMIT');
    await journey.shot(page, 'applicant-submitted-the-proposal');
    await readable(page);
    expect(await page.locator('#stage-bar li[aria-current="step"]').getAttribute('data-stage')).toBe('submitted');
    expect(lists(await startPageLinks(page), proposalId)).toBe(false);
    expect(await proposalState()).toBe('submitted');
  });

  it('the lead program officer closes the call and starts its review', async () => {
    const page = await as(who(lead, 'program_officer'));
    // Closing is the submission deadline's (a timer); the officer closes early here, from the call's page.
    await open(page, `/console/calls/${callId}`);
    await act(page, 'CLOSE');
    // Starting the review then waits for them: their start page lists the call.
    expect(lists(await startPageLinks(page), callId)).toBe(true);
    await open(page, `/console/calls/${callId}`);
    await act(page, 'START_REVIEW');
    await journey.shot(page, 'program-officer-started-the-review');
    expect(await callState()).toBe('in_review');
  });

  it("each agency's officer rules on its party's eligibility, from their start page", async () => {
    const leadOfficer = await as(who(lead, 'agency_officer'));
    const cpOfficer = await as(who(cp, 'agency_officer'));
    expect(lists(await startPageLinks(leadOfficer), proposalId)).toBe(true);
    await journey.shot(leadOfficer, 'lead-officer-start-page-lists-the-proposal');
    await open(leadOfficer, `/console/proposals/${proposalId}`);
    await act(leadOfficer, 'START_ELIGIBILITY_CHECK');
    await act(leadOfficer, 'RULE_ELIGIBILITY', (form) => form.getByLabel('Yes').check());
    expect(lists(await startPageLinks(leadOfficer, 'eligibility'), proposalId)).toBe(false);

    expect(lists(await startPageLinks(cpOfficer), proposalId)).toBe(true);
    await open(cpOfficer, `/console/proposals/${proposalId}`);
    await act(cpOfficer, 'RULE_ELIGIBILITY', (form) => form.getByLabel('Yes').check());
    await journey.shot(cpOfficer, 'counterpart-officer-ruled-eligible');
    await readable(cpOfficer);
    // Their ruling leaves the eligibility list; the proposal, short of reviewers now, moves to the review follow-up.
    expect(lists(await startPageLinks(cpOfficer, 'eligibility'), proposalId)).toBe(false);
    expect(lists(await startPageLinks(cpOfficer, 'review-follow-up'), proposalId)).toBe(true);
    expect(await proposalState()).toBe('under_review');
  });

  it("each agency's program officer assigns a reviewer from the pool on the review management page", async () => {
    for (const [agency, r] of [
      [lead, reviewers.lead],
      [cp, reviewers.cp],
    ] as const) {
      const page = await as(who(agency, 'program_officer'));
      // The proposal is short of reviewers: the start page says so.
      expect(lists(await startPageLinks(page), proposalId)).toBe(true);
      await open(page, `/console/calls/${callId}/review`);
      const proposed = page.locator(`section[data-agency="${agency}"]`);
      expect(await proposed.locator('tbody').textContent()).toContain(r.name);
      await journey.shot(page, `program-officer-of-${agency === lead ? 'lead' : 'counterpart'}-assigns`);
      expect(await submit(page, proposed.getByRole('button', { name: /Confirm the 1 assignment/ }))).toBe(303);
      await readable(page);
    }
  });

  it('each reviewer accepts the invitation from their start page, scores the criteria and submits the review', async () => {
    for (const [agency, r] of [
      [lead, reviewers.lead],
      [cp, reviewers.cp],
    ] as const) {
      const page = await as(r.email);
      await open(page, '/console/home');
      const item = page.locator('#my-reviews li[data-assignment]');
      expect(await item.count()).toBe(1);
      expect(await item.textContent()).toContain(proposalTitle);
      await journey.shot(page, `reviewer-of-${agency === lead ? 'lead' : 'counterpart'}-invited`);
      await Promise.all([page.waitForEvent('load'), item.getByRole('link').click()]);
      await page.getByLabel(/I declare that I have no conflict of interest/).check();
      expect(await submit(page, page.locator('button[data-event="ACCEPT"]'))).toBe(303);
      const criterion = (name: RegExp) => page.getByRole('group', { name });
      await criterion(/Scientific excellence/)
        .getByLabel('4', { exact: true })
        .check();
      await criterion(/Added value of the international collaboration/)
        .getByLabel('5', { exact: true })
        .check();
      await criterion(/Feasibility of the plan/)
        .getByLabel('4', { exact: true })
        .check();
      await page.getByLabel('Comments to the applicants').fill('A convincing joint design with clear roles.');
      await page.getByLabel('Fund', { exact: true }).check();
      expect(await submit(page, page.locator('button[data-event="SAVE_DRAFT"]'))).toBe(303);
      await journey.shot(page, `reviewer-of-${agency === lead ? 'lead' : 'counterpart'}-saved-the-draft`);
      expect(await submit(page, page.locator('button[data-event="SUBMIT_REVIEW"]'))).toBe(303);
      expect(await page.locator('#assignment-state [data-state]').getAttribute('data-state')).toBe('submitted');
      await readable(page);
      await open(page, '/console/home');
      expect(await page.locator('#my-reviews li[data-assignment]').count()).toBe(0);
    }
  });

  it("each agency consolidates its review (the lead's program officer, the counterpart's officer)", async () => {
    for (const [agency, role] of [
      [lead, 'program_officer'],
      [cp, 'agency_officer'],
    ] as const) {
      const page = await as(who(agency, role));
      expect(lists(await startPageLinks(page), proposalId)).toBe(true);
      await open(page, `/console/proposals/${proposalId}`);
      await act(page, 'COMPLETE_AGENCY_REVIEW', async (form) => {
        await form.getByLabel(/Consensus score/).fill('4.3');
        await form.getByLabel('Fund', { exact: true }).check();
        await form.getByLabel(/Summary/).fill('Both reviews support funding; the budget fits the plan.');
      });
      await journey.shot(page, `${role}-of-${agency === lead ? 'lead' : 'counterpart'}-consolidated`);
      await readable(page);
      expect(lists(await startPageLinks(page, 'consolidations'), proposalId)).toBe(false);
    }
    expect(await proposalState()).toBe('joint_panel');
  });

  it('the lead program officer convenes the joint panel; a panel member records its result', async () => {
    const po = await as(who(lead, 'program_officer'));
    await open(po, `/console/calls/${callId}`);
    // Nothing is left outstanding: no warning to confirm.
    expect(await po.locator('.convene-warning').count()).toBe(0);
    await act(po, 'START_PANEL');
    expect(await callState()).toBe('panel');

    const member = await as(who(lead, 'panel_member'));
    expect(lists(await startPageLinks(member), proposalId)).toBe(true);
    await journey.shot(member, 'panel-member-start-page');
    await open(member, `/console/proposals/${proposalId}/panel`);
    expect(await member.locator('article.assessment').count()).toBe(2);
    await act(member, 'RECORD_PANEL_RESULT', async (form) => {
      await form.getByLabel('Fund', { exact: true }).check();
      await form.getByLabel(/Consensus score/).fill('4.3');
      await form.getByLabel(/Minutes/).fill('Agreed: fund. Strong science on both sides.');
    });
    // The proposal stays at the joint panel until the agencies sign off: the flash says so, without "Joint panel → Joint panel".
    expect(await member.getByRole('status').first().textContent()).toBe(
      'Record the panel result sent (still Joint panel).',
    );
    await journey.shot(member, 'panel-member-recorded-the-result');
    await readable(member);
    expect(lists(await startPageLinks(member), proposalId)).toBe(false);
  });

  it("each agency's program director signs the panel's result off", async () => {
    for (const agency of [lead, cp]) {
      const page = await as(who(agency, 'program_director'));
      expect(lists(await startPageLinks(page), proposalId)).toBe(true);
      await open(page, `/console/proposals/${proposalId}/panel`);
      await act(page, 'SIGN_OFF_PANEL');
      await journey.shot(page, `program-director-of-${agency === lead ? 'lead' : 'counterpart'}-signed-off`);
      await readable(page);
      expect(lists(await startPageLinks(page, 'panel'), proposalId)).toBe(false);
    }
    expect(await proposalState()).toBe('recommended');
  });

  it('the agencies select within their budgets (the program directors confirm), then the lead director sends the list to the board', async () => {
    const po = await as(who(lead, 'program_officer'));
    await open(po, `/console/calls/${callId}`);
    await act(po, 'START_SELECTION');
    for (const agency of [lead, cp]) {
      const page = await as(who(agency, 'program_director'));
      expect(lists(await startPageLinks(page), callId)).toBe(true);
      await open(page, `/console/calls/${callId}/selection`);
      const form = page.locator(`form[data-event="CONFIRM_SELECTION"][data-agency="${agency}"]`);
      expect(await form.locator(`tr[data-proposal="${proposalId}"] input:checked`).getAttribute('value')).toBe(
        'select',
      );
      // A move in the ranking names the proposal by its title, chosen from the ranking (not an id to type in).
      const move = page.locator('form[data-event="MOVE_IN_RANKING"] select[name="proposalId"] option');
      if (agency === lead) expect(await move.allTextContents()).toContain(`1. ${proposalTitle}`);
      await journey.shot(page, `program-director-of-${agency === lead ? 'lead' : 'counterpart'}-selects`);
      expect(await submit(page, form.locator('button[data-event="CONFIRM_SELECTION"]'))).toBe(303);
      await readable(page);
    }
    expect(await proposalState()).toBe('selected');
    const pd = await as(who(lead, 'program_director'));
    await open(pd, `/console/calls/${callId}`);
    await act(pd, 'SUBMIT_TO_BOARD');
    await journey.shot(pd, 'program-director-sent-the-list-to-the-board');
    expect(await callState()).toBe('board_review.steering_committee');
  });

  it('the steering committee gives its opinions and concludes; the board records its meeting and approves the list', async () => {
    // While the steering committee deliberates, the board has nothing to decide on the call's page.
    const board = await as(who(lead, 'board_member'));
    await open(board, `/console/calls/${callId}`);
    expect(await offered(board)).not.toContain('BOARD_APPROVE_SELECTION');

    for (const agency of [cp, lead]) {
      const page = await as(who(agency, 'steering_committee_member'));
      expect(lists(await startPageLinks(page), callId)).toBe(true);
      await open(page, `/console/calls/${callId}/steering`);
      await act(page, 'RECORD_OPINION', async (form) => {
        await form.getByLabel('Approve', { exact: true }).check();
        await form.getByLabel('Opinion').fill(`${agency} supports the list as it stands.`);
      });
    }
    const chair = await as(who(lead, 'steering_committee_member'));
    await act(chair, 'CONCLUDE_DELIBERATION', async (form) => {
      await form.getByLabel('Approve', { exact: true }).check();
      await form.getByLabel(/Note/).fill('The committee recommends the list to the board.');
    });
    await journey.shot(chair, 'steering-committee-concluded');
    await readable(chair);
    expect(lists(await startPageLinks(chair), callId)).toBe(false);

    expect(lists(await startPageLinks(board), callId)).toBe(true);
    await open(board, `/console/calls/${callId}/board`);
    await act(board, 'RECORD_BOARD_MEETING', async (form) => {
      await form.getByLabel('Date of the meeting').fill(day(50));
      await form.getByLabel('Attendees').fill('Chair Tanaka\nMember Brown');
    });
    await act(board, 'BOARD_APPROVE_SELECTION', async (form) => {
      await form.getByLabel(/Note/).fill('Approved as recommended.');
    });
    await journey.shot(board, 'board-approved-the-list');
    await readable(board);
    expect(lists(await startPageLinks(board), callId)).toBe(false);
    expect(await callState()).toBe('board_decided');
    expect(await proposalState()).toBe('board_approved');
  });

  it('the lead program officer announces the results; the applicant sees the proposal decided', async () => {
    const po = await as(who(lead, 'program_officer'));
    await open(po, `/console/calls/${callId}`);
    await act(po, 'ANNOUNCE_RESULTS');
    await journey.shot(po, 'program-officer-announced-the-results');
    expect(await callState()).toBe('results_announced');
    expect(lists(await startPageLinks(po, 'call-steps'), callId)).toBe(false);

    const applicant = await as(who(lead, 'applicant'));
    await open(applicant, `/console/proposals/${proposalId}`);
    await journey.shot(applicant, 'applicant-sees-the-result');
    await readable(applicant);
    expect(await applicant.locator('#stage-bar li[aria-current="step"]').getAttribute('data-stage')).toBe('decided');
    // The reviews' comments to the applicants, without scores or a reviewer's draft state.
    const reviews = await applicant.locator('article.review').allInnerTexts();
    expect(reviews).toHaveLength(2);
    for (const text of reviews) {
      expect(text).toContain('A convincing joint design with clear roles.');
      expect(text).not.toMatch(/draft|incomplete|Weighted total/);
    }
  });

  it('the administrator watches the dashboard: the call and its proposal counted, nothing raw', async () => {
    const page = await as(world.admin);
    await open(page, '/console/dashboard');
    await page.locator('#dashboard-live').waitFor();
    await journey.shot(page, 'administrator-dashboard');
    await readable(page);
    expect(await page.locator('#dash-headline-title').count()).toBe(1);
    expect(journey.errors()).toEqual([]);
  });

  it('names the role and agency in the header in Japanese too, once the reader switches language', async () => {
    const page = await as(who(lead, 'program_director'));
    await open(page, '/console/home');
    await page.locator('#locale-select').selectOption('ja');
    await submit(page, page.locator('.locale-form button'));
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.locator('#who-roles').textContent()).toContain(`Agency ${lead}・プログラムディレクター（PD）`);
    await journey.shot(page, 'program-director-header-in-japanese');
    await readable(page);
  });
});
