import request from 'supertest';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { callAtBoard, callAtPanel } from '../browser/board-call.js';
import { PASSWORD, withPassword } from '../support/browser.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each person's start page ("what needs me") over the console's HTTP: the reviewer's invitations
 * and overdue review, the officers' follow-up per call (outstanding and overdue reviews, proposals
 * short of reviewers, Remind), eligibility rulings still owed, a PD's declared conflicts; and never
 * what the API would hide: another agency's reviews, a proposal the viewer is conflicted with, a
 * call of agencies the viewer does not belong to.
 */
describe('the start page of each person, over HTTP', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let lead: string;
  let cp: string;
  const titles = {
    p1: 'Worklist P1 seismic arrays',
    p2: 'Worklist P2 unassigned',
    p3: 'Worklist P3 conflicted',
    p4: 'Worklist P4 awaiting a ruling',
  };
  const ids: Record<keyof typeof titles, string> = { p1: '', p2: '', p3: '', p4: '' };
  let r1: Person & { reviewerId: string };
  let r2: Person & { reviewerId: string };
  let invited: string;
  let late: string;

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
  const who = (agency: string, role: string): Person => world.people[agency][role];
  /** One section of the start page (empty when the page has none). */
  const section = (html: string, id: string): string => {
    const at = html.indexOf(`data-worklist="${id}"`);
    return at < 0 ? '' : html.slice(at, html.indexOf('</section>', at));
  };

  async function signedIn(person: Person) {
    await withPassword(app, person);
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const signIn = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
      .expect(303);
    const landing = await agent.get(signIn.headers.location as string).redirects(1);
    return { agent, landing };
  }
  const home = async (person: Person) => {
    const { agent, landing } = await signedIn(person);
    expect(landing.status).toBe(200);
    return { agent, html: landing.text, csrf: csrfOf(landing.text) };
  };

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
    lead = world.lead;
    cp = world.counterpart;
    const call = (type: string, person: Person, body: Record<string, unknown> = {}) =>
      factory.send('call', world.callId, { type, ...body }, person.actor);
    const proposal = (id: string, type: string, person: Person, body: Record<string, unknown> = {}) =>
      factory.send('proposal', id, { type, ...body }, person.actor);

    await call('CONFIGURE_REVIEW', who(lead, 'program_officer'), {
      minReviewersPerAgency: 1,
      reviewDue: new Date(Date.now() + 21 * DAY).toISOString(),
    });
    ids.p1 = await factory.proposal(world, { title: titles.p1 }, { submit: true });
    ids.p2 = await factory.proposal(world, { title: titles.p2 }, { submit: true });
    // The lead's PO is a principal investigator of P3: conflicted, they see nothing of it.
    const parties = factory.parties(world);
    parties[0].piEmail = who(lead, 'program_officer').email;
    ids.p3 = await factory.proposal(world, { title: titles.p3, parties }, { submit: true });
    ids.p4 = await factory.proposal(world, { title: titles.p4 }, { submit: true });
    await call('CLOSE', who(lead, 'program_officer'));
    await call('START_REVIEW', who(lead, 'program_officer'));
    for (const key of ['p1', 'p2', 'p3'] as const) {
      const leadStaff = key === 'p3' ? who(lead, 'agency_officer') : who(lead, 'program_officer');
      await proposal(ids[key], 'START_ELIGIBILITY_CHECK', leadStaff);
      await proposal(ids[key], 'RULE_ELIGIBILITY', leadStaff, { eligible: true });
      await proposal(ids[key], 'RULE_ELIGIBILITY', who(cp, 'program_officer'), { eligible: true });
    }
    // P4: the lead has ruled, the counterpart not yet.
    await proposal(ids.p4, 'START_ELIGIBILITY_CHECK', who(lead, 'program_officer'));
    await proposal(ids.p4, 'RULE_ELIGIBILITY', who(lead, 'program_officer'), { eligible: true });

    r1 = await factory.reviewer(lead, { institution: 'Kyoto University', name: 'Reviewer Kyoto' });
    r2 = await factory.reviewer(cp, { institution: 'Stanford University', name: 'Reviewer Stanford' });
    const assignments = app.app.get(AssignmentsService);
    invited = (
      await assignments.create({ proposalId: ids.p1, reviewerId: r1.reviewerId }, who(lead, 'program_officer').actor)
    ).id;
    late = (
      await assignments.create(
        { proposalId: ids.p1, reviewerId: r2.reviewerId, dueAt: new Date(Date.now() + 1500).toISOString() },
        who(cp, 'program_officer').actor,
      )
    ).id;
    await factory.send('assignment', late, { type: 'ACCEPT', declaresNoConflict: true }, r2.actor);
    // R1 on P3 (invited by the lead's officer), accepts, then declares a conflict: the lead PD rules on it.
    const onP3 = (
      await assignments.create({ proposalId: ids.p3, reviewerId: r1.reviewerId }, who(lead, 'agency_officer').actor)
    ).id;
    await factory.send('assignment', onP3, { type: 'ACCEPT', declaresNoConflict: true }, r1.actor);
    await factory.send(
      'assignment',
      onP3,
      { type: 'DECLARE_CONFLICT', reason: 'I co-supervise a student of the PI.' },
      r1.actor,
    );
    await sleep(1600 - 0);
    await factory.send('assignment', late, { type: 'MARK_OVERDUE' });
  });
  afterAll(() => app.close());

  it("lands a reviewer on their start page with their open invitation, not another reviewer's work", async () => {
    const { html } = await home(r1);

    const mine = section(html, 'my-reviews');
    expect(mine).toContain(`href="/console/reviews/${invited}"`);
    expect(mine).toContain(titles.p1);
    expect(mine).toMatch(/data-days-left="2\d"/);
    // P3's assignment ended with the declared conflict; R2's review is R2's.
    expect(html).not.toContain(titles.p3);
    expect(html).not.toContain(late);
    // A reviewer has no follow-up, eligibility or call steps.
    expect(section(html, 'review-follow-up')).toBe('');
    expect(section(html, 'eligibility')).toBe('');
  });

  it('shows a reviewer their overdue review with the days late', async () => {
    const { html } = await home(r2);

    const mine = section(html, 'my-reviews');
    expect(mine).toContain(`href="/console/reviews/${late}"`);
    expect(mine).toMatch(/data-days-late="1"/);
    expect(mine).toContain('1 day late');
  });

  it("shows the lead's PO its agency's outstanding reviews with Remind and its proposals short of reviewers, nothing of the proposal it is conflicted with nor of the counterpart's reviews", async () => {
    const { html } = await home(who(lead, 'program_officer'));

    const follow = section(html, 'review-follow-up');
    expect(follow).toContain(`data-assignment="${invited}"`);
    expect(follow).toContain('Reviewer Kyoto');
    expect(follow).toContain(`action="/console/assignments/${invited}/remind"`);
    expect(follow).not.toContain(late);
    expect(follow).not.toContain('Reviewer Stanford');
    expect(follow).toMatch(new RegExp(`data-proposal="${ids.p2}" data-agency="${lead}"`));
    expect(html).not.toContain(titles.p3);
    expect(html).not.toContain(ids.p3);
    // The lead has ruled on P4: nothing owed.
    expect(section(html, 'eligibility')).not.toContain(ids.p4);
  });

  it("shows the lead's agency officer the proposal its PO is conflicted with, short of a reviewer after the declared conflict", async () => {
    const { html } = await home(who(lead, 'agency_officer'));

    expect(section(html, 'review-follow-up')).toMatch(new RegExp(`data-proposal="${ids.p3}" data-agency="${lead}"`));
  });

  it("shows the counterpart's PO its overdue review (late, without Remind) and the eligibility ruling it still owes", async () => {
    const { html } = await home(who(cp, 'program_officer'));

    const follow = section(html, 'review-follow-up');
    const row = follow.slice(follow.indexOf(`data-assignment="${late}"`));
    expect(row.slice(0, row.indexOf('</tr>'))).toMatch(/data-days-late="1"/);
    expect(row.slice(0, row.indexOf('</tr>'))).not.toContain('/remind');
    expect(follow).toContain('data-count="overdue">Overdue: 1<');
    expect(follow).not.toContain(`data-assignment="${invited}"`);
    const eligibility = section(html, 'eligibility');
    expect(eligibility).toContain(`data-proposal="${ids.p4}" data-event="RULE_ELIGIBILITY"`);
    expect(eligibility).toContain(titles.p4);
  });

  it("shows the lead's PD the declared conflict to rule on", async () => {
    const { html } = await home(who(lead, 'program_director'));

    const conflicts = section(html, 'conflicts');
    // Linked to the waiver's form on the proposal's page.
    expect(conflicts).toContain(`href="/console/proposals/${ids.p3}#event-waive-conflict-title"`);
    expect(conflicts).toContain(`data-reviewer="${r1.userId}" data-event="WAIVE_CONFLICT" data-source="reviewer"`);
    expect(conflicts).toContain('Reviewer Kyoto');
    expect(conflicts).toContain('co-supervise');
  });

  it('shows a PO of an agency outside the call nothing of it', async () => {
    const { html } = await home(world.outsider);

    for (const title of Object.values(titles)) expect(html).not.toContain(title);
    expect(html).not.toContain(world.callId);
    expect(html).toContain('data-waiting="0"');
  });

  it("shows the review-management page's follow-up: counts, due dates, days late, Remind only where it applies", async () => {
    const { agent } = await home(who(cp, 'program_officer'));

    const page = (await agent.get(`/console/calls/${world.callId}/review`).expect(200)).text;

    const follow = page.slice(
      page.indexOf('id="follow-up"'),
      page.indexOf('</section>', page.indexOf('id="follow-up"')),
    );
    expect(follow).toMatch(/data-count="overdue">1</);
    // P2 and P3 have no counterpart reviewer yet.
    expect(follow).toMatch(/data-count="unassigned">2</);
    expect(follow).toContain(`data-proposal="${ids.p3}" data-agency="${cp}"`);
    expect(follow).toMatch(new RegExp(`data-assignment="${late}"[^]*?data-days-late="1"`));
    expect(follow).not.toContain(`data-assignment="${invited}"`);
    expect(page).not.toContain('/remind');
  });

  it("shows on a proposal's page its reviewers and where each stands, to its agencies' staff only as far as the API shows them", async () => {
    const leadPo = await home(who(lead, 'program_officer'));
    const cpPo = await home(who(cp, 'program_officer'));
    const reviewer = await home(r1);

    const byLead = (await leadPo.agent.get(`/console/proposals/${ids.p1}`).expect(200)).text;
    const byCp = (await cpPo.agent.get(`/console/proposals/${ids.p1}`).expect(200)).text;
    const conflicted = await leadPo.agent.get(`/console/proposals/${ids.p3}`);
    const byReviewer = await reviewer.agent.get(`/console/proposals/${ids.p1}`);

    const panel = (html: string) => html.slice(html.indexOf('id="proposal-assignments"'));
    expect(panel(byLead)).toContain(`data-assignment="${invited}" data-state="invited"`);
    expect(panel(byLead)).toContain(`action="/console/assignments/${invited}/remind"`);
    expect(panel(byLead)).not.toContain(late);
    expect(panel(byCp)).toContain(`data-assignment="${late}" data-state="overdue"`);
    expect(panel(byCp)).not.toContain(invited);
    expect(conflicted.status).toBe(404);
    // An invited reviewer has not accepted: the proposal is not open to them yet.
    expect(byReviewer.status).toBe(404);
  });

  it('shows an administrator headline figures across calls, deadlines only of stages ahead, timers in words linked to their subject', async () => {
    const { html } = await home(world.admin);

    expect(html).toMatch(/data-figure-value="open-calls">\d+</);
    expect(html).toMatch(/data-figure-value="overdue-reviews">[1-9]\d*</);
    expect(html).toMatch(/data-figure-value="failed-notifications">\d+</);
    expect(html).toContain('data-part="under_review"');
    // The call has closed: its submission deadline (60 days ahead on the calendar) is past by its stage.
    const deadlines = html.slice(
      html.indexOf('id="deadlines"'),
      html.indexOf('</section>', html.indexOf('id="deadlines"')),
    );
    expect(deadlines).not.toContain(`/console/calls/${world.callId}"`);
    const timers = html.slice(
      html.indexOf('data-panel="timers"'),
      html.indexOf('</section>', html.indexOf('data-panel="timers"')),
    );
    expect(timers).not.toMatch(/<th scope="row">(review-overdue|review-reminder|opens|closes)</);
    expect(timers).not.toMatch(/>assignment</);
    expect(timers).toMatch(/href="\/console\/(reviews|calls|proposals)\/[0-9a-f-]{36}"/);
  });

  it('warns before convening the joint panel with work outstanding, and convenes only once confirmed', async () => {
    const { agent } = await home(who(lead, 'program_officer'));
    const callVersion = async () =>
      (
        await request(app.url)
          .get(`/api/v1/calls/${world.callId}`)
          .set('Authorization', `Bearer ${world.admin.token}`)
          .expect(200)
      ).body as { version: number; state: string };

    const page = (await agent.get(`/console/calls/${world.callId}`).expect(200)).text;
    const csrf = csrfOf(page);
    const before = await callVersion();
    const unconfirmed = await agent
      .post(`/console/calls/${world.callId}/events`)
      .type('form')
      .send({ _csrf: csrf, type: 'START_PANEL', version: before.version });
    const unchanged = await callVersion();
    const confirmed = await agent
      .post(`/console/calls/${world.callId}/events`)
      .type('form')
      .send({ _csrf: csrf, type: 'START_PANEL', version: before.version, confirmOutstanding: 'yes' });
    const after = await callVersion();

    // As the lead's PO sees the call: P3 (conflicted) is not counted.
    expect(page).toContain('data-backlog-eligibility="1"');
    expect(page).toContain('data-backlog-in-review="2"');
    expect(page).toContain('data-backlog-reviews="2"');
    expect(page).toMatch(/name="confirmOutstanding" value="yes" required/);
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.text).toContain('Tick the confirmation');
    expect(unchanged.version).toBe(before.version);
    expect(confirmed.status).toBe(303);
    expect(after.state).toBe('panel');
  });

  it("reminds the reviewer through the engine (recorded, notified through the outbox); an overdue review is not reminded, another agency's reviewer not even seen", async () => {
    const po = who(lead, 'program_officer');
    const { agent, csrf } = await home(po);
    const counterpart = await home(who(cp, 'program_officer'));

    const unseen = await agent
      .post(`/console/assignments/${late}/remind`)
      .type('form')
      .send({ _csrf: csrf, back: '/console/home' });
    const refused = await counterpart.agent
      .post(`/console/assignments/${late}/remind`)
      .type('form')
      .send({ _csrf: counterpart.csrf, back: 'https://evil.example/' })
      .expect(303);
    const refusal = await counterpart.agent.get('/console/home').expect(200);
    const sent = await agent
      .post(`/console/assignments/${invited}/remind`)
      .type('form')
      .send({ _csrf: csrf, back: '/console/review' })
      .expect(303);
    const noToken = await agent
      .post(`/console/assignments/${invited}/remind`)
      .type('form')
      .send({ back: '/console/home' });
    const after = await agent.get('/console/home').expect(200);

    const log = await app.dataSource.query(
      `SELECT instance_id, actor_user_id FROM transition_log WHERE event_type = 'REMIND' AND instance_id = ANY($1)`,
      [[invited, late]],
    );
    const outbox = await app.dataSource.query(`SELECT payload FROM outbox WHERE instance_id = $1 AND kind = 'notify'`, [
      invited,
    ]);
    expect(unseen.status).toBe(404);
    expect(refused.headers.location).toBe('/console/home');
    expect(refusal.text).toContain('No reminder sent');
    expect(sent.headers.location).toBe('/console/review');
    expect(noToken.status).toBe(403);
    expect(log).toEqual([{ instance_id: invited, actor_user_id: po.userId }]);
    expect(JSON.stringify(outbox.map((o: { payload: unknown }) => o.payload))).toContain('review-reminder');
    expect(after.text).toContain('Reminder sent to the reviewer.');
  });
});

describe('the start page of panel, steering committee and board members, over HTTP', () => {
  let app: TestApp;
  let factory: Factory;

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
  async function homeOf(person: Person): Promise<string> {
    await withPassword(app, person);
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    const signIn = await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
      .expect(303);
    const landing = await agent
      .get(signIn.headers.location as string)
      .redirects(1)
      .expect(200);
    // Sign-in lands everyone but administrators on their start page.
    expect(landing.redirects.map((r) => new URL(r).pathname)).toEqual(['/console/home']);
    return landing.text;
  }

  it("shows panel members the proposals at the joint panel, linked to the panel's page; not those of a call of other agencies", async () => {
    const world = await factory.world();
    const other = await factory.world();
    const ids = await callAtPanel(app.app, factory, world, ['Panel item one', 'Panel item two']);
    const hidden = await callAtPanel(app.app, factory, other, ['Panel item elsewhere']);

    const html = await homeOf(world.people[world.lead].panel_member);

    for (const id of ids) expect(html).toContain(`href="/console/proposals/${id}/panel"`);
    expect(html).not.toContain(hidden[0]);
    expect(html).not.toContain('Panel item elsewhere');
  });

  it('shows steering committee members the opinion to record, then board members the meeting to record', async () => {
    const world = await factory.world();
    await callAtBoard(app.app, factory, world, ['Board item']);
    const steering = world.people[world.lead].steering_committee_member;
    const board = world.people[world.lead].board_member;

    const steeringHome = await homeOf(steering);
    const boardBefore = await homeOf(board);
    await factory.send(
      'call',
      world.callId,
      { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'Sound.' },
      steering.actor,
    );
    await factory.send(
      'call',
      world.callId,
      { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve' },
      steering.actor,
    );
    const boardAfter = await homeOf(board);

    expect(steeringHome).toContain(`href="/console/calls/${world.callId}/steering"`);
    expect(steeringHome).toMatch(/data-event="RECORD_OPINION"/);
    expect(boardBefore).not.toMatch(/data-event="RECORD_BOARD_MEETING"/);
    expect(boardAfter).toContain(`href="/console/calls/${world.callId}/board"`);
    expect(boardAfter).toMatch(/data-event="RECORD_BOARD_MEETING"/);
  });
});
