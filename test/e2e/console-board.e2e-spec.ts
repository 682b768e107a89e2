import request from 'supertest';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { callAtBoard } from '../browser/board-call.js';

/**
 * Who opens the steering-committee, board and review set-up pages, and the dashboard's retries,
 * over plain HTTP: a call of agencies you do not belong to does not exist for you (404); the
 * call's own people without the page's role are refused (403), and their forms change nothing.
 */
describe('console pages of the steering committee, the board and the review set-up, over HTTP', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
  });
  afterAll(() => app.close());

  const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)![1];
  const who = (agency: string, role: string): Person => world.people[agency][role];

  /** A cookie-keeping agent signed in as `person`, with the session's CSRF token. */
  async function signedIn(person: Person) {
    await withPassword(app, person);
    const agent = request.agent(app.url);
    const form = await agent.get('/console/sign-in').expect(200);
    await agent
      .post('/console/sign-in')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: person.email, password: PASSWORD })
      .expect(303);
    const calls = await agent.get('/console/calls').expect(200);
    return { agent, csrf: csrfOf(calls.text) };
  }
  const callVersion = async () =>
    (
      await request(app.url)
        .get(`/api/v1/calls/${world.callId}`)
        .set('Authorization', `Bearer ${world.admin.token}`)
        .expect(200)
    ).body.version as number;

  it('answers 404 to a user of an agency outside the call, for every page and form, and leaks nothing', async () => {
    const { agent, csrf } = await signedIn(world.outsider);
    const title = (
      await request(app.url).get(`/api/v1/calls/${world.callId}`).set('Authorization', `Bearer ${world.admin.token}`)
    ).body.title as string;
    const version = await callVersion();

    const pages = await Promise.all(
      ['steering', 'board', 'review-setup', 'selection'].map((p) => agent.get(`/console/calls/${world.callId}/${p}`)),
    );
    const posts = await Promise.all([
      agent
        .post(`/console/calls/${world.callId}/steering`)
        .type('form')
        .send({ _csrf: csrf, type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'x' }),
      agent
        .post(`/console/calls/${world.callId}/board`)
        .type('form')
        .send({ _csrf: csrf, type: 'RECORD_BOARD_MEETING', date: '2031-01-01', attendees: 'A' }),
      agent
        .post(`/console/calls/${world.callId}/review-setup`)
        .type('form')
        .send({ _csrf: csrf, type: 'CONFIGURE_REVIEW', minReviewersPerAgency: '2' }),
    ]);

    for (const res of [...pages, ...posts]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).not.toContain(title);
    }
    expect(await callVersion()).toBe(version);
  });

  it("answers 403 to the call's people who do not manage its review on the review set-up, review management and selection pages; their set-up form changes nothing", async () => {
    const pages = ['review-setup', 'review', 'selection'];
    const outsiders = [
      who(world.lead, 'applicant'),
      who(world.lead, 'reviewer'),
      who(world.counterpart, 'board_member'),
      who(world.lead, 'steering_committee_member'),
    ];
    const version = await callVersion();
    const statuses: [string, string, number][] = [];
    for (const person of outsiders) {
      const { agent, csrf } = await signedIn(person);
      for (const page of pages)
        statuses.push([
          person.actor.grants[0].role,
          page,
          (await agent.get(`/console/calls/${world.callId}/${page}`)).status,
        ]);
      const post = await agent
        .post(`/console/calls/${world.callId}/review-setup`)
        .type('form')
        .send({ _csrf: csrf, type: 'CONFIGURE_REVIEW', minReviewersPerAgency: '2' });
      statuses.push([person.actor.grants[0].role, 'POST review-setup', post.status]);
      expect(post.text).not.toContain('name="minReviewersPerAgency');
    }
    expect(statuses).toEqual(
      outsiders.flatMap((p) => [...pages, 'POST review-setup'].map((page) => [p.actor.grants[0].role, page, 403])),
    );
    expect(await callVersion()).toBe(version);

    const managers = [
      who(world.lead, 'program_officer'),
      who(world.lead, 'program_director'),
      who(world.counterpart, 'agency_officer'),
      world.admin,
    ];
    for (const person of managers) {
      const { agent } = await signedIn(person);
      for (const page of pages)
        expect([page, (await agent.get(`/console/calls/${world.callId}/${page}`)).status]).toEqual([page, 200]);
    }
  });

  it('answers 403 to people of the call without the page role: the committee page is for its members, the board page for the board', async () => {
    const cases: [Person, string][] = [
      [who(world.lead, 'applicant'), 'steering'],
      [who(world.lead, 'applicant'), 'board'],
      [who(world.lead, 'reviewer'), 'steering'],
      [who(world.lead, 'program_officer'), 'steering'],
      [who(world.lead, 'program_director'), 'board'],
      [who(world.counterpart, 'board_member'), 'steering'],
      [who(world.counterpart, 'steering_committee_member'), 'board'],
    ];
    const statuses: [string, string, number][] = [];
    for (const [person, page] of cases) {
      const { agent } = await signedIn(person);
      statuses.push([
        person.actor.grants[0].role,
        page,
        (await agent.get(`/console/calls/${world.callId}/${page}`)).status,
      ]);
    }
    const own = [
      (
        await (
          await signedIn(who(world.counterpart, 'steering_committee_member'))
        ).agent.get(`/console/calls/${world.callId}/steering`)
      ).status,
      (await (await signedIn(who(world.counterpart, 'board_member'))).agent.get(`/console/calls/${world.callId}/board`))
        .status,
      (await (await signedIn(world.admin)).agent.get(`/console/calls/${world.callId}/board`)).status,
    ];

    expect(statuses).toEqual(cases.map(([person, page]) => [person.actor.grants[0].role, page, 403]));
    expect(own).toEqual([200, 200, 200]);
  });

  it("refuses a board member's opinion on the committee page with 403 and records nothing", async () => {
    const { agent, csrf } = await signedIn(who(world.lead, 'board_member'));
    const version = await callVersion();

    const res = await agent
      .post(`/console/calls/${world.callId}/steering`)
      .type('form')
      .send({ _csrf: csrf, type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'Not mine to give.' });
    const [{ n }] = await app.dataSource.query(`SELECT count(*)::int AS n FROM steering_opinions WHERE call_id = $1`, [
      world.callId,
    ]);

    expect(res.status).toBe(403);
    expect(n).toBe(0);
    expect(await callVersion()).toBe(version);
  });

  it("refuses the counterpart's review set-up (the lead agency sets it up) with 403, and a form without its token", async () => {
    const { agent, csrf } = await signedIn(who(world.counterpart, 'program_officer'));
    const version = await callVersion();
    const page = await agent.get(`/console/calls/${world.callId}/review-setup`).expect(200);

    const refused = await agent
      .post(`/console/calls/${world.callId}/review-setup`)
      .type('form')
      .send({
        _csrf: csrf,
        type: 'CONFIGURE_REVIEW',
        version: String(version),
        'scale.min': '1',
        'scale.max': '5',
        'criteria.0.key': 'excellence',
        'criteria.0.label': 'Excellence',
        'criteria.0.weight': '1',
        'criteria.0.threshold': '',
        minReviewersPerAgency: '7',
        reviewDue: '',
        totalThreshold: '',
        recommendationScale: 'fund\ndo_not_fund',
        redressDays: '30',
      });
    const tokenless = await agent.post(`/console/calls/${world.callId}/review-setup`).type('form').send({
      type: 'ADD_AGENCY_CRITERIA',
      'criteria.0.key': 'impact',
      'criteria.0.label': 'Impact',
      'criteria.0.weight': '1',
    });

    expect(page.text).not.toContain('id="review-setup-form"');
    expect(page.text).toContain('id="agency-criteria-form"');
    expect(refused.status).toBe(403);
    expect(tokenless.status).toBe(403);
    expect(tokenless.text).toContain('This form has expired');
    expect(await callVersion()).toBe(version);
  });

  it('refuses retries of notifications to anyone but an administrator', async () => {
    const { agent, csrf } = await signedIn(who(world.lead, 'program_director'));

    const one = await agent
      .post(`/console/dashboard/notifications/${world.callId}/retry`)
      .type('form')
      .send({ _csrf: csrf });
    const all = await agent.post('/console/dashboard/notifications/retry').type('form').send({ _csrf: csrf });

    expect([one.status, all.status]).toEqual([403, 403]);
  });

  it("names a rejection without its reason beside the item's field, and the board's decision waits", async () => {
    const other = await factory.world();
    const [kept, rejected] = await callAtBoard(app.app, factory, other, ['Kept project', 'Rejected project']);
    const member = (agency: string, role: string) => other.people[agency][role];
    await factory.send(
      'call',
      other.callId,
      { type: 'RECORD_OPINION', recommendation: 'approve', opinion: 'Fine.' },
      member(other.lead, 'steering_committee_member').actor,
    );
    await factory.send(
      'call',
      other.callId,
      { type: 'CONCLUDE_DELIBERATION', recommendation: 'approve' },
      member(other.lead, 'steering_committee_member').actor,
    );
    const { agent, csrf } = await signedIn(member(other.lead, 'board_member'));
    const meeting = await agent
      .post(`/console/calls/${other.callId}/board`)
      .type('form')
      .send({ _csrf: csrf, type: 'RECORD_BOARD_MEETING', date: '2031-03-01', attendees: 'Chair\nMember' });
    const before = (
      await request(app.url)
        .get(`/api/v1/calls/${other.callId}`)
        .set('Authorization', `Bearer ${other.admin.token}`)
        .expect(200)
    ).body;

    const res = await agent
      .post(`/console/calls/${other.callId}/board`)
      .type('form')
      .send({
        _csrf: csrf,
        type: 'BOARD_APPROVE_SELECTION',
        version: String(before.version),
        [`decision.${kept}`]: 'approve',
        [`decision.${rejected}`]: 'reject',
        [`reason.${rejected}`]: '',
      });
    const after = (
      await request(app.url)
        .get(`/api/v1/calls/${other.callId}`)
        .set('Authorization', `Bearer ${other.admin.token}`)
        .expect(200)
    ).body;
    const fieldError = res.text.match(new RegExp(`id="item-${rejected.slice(0, 8)}-reason-error">([^<]*)<`))?.[1];

    expect(meeting.status).toBe(303);
    expect(before.progress.boardMeeting).toEqual({ date: '2031-03-01T23:59:59.000Z', attendees: ['Chair', 'Member'] });
    expect(res.status).toBe(400);
    expect(fieldError).toBeTruthy();
    expect(res.text).toContain('Reason for Rejected project');
    expect(after.state).toBe('board_review.board_meeting');
    expect(after.version).toBe(before.version);
  });

  it('shows the committee, board and set-up pages in Japanese to a user who chose it', async () => {
    const people = [
      who(world.lead, 'steering_committee_member'),
      who(world.lead, 'board_member'),
      who(world.lead, 'program_officer'),
    ];
    await app.dataSource.query(`UPDATE users SET locale = 'ja' WHERE id = ANY($1)`, [people.map((p) => p.userId)]);
    const texts: string[] = [];
    for (const [person, page] of [
      [people[0], 'steering'],
      [people[1], 'board'],
      [people[2], 'review-setup'],
    ] as const) {
      const { agent } = await signedIn(person);
      texts.push((await agent.get(`/console/calls/${world.callId}/${page}`).expect(200)).text);
    }

    expect(texts[0]).toContain('運営委員会：');
    expect(texts[0]).toContain('委員の意見');
    expect(texts[1]).toContain('理事会：');
    expect(texts[1]).toContain('延期された項目');
    expect(texts[2]).toContain('審査の設定：');
    expect(texts[2]).toContain('審査の設定を保存');
  });
});
