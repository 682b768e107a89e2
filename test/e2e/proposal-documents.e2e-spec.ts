import { createHash } from 'node:crypto';
import request from 'supertest';
import { Factory, type Person, type World, unique } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { API, type Client, client, expectProblem, expectStatus } from '../support/http.js';

const DAY = 24 * 3600 * 1000;
/** The test's upload limit (DOCUMENT_MAX_BYTES), small so that going over it is cheap. */
const MAX_BYTES = 64 * 1024;

/** A small but well-formed PDF: header, one line of text, the end-of-file marker. */
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.7\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Documents of proposals (issue 15): uploads checked by type, size and content (sniffed), with a
 * SHA-256 returned and verified on download; versions; shown to exactly those who see the
 * proposal; required by the program at SUBMIT; amendments while more information is requested,
 * each a revision with a diff, and the revision that answered the request.
 */
describe('documents and revisions of proposals', () => {
  let sut: TestApp;
  let api: Client;
  let factory: Factory;
  let w: World;
  let applicant: Person;
  let po: Person;
  let poCp: Person;
  /** Submitted before the call closes; amended later while more information is requested. */
  let amended: string;
  const amendedDto = () =>
    factory.proposalDto(w, { title: 'Landslide early warning', abstract: 'Dense seismic arrays warn of landslides.' });

  const who = (agency: string, role: string) => w.people[agency][role];

  function upload(
    proposalId: string,
    person: Person,
    type: string,
    file: Buffer | null,
    filename = 'plan.pdf',
    fields: Record<string, string> = {},
  ) {
    let req = request(sut.url)
      .post(`${API}/proposals/${proposalId}/documents`)
      .set('Authorization', `Bearer ${person.token}`)
      .field('type', type);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    if (file) req = req.attach('file', file, { filename, contentType: 'application/pdf' });
    return req;
  }

  const send = async (id: string, person: Person, body: Record<string, unknown>) => {
    const res = await api.event('proposals', id, body, person.token);
    expectStatus(res, 200);
    return res.body;
  };

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(MAX_BYTES);
    sut = await startTestApp();
    api = client(sut.url);
    factory = new Factory(sut.app);
    w = await factory.world();
    applicant = who(w.lead, 'applicant');
    po = who(w.lead, 'program_officer');
    poCp = who(w.counterpart, 'program_officer');
    // The program requires a research plan and a CV before submission (a program setting).
    await sut.dataSource.query(
      `UPDATE programs SET rules = jsonb_set(rules, '{proposals}', '{"routing":"all","minParties":null,"requiredDocuments":["research-plan","cv"]}') WHERE code = $1`,
      [w.program],
    );
    const created = await api.post('/proposals', amendedDto(), applicant.token);
    expectStatus(created, 201);
    amended = created.body.id;
    expectStatus(await upload(amended, applicant, 'research-plan', pdf('plan v1')), 201);
    expectStatus(await upload(amended, applicant, 'cv', pdf('cv')), 201);
    await send(amended, applicant, { type: 'SUBMIT' });
  });
  afterAll(async () => {
    delete process.env.DOCUMENT_MAX_BYTES;
    await sut.close();
  });

  describe('uploads', () => {
    let id: string;
    beforeAll(async () => {
      id = await factory.proposal(w, { title: `Documents ${unique()}` });
    });

    it('stores a PDF with the SHA-256 of its bytes, and the download gives back exactly those bytes as an attachment', async () => {
      const file = pdf('research plan, first version');
      const res = await upload(id, applicant, 'research-plan', file, '../../etc/Research "plan".PDF');
      expectStatus(res, 201);
      expect(res.headers.location).toBe(`/api/v1/proposals/${id}/documents/${res.body.id}`);
      expect(res.body).toMatchObject({
        type: 'research-plan',
        version: 1,
        latest: true,
        mediaType: 'application/pdf',
        sizeBytes: file.length,
        sha256: sha(file),
        filename: 'Research _plan_.pdf',
      });

      const download = await request(sut.url)
        .get(`${API}/proposals/${id}/documents/${res.body.id}/content`)
        .set('Authorization', `Bearer ${applicant.token}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expectStatus(download, 200);
      expect(Buffer.compare(download.body as Buffer, file)).toBe(0);
      expect(sha(download.body as Buffer)).toBe(res.body.sha256);
      expect(download.headers['content-type']).toMatch(/^application\/pdf/);
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="Research _plan_.pdf"; filename*=UTF-8''Research%20_plan_.pdf`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(sha(file), 'hex').toString('base64')}:`);
    });

    it('streams a document larger than one read from PostgreSQL, byte for byte', async () => {
      const big = Buffer.concat([pdf('large').subarray(0, 9), Buffer.alloc(60 * 1024, 0x41), Buffer.from('\n%%EOF\n')]);
      const res = await upload(id, applicant, 'other', big, 'annex.pdf');
      expectStatus(res, 201);
      const download = await request(sut.url)
        .get(`${API}/proposals/${id}/documents/${res.body.id}/content`)
        .set('Authorization', `Bearer ${applicant.token}`)
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(sha(download.body as Buffer)).toBe(sha(big));
    });

    it('refuses content that is not what its type takes, whatever its name says, and stores nothing', async () => {
      const before = (await api.get(`/proposals/${id}/documents`, applicant.token)).body.items.length;
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      expectProblem(await upload(id, applicant, 'cv', html, 'cv.pdf'), 415);
      // A spreadsheet is a budget sheet, not a CV.
      const csv = Buffer.from('year,amount\n1,100\n');
      expectProblem(await upload(id, applicant, 'cv', csv, 'cv.pdf'), 415);
      // A PDF header without its end is not a PDF.
      expectProblem(await upload(id, applicant, 'cv', Buffer.from('%PDF-1.7\nno end'), 'cv.pdf'), 415);
      expect((await api.get(`/proposals/${id}/documents`, applicant.token)).body.items).toHaveLength(before);
    });

    it('takes a CSV budget sheet, sniffed as text/csv', async () => {
      const csv = Buffer.from('year,amount\n1,20000000\n2,20000000\n');
      const res = await upload(id, applicant, 'budget-sheet', csv, 'budget.pdf');
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ mediaType: 'text/csv', filename: 'budget.csv' });
    });

    it('refuses a file over the size limit with 413, an unknown type, a missing file and a wrong checksum with 400', async () => {
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(MAX_BYTES, 0x20), Buffer.from('%%EOF')]);
      expectProblem(await upload(id, applicant, 'other', big), 413);
      expectProblem(await upload(id, applicant, 'poster', pdf('x')), 400, 'validation-failed');
      expectProblem(await upload(id, applicant, 'cv', null), 400, 'validation-failed');
      const wrong = await upload(id, applicant, 'cv', pdf('cv'), 'cv.pdf', { sha256: sha(pdf('another')) });
      expectProblem(wrong, 400, 'validation-failed');
      expect(wrong.body.errors).toEqual([{ field: 'sha256', message: expect.stringContaining(sha(pdf('cv'))) }]);
      const json = await api.post(`/proposals/${id}/documents`, { type: 'cv' }, applicant.token);
      expectProblem(json, 415);
      const right = await upload(id, applicant, 'cv', pdf('cv'), 'cv.pdf', { sha256: sha(pdf('cv')) });
      expectStatus(right, 201);
    });

    it('keeps every version: a new upload of a type is its next version and the older ones stay listed', async () => {
      const second = await upload(id, applicant, 'research-plan', pdf('research plan, second version'), 'plan-v2.pdf');
      expectStatus(second, 201);
      expect(second.body.version).toBe(2);
      const list = (await api.get(`/proposals/${id}/documents`, applicant.token)).body;
      const plans = list.items.filter((d: { type: string }) => d.type === 'research-plan');
      expect(plans.map((d: { version: number; latest: boolean }) => [d.version, d.latest])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(list).toMatchObject({ required: ['research-plan', 'cv'], missing: [] });
    });

    it('answers a retry with the same Idempotency-Key as the first upload, storing one version', async () => {
      const key = `upload-${unique()}`;
      const first = await upload(id, applicant, 'letter-of-support', pdf('letter')).set('Idempotency-Key', key);
      expectStatus(first, 201);
      const again = await upload(id, applicant, 'letter-of-support', pdf('letter')).set('Idempotency-Key', key);
      expectStatus(again, 201);
      expect(again.body).toEqual(first.body);
      const { items } = (await api.get(`/proposals/${id}/documents`, applicant.token)).body;
      expect(items.filter((d: { type: string }) => d.type === 'letter-of-support')).toHaveLength(1);
    });

    it("keeps a draft's changes as revisions, not amendments", async () => {
      const { items } = (await api.get(`/proposals/${id}/revisions`, applicant.token)).body;
      expect(items[0]).toMatchObject({ number: 0, kind: 'original', amendment: false });
      expect(
        items.slice(1).every((r: { kind: string; amendment: boolean }) => r.kind === 'document' && !r.amendment),
      ).toBe(true);
      expect(items[1].summary).toEqual([expect.stringContaining('research-plan added: version 1')]);
    });
  });

  describe('submission', () => {
    it('refuses SUBMIT while a document type the program requires is missing, and does not offer it', async () => {
      const id = await factory.proposal(w, { title: `Missing CV ${unique()}` });
      expectStatus(await upload(id, applicant, 'research-plan', pdf('plan')), 201);
      expect((await api.get(`/proposals/${id}`, applicant.token)).body.allowedEvents).not.toContain('SUBMIT');
      const refused = await api.event('proposals', id, { type: 'SUBMIT' }, applicant.token);
      expectProblem(refused, 422, 'rule-violated');
      expect(refused.body.reasons).toEqual(['the program requires a cv document: none is uploaded']);
      expect((await api.get(`/proposals/${id}/documents`, applicant.token)).body.missing).toEqual(['cv']);

      expectStatus(await upload(id, applicant, 'cv', pdf('cv')), 201);
      expect((await send(id, applicant, { type: 'SUBMIT' })).state).toBe('submitted');
    });
  });

  describe('who sees them', () => {
    let id: string;
    let documentId: string;
    let reviewer: Person & { reviewerId: string };
    let conflictedPo: Person;
    let conflictedReviewer: Person & { reviewerId: string };

    const paths = () => [
      `/proposals/${id}/documents`,
      `/proposals/${id}/documents/${documentId}`,
      `/proposals/${id}/documents/${documentId}/content`,
      `/proposals/${id}/revisions`,
    ];

    beforeAll(async () => {
      id = await factory.proposal(w, { title: `Visibility ${unique()}` });
      const plan = await upload(id, applicant, 'research-plan', pdf('plan'));
      documentId = plan.body.id;
      await upload(id, applicant, 'cv', pdf('cv'));
      await send(id, applicant, { type: 'SUBMIT' });

      // A program officer of the lead in its reviewer pool with the lead PI's institution: conflicted.
      conflictedPo = await factory.person('program_officer', w.lead);
      expectStatus(
        await api.post(
          `/agencies/${w.lead}/reviewers`,
          { email: conflictedPo.email, name: 'Conflicted PO', institution: 'Tohoku University', recentCoauthors: [] },
          po.token,
        ),
        201,
      );
      conflictedReviewer = await factory.reviewer(w.lead, { institution: 'Elsewhere', coauthors: ['Hanako Sato'] });

      await factory.send(
        'call',
        w.callId,
        {
          type: 'CONFIGURE_REVIEW',
          minReviewersPerAgency: 1,
          reviewDue: new Date(Date.now() + 30 * DAY).toISOString(),
        },
        po.actor,
      );
      for (const type of ['CLOSE', 'START_REVIEW']) await factory.send('call', w.callId, { type }, po.actor);
      await send(id, po, { type: 'START_ELIGIBILITY_CHECK' });
      await send(id, po, { type: 'RULE_ELIGIBILITY', eligible: true });
      await send(id, poCp, { type: 'RULE_ELIGIBILITY', eligible: true });
      reviewer = await factory.reviewer(w.lead, { institution: 'Lead Review Institute' });
      const invite = await api.post('/assignments', { proposalId: id, reviewerId: reviewer.reviewerId }, po.token);
      expectStatus(invite, 201);
      const accepted = await api.event(
        'assignments',
        invite.body.id,
        { type: 'ACCEPT', declaresNoConflict: true },
        reviewer.token,
      );
      expectStatus(accepted, 200);
    });

    it("shows them to the proposal's applicant, both agencies' staff and its assigned reviewer", async () => {
      for (const person of [applicant, po, poCp, who(w.counterpart, 'agency_officer'), w.admin, reviewer])
        for (const path of paths()) expectStatus(await api.get(path, person.token), 200);
    });

    it('answers 404 to staff of an agency outside the call, another applicant and conflicted reviewers', async () => {
      const others = [w.outsider, who(w.counterpart, 'applicant'), conflictedPo, conflictedReviewer];
      for (const person of others)
        for (const path of paths()) expectProblem(await api.get(path, person.token), 404, 'not-found');
    });

    it('answers 404 for a document of another proposal named under this one', async () => {
      const res = await api.get(`/proposals/${amended}/documents/${documentId}`, applicant.token);
      expectProblem(res, 404);
    });

    it('refuses an upload by staff (403) and by the applicant once the proposal is no longer editable (422), storing nothing', async () => {
      expectProblem(await upload(id, po, 'other', pdf('x')), 403, 'forbidden');
      const late = await upload(id, applicant, 'other', pdf('x'));
      expectProblem(late, 422, 'rule-violated');
      expect((await api.get(`/proposals/${id}/documents`, applicant.token)).body.items).toHaveLength(2);
      expectProblem(await upload(id, w.outsider, 'other', pdf('x')), 404);
    });
  });

  describe('amendments while more information is requested', () => {
    let id: string;
    const dto = () => amendedDto();

    beforeAll(async () => {
      id = amended;
      await send(id, po, { type: 'START_ELIGIBILITY_CHECK' });
    });

    it('refuses an edit while the proposal is only being checked', async () => {
      const { callId: _callId, ...body } = dto();
      expectProblem(await api.patch(`/proposals/${id}`, { ...body, title: 'Too early' }, applicant.token), 422);
    });

    it('lets the applicants amend fields and documents, each change a revision, and records the one that answered', async () => {
      await send(id, poCp, { type: 'REQUEST_INFORMATION', message: 'Please detail the sensor network.' });
      const { callId: _callId, ...body } = dto();
      const edited = await api.patch(
        `/proposals/${id}`,
        {
          ...body,
          title: 'Landslide early warning network',
          abstract: 'Dense seismic and GNSS arrays warn of landslides.',
        },
        applicant.token,
      );
      expectStatus(edited, 200);
      expect(edited.body.title).toBe('Landslide early warning network');
      expectStatus(await upload(id, applicant, 'research-plan', pdf('plan v2'), 'plan-v2.pdf'), 201);
      // Staff may not amend it.
      expectProblem(await api.patch(`/proposals/${id}`, body, po.token), 403);
      await send(id, applicant, { type: 'PROVIDE_INFORMATION', response: 'The network is described in the new plan.' });

      const { items } = (await api.get(`/proposals/${id}/revisions`, po.token)).body;
      expect(
        items.map((r: { number: number; kind: string; amendment: boolean }) => [r.number, r.kind, r.amendment]),
      ).toEqual([
        [0, 'original', false],
        [1, 'document', false],
        [2, 'document', false],
        [3, 'edit', true],
        [4, 'document', true],
      ]);
      expect(items[3]).toMatchObject({
        by: { id: applicant.userId },
        answeredInformationRequestAt: null,
        summary: [
          'Title changed from "Landslide early warning" to "Landslide early warning network".',
          'Abstract changed: 2 words added, 0 words removed.',
        ],
      });
      expect(items[4].answeredInformationRequestAt).toEqual(expect.any(String));
      expect(items[4].summary).toEqual(['research-plan replaced: version 2 (plan-v2.pdf) after version 1.']);
    });

    it('gives the diff between two revisions, field by field and word by word', async () => {
      const res = await api.get(`/proposals/${id}/revisions/diff?from=2&to=4`, poCp.token);
      expectStatus(res, 200);
      expect(res.body.changes).toEqual([
        {
          field: 'title',
          before: 'Landslide early warning',
          after: 'Landslide early warning network',
          words: [
            { op: 'same', text: 'Landslide early warning' },
            { op: 'added', text: 'network' },
          ],
        },
        {
          field: 'abstract',
          before: 'Dense seismic arrays warn of landslides.',
          after: 'Dense seismic and GNSS arrays warn of landslides.',
          words: [
            { op: 'same', text: 'Dense seismic' },
            { op: 'added', text: 'and GNSS' },
            { op: 'same', text: 'arrays warn of landslides.' },
          ],
        },
        {
          field: 'document',
          type: 'research-plan',
          before: expect.objectContaining({ version: 1, sha256: sha(pdf('plan v1')) }),
          after: expect.objectContaining({ version: 2, sha256: sha(pdf('plan v2')), filename: 'plan-v2.pdf' }),
        },
      ]);
      expect((await api.get(`/proposals/${id}/revisions/3`, poCp.token)).body.content).toMatchObject({
        title: 'Landslide early warning network',
      });
      expectProblem(await api.get(`/proposals/${id}/revisions/diff?from=2&to=99`, poCp.token), 404);
      expectProblem(await api.get(`/proposals/${id}/revisions/diff?from=x&to=1`, poCp.token), 400, 'validation-failed');
      expectProblem(await api.get(`/proposals/${id}/revisions/diff?from=0&to=1`, w.outsider.token), 404);
    });

    it('refuses edits and uploads again once the information is provided', async () => {
      const { callId: _callId, ...body } = dto();
      expectProblem(await api.patch(`/proposals/${id}`, body, applicant.token), 422, 'rule-violated');
      expectProblem(await upload(id, applicant, 'other', pdf('late')), 422, 'rule-violated');
      expect((await api.get(`/proposals/${id}/revisions`, applicant.token)).body.items).toHaveLength(5);
    });
  });
});
