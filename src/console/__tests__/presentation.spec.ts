import { WORKFLOWS } from '../../../workflows/index.js';
import { en } from '../i18n/en.js';
import { translator, validTimeZone } from '../i18n/i18n.js';
import { type Narration, type TimelineItem, actorPhrase, storyOf, timeline } from '../workflow/workflow.view.js';

const proposal = WORKFLOWS.find((w) => w.subject === 'proposal' && w.events.RULE_ELIGIBILITY)!;

describe('dates in the reader’s time zone', () => {
  const at = '2030-01-31T23:30:00Z';

  it('shows UTC, and says so, until the reader’s zone is known', () => {
    expect(translator('en').date(at)).toBe('31 Jan 2030, 23:30 UTC');
  });

  it('shows the time in the reader’s zone with the zone’s name, in each language', () => {
    expect(translator('en', 'Asia/Tokyo').date(at)).toBe('1 Feb 2030, 08:30 GMT+9');
    expect(translator('ja', 'Asia/Tokyo').date(at)).toBe('2030/02/01 8:30 JST');
    expect(translator('en', 'America/New_York').date('2030-07-01T12:00:00Z')).toBe('1 Jul 2030, 08:00 GMT-4');
  });

  it('keeps a day (a due date) the day of the data, and treats an unknown zone as UTC', () => {
    expect(translator('en', 'Asia/Tokyo').day(at)).toBe('31 Jan 2030');
    expect(validTimeZone('Mars/Olympus')).toBeUndefined();
    expect(translator('en', 'Mars/Olympus').date(at)).toBe('31 Jan 2030, 23:30 UTC');
  });
});

describe('plural forms', () => {
  it('takes the form Intl.PluralRules selects, never "(s)"', () => {
    const t = translator('en');
    expect(t.t('consolidation.reviewsIn', { n: 1, min: 2 })).toBe(
      '1 submitted review; the call requires 2 per agency.',
    );
    expect(t.t('consolidation.reviewsIn', { n: 3, min: 2 })).toBe(
      '3 submitted reviews; the call requires 2 per agency.',
    );
    expect(t.t('consolidation.reviewsIn', { n: 0, min: 2 })).toMatch(/^0 submitted reviews;/);
    expect(translator('ja').t('consolidation.reviewsIn', { n: 1, min: 2 })).toContain('1 件');
    expect(Object.values(en).filter((text) => text.includes('(s)'))).toEqual([]);
  });
});

describe('timelines in words', () => {
  const officer = '11111111-1111-4111-8111-111111111111';
  const narration: Narration = {
    definition: proposal,
    grants: new Map([
      [
        officer,
        [
          { role: 'program_officer', agency: 'JST' },
          { role: 'reviewer', agency: 'NSF' },
        ],
      ],
    ]),
    names: { '22222222-2222-4222-8222-222222222222': 'Glacier lake outburst warning' },
  };
  const item = (over: Partial<TimelineItem>): TimelineItem => ({
    seq: 4,
    event: 'RULE_ELIGIBILITY',
    payload: { agency: 'JST', eligible: true },
    from: 'eligibility_check',
    to: 'eligibility_check',
    actor: { id: officer, name: 'Jane Doe' },
    at: '2030-01-31T10:00:00Z',
    ...over,
  });

  it('tells who, in which capacity and for which agency, did what: "JST\'s program officer ruled JST\'s party eligible"', () => {
    expect(storyOf(translator('en'), narration, item({}))).toBe(
      "JST's program officer (Jane Doe) ruled JST's party eligible.",
    );
    expect(storyOf(translator('en'), narration, item({ payload: { agency: 'JST', eligible: false } }))).toBe(
      "JST's program officer (Jane Doe) ruled JST's party ineligible.",
    );
    expect(storyOf(translator('ja'), narration, item({}))).toBe(
      'JST プログラムオフィサー（PO）の Jane Doe が JST 側の参加者を要件適合と判定しました。',
    );
    expect(storyOf(translator('en'), narration, item({ event: 'SUBMIT', actor: { id: null, name: 'system' } }))).toBe(
      'Tandem (automatically) submitted the proposal.',
    );
  });

  it('labels the details, names ids it knows, leaves out the others, and shows no ISO timestamps', () => {
    const html = timeline(
      translator('en'),
      [
        item({
          event: 'REQUEST_INFORMATION',
          payload: {
            message: 'Please send the budget.',
            proposalId: '22222222-2222-4222-8222-222222222222',
            reviewerUserId: '33333333-3333-4333-8333-333333333333',
            until: '2030-02-15T23:59:59Z',
          },
        }),
      ],
      undefined,
      narration,
    ).value;
    expect(html).toContain('<dt>Message to the applicants</dt><dd>Please send the budget.</dd>');
    expect(html).toContain('<dt>Proposal</dt><dd>Glacier lake outburst warning</dd>');
    expect(html).toContain('15 Feb 2030, 23:59 UTC');
    expect(html).not.toMatch(/33333333|2030-02-15T|Reviewer<\/dt>/);
  });
});

describe('timeline sentences per kind of subject', () => {
  const staff = '44444444-4444-4444-8444-444444444444';
  const grants: Narration['grants'] = new Map([[staff, [{ role: 'program_officer', agency: 'JST' }]]]);
  const narrationOf = (definition: (typeof WORKFLOWS)[number]): Narration => ({ definition, grants, names: {} });
  const step = (event: string, over: Partial<TimelineItem> = {}): TimelineItem => ({
    seq: 2,
    event,
    payload: {},
    from: 'accepted',
    to: 'withdrawn',
    actor: { id: staff, name: 'Jane Doe' },
    at: '2030-01-31T10:00:00Z',
    ...over,
  });
  const assignments = WORKFLOWS.filter((w) => w.subject === 'assignment');
  const latestAssignment = assignments.reduce((a, b) => (b.version > a.version ? b : a));

  it('tells an assignment withdrawn by its agency as the assignment, a proposal withdrawn as the proposal', () => {
    expect(storyOf(translator('en'), narrationOf(latestAssignment), step('WITHDRAW'))).toBe(
      "JST's program officer (Jane Doe) withdrew the assignment.",
    );
    expect(storyOf(translator('ja'), narrationOf(latestAssignment), step('WITHDRAW'))).toBe(
      'JST プログラムオフィサー（PO）の Jane Doe が査読の依頼を取り下げました。',
    );
    expect(storyOf(translator('en'), narrationOf(proposal), step('WITHDRAW'))).toBe(
      "JST's program officer (Jane Doe) withdrew the proposal.",
    );
  });

  it('says an assignment ended with its proposal or its call, in either version', () => {
    const system = { id: null, name: 'system' };
    const en = translator('en');
    const v2 = narrationOf(latestAssignment);
    expect(storyOf(en, v2, step('PROPOSAL_WITHDRAWN', { actor: system }))).toBe(
      'Tandem (automatically) ended the assignment: the applicants withdrew the proposal.',
    );
    expect(storyOf(en, v2, step('CALL_CANCELLED', { actor: system, payload: { reason: 'No funds.' } }))).toBe(
      'Tandem (automatically) ended the assignment: the call was cancelled.',
    );
    // Version 1 logged these as the system's WITHDRAW, with the reason the fan-out wrote.
    const v1 = narrationOf(assignments.find((w) => w.version === 1)!);
    const legacy = (reason: string) => step('WITHDRAW', { actor: system, payload: { reason } });
    expect(storyOf(en, v1, legacy('proposal withdrawn by its applicants: budget cut'))).toBe(
      'Tandem (automatically) ended the assignment: the applicants withdrew the proposal.',
    );
    expect(storyOf(translator('ja'), v1, legacy('call cancelled: No funds.'))).toBe(
      '公募が中止されたため、Tandem（自動）が査読の依頼を終了しました。',
    );
    // A person's reason, whatever it says, is theirs: told as their withdrawal.
    expect(storyOf(en, v1, step('WITHDRAW', { payload: { reason: 'call cancelled soon' } }))).toBe(
      "JST's program officer (Jane Doe) withdrew the assignment.",
    );
  });

  it.each(assignments.map((w) => [`${w.id}@${w.version}`, w] as const))(
    'names the review or the assignment in the sentence of every event of %s, in English and Japanese',
    (_, workflow) => {
      for (const event of Object.keys(workflow.events)) {
        const en = storyOf(translator('en'), narrationOf(workflow), step(event));
        const ja = storyOf(translator('ja'), narrationOf(workflow), step(event));
        expect({ event, en: /\b(review|assignment)\b/.test(en) }).toEqual({ event, en: true });
        expect({ event, ja: ja.includes('査読') }).toEqual({ event, ja: true });
      }
    },
  );

  it('tells an event shared by several kinds of subject in words of each, or in neutral words', () => {
    const subjectsOf = new Map<string, Map<string, (typeof WORKFLOWS)[number]>>();
    for (const w of WORKFLOWS)
      for (const event of Object.keys(w.events)) {
        const bySubject = subjectsOf.get(event) ?? new Map();
        bySubject.set(w.subject, w);
        subjectsOf.set(event, bySubject);
      }
    const shared = [...subjectsOf].filter(([, bySubject]) => bySubject.size > 1);
    expect(shared.map(([event]) => event)).toContain('WITHDRAW');
    for (const locale of ['en', 'ja'] as const) {
      const t = translator(locale);
      for (const [event, bySubject] of shared) {
        // The generic sentence ("who: Event label.") names no subject; any other must be the subject's own.
        const specific = [...bySubject.values()]
          .map((w) => ({ w, text: storyOf(t, narrationOf(w), step(event)) }))
          .filter(
            ({ w, text }) =>
              text !==
              t.t('story.generic', {
                who: actorPhrase(t, narrationOf(w), step(event)),
                event: t.label('event', event),
              }),
          )
          .map(({ text }) => text);
        expect({ locale, event, repeated: specific.length - new Set(specific).size }).toEqual({
          locale,
          event,
          repeated: 0,
        });
      }
    }
  });
});

describe('timers, programs and reviewers in the reader’s language', () => {
  it.each(['opens', 'closes', 'review-reminder', 'review-overdue', 'board-deferred-item', 'redress-window'])(
    'labels the timer %s in English and Japanese',
    (name) => {
      expect(translator('en').label('timer', name)).not.toBe(name);
      expect(translator('ja').label('timer', name)).not.toBe(name);
      expect(translator('ja').label('timer', name)).not.toBe(translator('en').label('timer', name));
    },
  );
});
