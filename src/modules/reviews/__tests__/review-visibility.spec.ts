import { visibleReviews, type ReviewPhase, type ReviewRecord, type ReviewViewer } from '../review-visibility.js';

const record = (assignmentId: string, agency: string, reviewerUserId: string, submitted = true): ReviewRecord => ({
  assignmentId,
  agency,
  reviewerUserId,
  reviewerName: `Name of ${reviewerUserId}`,
  scores: { excellence: 4 },
  total: 4,
  recommendation: 'fund',
  commentsToApplicants: `to applicants from ${reviewerUserId}`,
  confidentialComments: `secret of ${reviewerUserId}`,
  submittedAt: submitted ? '2027-04-01T00:00:00.000Z' : null,
});
const records = [record('a1', 'JST', 'j1'), record('a2', 'JST', 'j2', false), record('a3', 'NSF', 'n1')];
const viewer = (overrides: Partial<ReviewViewer> = {}): ReviewViewer => ({
  userId: 'someone',
  administrator: false,
  managesAt: new Set(),
  staffAt: new Set(),
  owner: false,
  ...overrides,
});
const phase = (overrides: Partial<ReviewPhase> = {}): ReviewPhase => ({
  agencies: ['JST', 'NSF'],
  panelOn: false,
  resultsAnnounced: false,
  reviewersSeeOthers: false,
  ...overrides,
});
const text = (x: unknown) => JSON.stringify(x);

describe('visibleReviews', () => {
  it('shows a reviewer their own review, draft included, and nothing else before they submit', () => {
    const sut = visibleReviews(viewer({ userId: 'j2' }), phase({ reviewersSeeOthers: true }), records);

    expect(sut.map((r) => r.assignmentId)).toEqual(['a2']);
    expect(sut[0].confidentialComments).toBe('secret of j2');
  });

  it("shows a reviewer who submitted the others' submitted reviews if the call allows, without identities or confidential comments", () => {
    const sut = visibleReviews(viewer({ userId: 'j1' }), phase({ reviewersSeeOthers: true }), records);

    expect(sut.map((r) => r.label)).toEqual(['JST reviewer 1', 'NSF reviewer 1']);
    expect(sut[1]).toEqual({
      label: 'NSF reviewer 1',
      agency: 'NSF',
      scores: { excellence: 4 },
      total: 4,
      recommendation: 'fund',
      commentsToApplicants: 'to applicants from n1',
      submittedAt: '2027-04-01T00:00:00.000Z',
    });
    expect(visibleReviews(viewer({ userId: 'j1' }), phase(), records).map((r) => r.assignmentId)).toEqual(['a1']);
  });

  it("shows an agency's managers their agency's submitted reviews with identities, and not the other agency's before the panel", () => {
    const sut = visibleReviews(viewer({ managesAt: new Set(['JST']), staffAt: new Set(['JST']) }), phase(), records);

    expect(sut.map((r) => [r.assignmentId, r.reviewer?.name, r.confidentialComments])).toEqual([
      ['a1', 'Name of j1', 'secret of j1'],
    ]);
  });

  it('shows the staff of every agency every submitted review from the panel on, identities only for their own agency', () => {
    const sut = visibleReviews(
      viewer({ managesAt: new Set(['NSF']), staffAt: new Set(['NSF']) }),
      phase({ panelOn: true }),
      records,
    );

    expect(sut.map((r) => [r.assignmentId, r.reviewer?.name ?? null])).toEqual([
      ['a1', null],
      ['a3', 'Name of n1'],
    ]);
  });

  it('shows a panel member nothing before the panel', () => {
    expect(visibleReviews(viewer({ staffAt: new Set(['NSF']) }), phase(), records)).toEqual([]);
  });

  it('shows applicants only the comments to them, only once results are announced', () => {
    expect(visibleReviews(viewer({ owner: true }), phase({ panelOn: true }), records)).toEqual([]);

    const sut = visibleReviews(viewer({ owner: true }), phase({ panelOn: true, resultsAnnounced: true }), records);

    expect(sut).toEqual([
      { label: 'JST reviewer 1', agency: 'JST', commentsToApplicants: 'to applicants from j1' },
      { label: 'NSF reviewer 1', agency: 'NSF', commentsToApplicants: 'to applicants from n1' },
    ]);
    expect(text(sut)).not.toMatch(/secret|Name of/);
  });

  it('shows nothing to a stranger', () => {
    expect(
      visibleReviews(viewer(), phase({ panelOn: true, resultsAnnounced: true, reviewersSeeOthers: true }), records),
    ).toEqual([]);
  });
});
