import { WORKFLOWS } from '../../../workflows/index.js';
import { en } from '../i18n/en.js';
import { translator, validTimeZone } from '../i18n/i18n.js';
import { type Narration, type TimelineItem, storyOf, timeline } from '../workflow/workflow.view.js';

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
