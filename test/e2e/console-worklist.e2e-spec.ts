import request from 'supertest';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
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
    expect(conflicts).toContain(`href="/console/proposals/${ids.p3}"`);
    expect(conflicts).toContain('Reviewer Kyoto');
    expect(conflicts).toContain('co-supervise');
  });

  it('shows a PO of an agency outside the call nothing of it', async () => {
    const { html } = await home(world.outsider);

    for (const title of Object.values(titles)) expect(html).not.toContain(title);
    expect(html).not.toContain(world.callId);
    expect(html).toContain('data-waiting="0"');
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
