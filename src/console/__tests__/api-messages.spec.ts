import { z } from 'zod';
import { localMessage, localProblem, zodErrorMap } from '../i18n/api-messages.js';
import { translator } from '../i18n/i18n.js';

const ja = translator('ja');
const en = translator('en');
const ENGLISH_SENTENCE = /[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}/;

describe("the API's refusals in the reader's language", () => {
  it.each([
    ['BOARD_APPROVE is not allowed in state selected', '状態が「採択候補」の間は'],
    [
      "the board decides once the steering committee has deliberated and the call's board meeting (date and attendees) is recorded",
      '運営委員会の審議が終わり',
    ],
    ["the Japanese title is required: Japanese is the call's authoritative language", '日本語のタイトルは必須です'],
    [
      "FY2027: NSF's envelope (about JPY 120,000,000) is not within 10% of JST's (JPY 100,000,000)",
      '2027 年度：NSF の予算枠',
    ],
    ["NSF stated no exchange rate to JPY: its envelope cannot be compared with JST's", 'NSF は円への換算レート'],
    ["JST's envelopes are all zero", 'JST の予算枠がすべて 0 です。'],
    ['titles.ja must be shorter than or equal to 300 characters', '300 文字以内'],
  ])('says %j in Japanese', (message, expected) => {
    const said = localMessage(ja, message);
    expect(said).toContain(expected);
    expect(said).not.toMatch(ENGLISH_SENTENCE);
  });

  it('says each of several joined reasons; English readers get events and states by their labels, not codes', () => {
    expect(localMessage(ja, "JST's envelopes are all zero; fiscal year 2027 has two envelopes")).toBe(
      'JST の予算枠がすべて 0 です。　2027 年度の予算枠が二重に入力されています。',
    );
    expect(localMessage(en, 'START_ELIGIBILITY_CHECK is not allowed in state eligibility_check')).toBe(
      'Start the eligibility check is not possible while the state is “Eligibility check”.',
    );
    expect(localMessage(en, 'title must be longer than or equal to 1 characters')).toBe('Required.');
    // A date in a reason in the reader's format, not as an ISO timestamp.
    expect(localMessage(ja, 'the due date 2026-12-03T17:48:51.780Z is not in the future')).not.toMatch(
      /T17:48|英語の原文/,
    );
    expect(localMessage(en, 'the new due date 2026-12-03T17:48:51.780Z is not in the future')).not.toContain('T17:48');
    // A sentence the console does not know stays as the API said it, unmarked, for an English reader.
    expect(localMessage(en, 'something new went wrong here')).toBe('something new went wrong here');
  });

  it('marks a sentence it does not know as the English original, and leaves Japanese text alone', () => {
    expect(localMessage(ja, 'something new went wrong here')).toBe('（英語の原文）something new went wrong here');
    expect(localMessage(ja, '入力してください。')).toBe('入力してください。');
  });

  it('translates every part of a problem', () => {
    const problem = localProblem(ja, {
      detail: "JST's envelopes are all zero",
      errors: [{ field: 'title', message: 'title should not be empty' }],
      reasons: ['the panel has recorded no result yet'],
    });
    expect(problem).toEqual({
      detail: 'JST の予算枠がすべて 0 です。',
      errors: [{ field: 'title', message: '入力してください。' }],
      reasons: ['パネルはまだ結果を記録していません。'],
    });
  });

  it("says a form's own validation (zod) in the reader's words, not zod's English", () => {
    const schema = z.object({ amount: z.number().min(0), kind: z.enum(['a', 'b']), note: z.string() });
    const issues = (t: typeof ja) =>
      schema.safeParse({ amount: -1, kind: 'c' }, { error: zodErrorMap(t) }).error!.issues.map((i) => i.message);
    expect(issues(ja)).toEqual([
      '0 以上の値を入力してください。',
      '選択肢から選んでください。',
      ja.t('validation.required'),
    ]);
    expect(issues(en)).toEqual(['Must be at least 0.', 'Choose one of the options.', en.t('validation.required')]);
  });

  it('says a bound that is itself refused (positive) as "greater than"', () => {
    const weight = z.object({ weight: z.number().positive() });
    const said = (t: typeof ja) => weight.safeParse({ weight: 0 }, { error: zodErrorMap(t) }).error!.issues[0].message;
    expect(said(en)).toBe('Must be greater than 0.');
    expect(said(ja)).toBe('0 より大きい値を入力してください。');
  });
});
