import { ConflictIndex, detectConflicts, normalize } from '../conflicts.js';

const subject = {
  applicantUserId: 'applicant-1',
  parties: [
    { agency: 'JST', piName: 'Hanako Sato', piEmail: 'hanako@u-tokyo.ac.jp', institution: 'University of Tokyo' },
    { agency: 'NSF', piName: 'Alex Smith', piEmail: null, institution: 'University of Washington' },
  ],
};
const profile = (overrides: Partial<Parameters<typeof detectConflicts>[0]> = {}) => ({
  userId: 'rev-1',
  email: 'rev@example.org',
  institutions: ['Kyoto University'],
  coauthors: [],
  ...overrides,
});

describe('detectConflicts', () => {
  it('finds none for an unrelated reviewer', () => {
    expect(detectConflicts(profile(), subject)).toEqual([]);
  });

  it("finds the same institution as a party's PI, whatever the case and spacing", () => {
    expect(detectConflicts(profile({ institutions: ['  university of   WASHINGTON '] }), subject)).toEqual([
      {
        kind: 'same-institution',
        reason: "the reviewer works at the institution of the NSF party's principal investigator",
      },
    ]);
  });

  it('finds a PI among the recent co-authors, across agencies', () => {
    expect(detectConflicts(profile({ coauthors: ['hanako sato'] }), subject).map((c) => c.kind)).toEqual(['co-author']);
  });

  it('finds the reviewer as a party: the applicant, or a PI by e-mail', () => {
    expect(detectConflicts(profile({ userId: 'applicant-1' }), subject).map((c) => c.kind)).toEqual(['party']);
    expect(detectConflicts(profile({ email: 'Hanako@U-Tokyo.ac.jp' }), subject).map((c) => c.kind)).toEqual(['party']);
  });

  it('reports declared conflicts with their reason', () => {
    expect(detectConflicts(profile(), subject, ['former student'])).toEqual([
      { kind: 'declared', reason: 'the reviewer declared a conflict of interest: former student' },
    ]);
  });

  it('normalises case and whitespace only', () => {
    expect(normalize('  Tohoku\tUNIVERSITY  ')).toBe('tohoku university');
  });
});

describe('ConflictIndex', () => {
  const reviewers = [
    { userId: 'u0', email: 'a@x', institution: 'University of Tokyo', recentCoauthors: [] },
    { userId: 'u1', email: 'b@x', institution: 'Elsewhere', recentCoauthors: ['Alex Smith'] },
    { userId: 'u2', email: 'hanako@u-tokyo.ac.jp', institution: 'Elsewhere', recentCoauthors: [] },
    { userId: 'applicant-1', email: 'c@x', institution: 'Elsewhere', recentCoauthors: [] },
    { userId: 'u4', email: 'd@x', institution: 'Elsewhere', recentCoauthors: [] },
  ];
  const sut = new ConflictIndex(reviewers);

  it('finds the same reviewers as detectConflicts', () => {
    const expected = reviewers
      .map(
        (r, i) =>
          [
            i,
            detectConflicts(
              { userId: r.userId, email: r.email, institutions: [r.institution], coauthors: r.recentCoauthors },
              subject,
            ),
          ] as const,
      )
      .filter(([, c]) => c.length > 0)
      .map(([i]) => i);

    expect([...sut.conflicted(subject)].sort()).toEqual(expected);
    expect(expected).toEqual([0, 1, 2, 3]);
  });

  it('adds declared conflicts and lifts waived ones', () => {
    expect([...sut.conflicted(subject, ['u4'], new Map([['u0', new Set(['same-institution'])]]))].sort()).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('lifts only the kind waived, and never a party', () => {
    expect([...sut.conflicted(subject, ['u0'], new Map([['u0', new Set(['same-institution'])]]))].sort()).toEqual([
      0, 1, 2, 3,
    ]);
    expect([...sut.conflicted(subject, [], new Map([['applicant-1', new Set(['any'])]]))].sort()).toEqual([0, 1, 2, 3]);
  });
});
