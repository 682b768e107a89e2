import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AssignmentsService } from '../../src/modules/reviews/assignments.service.js';
import { LOCALES, TemplateCatalog } from '../../src/modules/notifications/template-catalog.js';
import { Factory, type Person, type World } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startSmtpSink, waitUntil, type ReceivedMail, type SmtpSink } from '../support/smtp-sink.js';
import { PASSWORD, withPassword } from '../support/browser.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { dropQueues, settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

const DAY = 86_400_000;
const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'mail');

/**
 * Every message template, in English and Japanese, rendered with the data of a real call, proposal
 * and review assignment taken there through the engine, sent by the worker to a real SMTP server,
 * and written to test-artifacts/mail/<template>.<lang>.txt (and .html) for people to read. Each
 * must have every field filled and every link on a console page of PUBLIC_URL; a link followed
 * while signed out leads through sign-in back to its page.
 */
describe('every message, in both languages, with real data', () => {
  let app: TestApp;
  let factory: Factory;
  let world: World;
  let smtp: SmtpSink;
  let worker: TestWorker;
  let english: Person;
  let japanese: Person;
  let reviewer: Person & { reviewerId: string };
  const catalog = new TemplateCatalog();
  const ids = { call: '', proposal: '', assignment: '' };
  let callTitle = '';
  const proposalTitle = 'Glacier lake outburst warning';
  const dueAt = new Date(Date.now() + 21 * DAY);
  dueAt.setUTCHours(9, 0, 0, 0);

  beforeAll(async () => {
    app = await startTestApp();
    factory = new Factory(app.app);
    world = await factory.world();
    smtp = await startSmtpSink();
    english = world.admin;
    japanese = await factory.person('administrator', null);
    await app.dataSource.query(`UPDATE users SET locale = 'ja', display_name = '佐藤 花子' WHERE id = $1`, [
      japanese.userId,
    ]);
    await app.dataSource.query(`UPDATE users SET display_name = 'Alex Smith' WHERE id = $1`, [english.userId]);
    await app.dataSource.query(`UPDATE agencies SET name = 'Japan Science and Technology Agency' WHERE code = $1`, [
      world.lead,
    ]);
    await settleEarlierEffects(app.dataSource);
    // Links point at this very service, so that they can be followed.
    worker = await startWorker({ SMTP_URL: smtp.url, PUBLIC_URL: app.url, RELAY_POLL_MS: '100' });

    // A real review: the call configured, the proposal submitted and found eligible, a reviewer invited.
    const po = world.people[world.lead].program_officer;
    const cpPo = world.people[world.counterpart].program_officer;
    ids.call = world.callId;
    [{ title: callTitle }] = await app.dataSource.query(`SELECT title FROM calls WHERE id = $1`, [ids.call]);
    await factory.send(
      'call',
      ids.call,
      { type: 'CONFIGURE_REVIEW', minReviewersPerAgency: 1, reviewDue: dueAt.toISOString() },
      po.actor,
    );
    ids.proposal = await factory.proposal(world, { title: proposalTitle }, { submit: true });
    await factory.send('call', ids.call, { type: 'CLOSE' }, po.actor);
    await factory.send('call', ids.call, { type: 'START_REVIEW' }, po.actor);
    await factory.send('proposal', ids.proposal, { type: 'START_ELIGIBILITY_CHECK' }, po.actor);
    await factory.send('proposal', ids.proposal, { type: 'RULE_ELIGIBILITY', eligible: true }, po.actor);
    await factory.send('proposal', ids.proposal, { type: 'RULE_ELIGIBILITY', eligible: true }, cpPo.actor);
    reviewer = await factory.reviewer(world.lead, { institution: 'Kyoto University', name: 'Kenji Watanabe' });
    await withPassword(app, reviewer);
    const assignment = await app.app
      .get(AssignmentsService)
      .create({ proposalId: ids.proposal, reviewerId: reviewer.reviewerId, dueAt: dueAt.toISOString() }, po.actor);
    ids.assignment = assignment.id;
    await smtp.waitFor((mails) => mails.some((m) => m.to.includes(reviewer.email)), 60_000);
  }, 240_000);
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.close();
    await dropQueues(TEST_REDIS_URL, process.env.QUEUE_PREFIX!);
  });

  /** What the workflows carry with each template (workflows/): ids, the agency, the decision. */
  const effectOf = (template: string): { agency?: string; data?: Record<string, unknown> } => {
    const agency = world.lead;
    switch (template) {
      case 'reviewer-invitation':
      case 'review-reminder':
        return { data: { proposalId: ids.proposal, agency, dueAt: dueAt.toISOString() } };
      case 'assignment-withdrawn':
      case 'assignment-reassigned':
      case 'assignment-ended-call-cancelled':
        return { data: { proposalId: ids.proposal, agency, reason: 'The panel was reorganised.' } };
      case 'assignment-ended-proposal-withdrawn':
        return { data: { proposalId: ids.proposal, agency } };
      case 'review-submitted':
      case 'review-overdue-escalation':
        return { data: { proposalId: ids.proposal, agency, reviewerUserId: reviewer.userId } };
      case 'agency-review-sent-back':
        return { agency, data: { agency } };
      case 'board-decision':
        return { data: { decision: 'board_approved' } };
      case 'redress-decided':
        return { data: { decision: 'redress_upheld' } };
      case 'ineligible-redress-open':
        return { data: { dueAt: dueAt.toISOString() } };
      case 'stage-reminder':
      case 'stage-overdue':
        return { data: { decision: 'eligibility_check' } };
      case 'information-overdue':
        return { data: { decision: 'escalated' } };
      case 'extension-decided':
        return { data: { decision: 'extended' } };
      case 'request-decided':
        return { data: { decision: 'approved' } };
      case 'results-to-pi':
        return { data: { decision: 'awarded', commentsToApplicants: [], redressUntil: null } };
      case 'party-invitation':
        return { agency: world.counterpart, data: { role: 'pi', agency: world.counterpart } };
      default:
        return {};
    }
  };

  /** Every template's message to an English and a Japanese reader, as the worker sends it. */
  async function sendEveryTemplate(): Promise<{ mails: Map<string, ReceivedMail>; failed: string[] }> {
    const templates = Object.keys(catalog.rules).sort();
    const outboxIds: string[] = [];
    for (const template of templates) {
      const kind = catalog.rule(template)!.subjects[0];
      const instanceId = ids[kind];
      const effect = effectOf(template);
      const [{ id }] = await app.dataSource.query(
        `INSERT INTO outbox (instance_id, transition_seq, kind, payload)
         SELECT $1, max(seq), 'notify', $2::jsonb FROM transition_log WHERE instance_id = $1 RETURNING id`,
        [
          instanceId,
          JSON.stringify({
            template,
            audience: [],
            recipients: [english.userId, japanese.userId],
            ...effect,
          }),
        ],
      );
      outboxIds.push(id);
    }
    // Each e-mail sent, or failed for good (a message that cannot be rendered is never sent blank).
    const emails = () =>
      app.dataSource.query(
        `SELECT n.template, n.locale, n.status, n.last_error FROM notifications n
          WHERE n.outbox_id = ANY($1::uuid[]) AND n.channel = 'email' AND n.recipient_user_id = ANY($2::uuid[])`,
        [outboxIds, [english.userId, japanese.userId]],
      );
    await waitUntil(async () => {
      const rows = await emails();
      return rows.length === templates.length * 2 && rows.every((r: { status: string }) => r.status !== 'pending');
    }, 120_000);
    const failed = (await emails())
      .filter((r: { status: string }) => r.status === 'failed')
      .map(
        (r: { template: string; locale: string; last_error: string }) => `${r.template}.${r.locale}: ${r.last_error}`,
      );
    const mine = () => smtp.mails.filter((m) => m.to.includes(english.email) || m.to.includes(japanese.email));
    await smtp.waitFor(() => mine().length >= templates.length * 2 - failed.length, 60_000);
    const byKey = new Map<string, ReceivedMail>();
    for (const m of mine()) {
      const template = m.raw.match(/X-Tandem-Notification: (\S+)/)?.[1];
      const [row] = await app.dataSource.query(`SELECT template FROM notifications WHERE id = $1`, [template]);
      byKey.set(`${row.template}.${m.to.includes(japanese.email) ? 'ja' : 'en'}`, m);
    }
    return { mails: byKey, failed };
  }

  const blanks = (s: string): string[] =>
    [
      /\{\{|\}\}/,
      /\bundefined\b/,
      /\bnull\b/,
      /\bNaN\b/,
      /Invalid Date/,
      /""|“”|「」|（）|\(\)/,
      /\s[.,:;]/,
      /[:：]\s*[.。]/,
      /様\n\n?$/m,
    ]
      .filter((re) => re.test(s))
      .map(String);

  it('renders every template in English and Japanese with every field filled and console links', async () => {
    const { mails, failed } = await sendEveryTemplate();
    mkdirSync(ARTIFACTS, { recursive: true });
    const problems: string[] = [...failed];
    for (const template of Object.keys(catalog.rules).sort()) {
      for (const lang of LOCALES) {
        const mail = mails.get(`${template}.${lang}`);
        if (!mail) {
          problems.push(`${template}.${lang}: not received`);
          continue;
        }
        writeFileSync(join(ARTIFACTS, `${template}.${lang}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
        writeFileSync(join(ARTIFACTS, `${template}.${lang}.html`), mail.html);
        const whole = `${mail.subject}\n${mail.text}`;
        for (const b of blanks(whole)) problems.push(`${template}.${lang}: ${b}`);
        const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
        const htmlLinks = [...mail.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
        if (links.length === 0) problems.push(`${template}.${lang}: no link`);
        for (const link of [...links, ...htmlLinks])
          if (!link.startsWith(`${app.url}/console/`)) problems.push(`${template}.${lang}: link ${link}`);
        const kind = catalog.rule(template)!.subjects[0];
        if (!links.some((l) => l.includes(ids[kind]))) problems.push(`${template}.${lang}: no link to its ${kind}`);
        const title = kind === 'call' ? callTitle : proposalTitle;
        if (!whole.includes(title)) problems.push(`${template}.${lang}: no title ${title}`);
        if (lang === 'ja' && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(mail.text))
          problems.push(`${template}.ja: not Japanese`);
        if (!mail.text.includes(lang === 'ja' ? '佐藤 花子 様' : 'Dear Alex Smith,'))
          problems.push(`${template}.${lang}: not addressed to its reader`);
      }
    }
    expect(problems).toEqual([]);

    // The review's facts, written for each language.
    const invitation = mails.get('reviewer-invitation.en')!;
    expect(invitation.subject).toBe(`Invitation to review: ${proposalTitle}`);
    expect(invitation.text).toContain(
      `Japan Science and Technology Agency (${world.lead}) invites you to review the joint proposal "${proposalTitle}" of the call "${callTitle}".`,
    );
    expect(invitation.text).toContain(
      `due on ${new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(dueAt)} UTC`,
    );
    expect(mails.get('review-reminder.ja')!.text).toMatch(
      new RegExp(
        `査読期限は ${dueAt.getUTCFullYear()}年${dueAt.getUTCMonth() + 1}月${dueAt.getUTCDate()}日 9:00 UTC です`,
      ),
    );
    expect(mails.get('board-decision.ja')!.text).toContain('について決定しました：承認。');
    expect(mails.get('results-to-pi.en')!.text).toContain('is available: awarded.');
    // Decision and result letters say which version of the call governs (this call: English).
    expect(mails.get('results-to-pi.en')!.text).toContain('The English version of this call is authoritative.');
    expect(mails.get('results-to-pi.ja')!.text).toContain('本公募は英語版が正文です。本メールは参考のための翻訳です。');
    expect(mails.get('results-announced.ja')!.text).toContain('本公募は英語版が正文です。');
  }, 240_000);

  it("sends the reviewer's real invitation with the proposal, the call, the agency and the due date", async () => {
    const [mail] = smtp.to(reviewer.email);

    expect(mail.subject).toBe(`Invitation to review: ${proposalTitle}`);
    expect(mail.text).toContain(`of the call "${callTitle}"`);
    expect(mail.text).toContain(`${app.url}/console/reviews/${ids.assignment}`);
    expect(blanks(`${mail.subject}\n${mail.text}`)).toEqual([]);
  });

  it('leads a link followed while signed out through sign-in back to its page', async () => {
    const [mail] = smtp.to(reviewer.email);
    const link = mail.text.match(/https?:\/\/\S+/)![0];
    const path = new URL(link).pathname;

    const signedOut = await request(app.url).get(path).expect(303);
    expect(signedOut.headers.location).toBe(`/console/sign-in?next=${encodeURIComponent(path)}`);
    const form = await request(app.url).get(signedOut.headers.location).expect(200);
    const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const csrf = form.text.match(/name="_csrf" value="([^"]+)"/)![1];
    expect(form.text).toContain(`name="next" value="${path}"`);
    const signedIn = await request(app.url)
      .post('/console/sign-in')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrf, email: reviewer.email, password: PASSWORD, next: path })
      .expect(303);
    expect(signedIn.headers.location).toBe(path);
    const session = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const page = await request(app.url).get(path).set('Cookie', session.join('; ')).expect(200);
    expect(page.text).toContain(proposalTitle);

    // An address outside the console is never a place to return to.
    const elsewhere = await request(app.url)
      .post('/console/sign-in')
      .set('Cookie', cookies.join('; '))
      .type('form')
      .send({ _csrf: csrf, email: reviewer.email, password: PASSWORD, next: '//evil.example/console' })
      .expect(303);
    expect(elsewhere.headers.location).toBe('/console');
  });

  it("writes a letter of a call whose Japanese version governs with each reader's title and the clause", async () => {
    const titleJa = '氷河湖決壊の早期警戒に関する共同公募';
    await app.dataSource.query(
      `UPDATE calls SET title_ja = $2, title = $2, authoritative_language = 'ja' WHERE id = $1`,
      [ids.call, titleJa],
    );
    const [{ id }] = await app.dataSource.query(
      `INSERT INTO outbox (instance_id, transition_seq, kind, payload)
       SELECT $1, max(seq), 'notify', $2::jsonb FROM transition_log WHERE instance_id = $1 RETURNING id`,
      [
        ids.proposal,
        JSON.stringify({
          template: 'results-to-pi',
          audience: [],
          recipients: [english.userId, japanese.userId],
          data: { decision: 'awarded', commentsToApplicants: [], redressUntil: null },
        }),
      ],
    );
    const letters = async () => {
      const rows: { id: string; locale: string; status: string; last_error: string | null }[] =
        await app.dataSource.query(
          `SELECT id, locale, status, last_error FROM notifications
            WHERE outbox_id = $1 AND channel = 'email' AND recipient_user_id = ANY($2::uuid[])`,
          [id, [english.userId, japanese.userId]],
        );
      return rows;
    };
    await waitUntil(async () => {
      const rows = await letters();
      return rows.length === 2 && rows.every((r) => r.status !== 'pending');
    }, 60_000);
    expect((await letters()).map((r) => `${r.locale}: ${r.status} ${r.last_error ?? ''}`).sort()).toEqual([
      'en: delivered ',
      'ja: delivered ',
    ]);
    const byLocale = new Map<string, ReceivedMail>();
    for (const row of await letters()) {
      await smtp.waitFor((mails) => mails.some((m) => m.raw.includes(`X-Tandem-Notification: ${row.id}`)), 30_000);
      byLocale.set(
        row.locale,
        smtp.mails.find((m) => m.raw.includes(`X-Tandem-Notification: ${row.id}`))!,
      );
    }
    const en = byLocale.get('en')!;
    const ja = byLocale.get('ja')!;
    writeFileSync(join(ARTIFACTS, 'results-to-pi.japanese-governs.en.txt'), `Subject: ${en.subject}\n\n${en.text}`);
    writeFileSync(join(ARTIFACTS, 'results-to-pi.japanese-governs.ja.txt'), `Subject: ${ja.subject}\n\n${ja.text}`);

    expect(en.text).toContain(`to the call "${callTitle}"`);
    expect(en.text).toContain(
      'The Japanese version of this call is authoritative; this message is a translation for your convenience.',
    );
    expect(ja.text).toContain(`公募「${titleJa}」`);
    expect(ja.text).toContain('本公募は日本語版が正文です。');
    expect(ja.text).not.toContain('参考のための翻訳');
    expect(blanks(`${en.subject}\n${en.text}`)).toEqual([]);
    expect(blanks(`${ja.subject}\n${ja.text}`)).toEqual([]);
  }, 120_000);
});
