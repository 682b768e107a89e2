import { randomUUID } from 'node:crypto';
import { RunBulkBatch } from '../../src/modules/bulk/bulk-batch.handler.js';
import { Factory } from '../factories/world.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { expectProblem, expectStatus } from '../support/http.js';
import { spawnWorker, stop, type Child } from '../support/processes.js';
import { ProgramWorld } from '../support/program-world.js';
import { waitUntil } from '../support/smtp-sink.js';
import { settleEarlierEffects, startWorker, type TestWorker } from '../support/worker.js';

type Person = ReturnType<ProgramWorld['who']>;
interface Item {
  position: number;
  subjectId: string;
  result: string | null;
  code: string | null;
  reason: string | null;
  transition: { seq: number; from: string; to: string } | null;
}
interface Batch {
  id: string;
  state: string;
  total: number;
  counts: Record<string, number>;
  items: Item[];
}

/**
 * Issue 16, point 3: officers send one event to many proposals (or assignments), picked by a filter
 * or by hand; each item goes through the transition pipeline on its own, as the requester, run by
 * the worker, with its own result; the batch is idempotent, can be cancelled, survives a worker
 * restart, and leaves a report. The call's CANCEL reaches its proposals the same way.
 */
describe('bulk operations', () => {
  let sut: TestApp;
  let w: ProgramWorld;
  let JST: string, PH: string, OTHER: string;
  let worker: TestWorker | undefined;
  const po = (agency: string) => w.who(agency, 'program_officer');
  const agencies = (a: string, b: string) => [
    { code: a, cap: 30_000_000, envelope: 300_000_000 },
    { code: b, cap: 5_000_000, envelope: 50_000_000 },
  ];

  /** A call of JST and `counterpart`, opened, with `submitted` proposals submitted. */
  async function callWith(counterpart: string, submitted: number) {
    const callId = await w.openCall('sicorp-bilateral', agencies(JST, counterpart));
    const ids: string[] = [];
    for (let n = 0; n < submitted; n++) {
      const made = await w.proposal(callId, [
        { agency: JST, budget: 1_000_000 },
        { agency: counterpart, budget: 100_000 },
      ]);
      expectStatus(made.res, 201);
      await w.send('proposals', made.id, made.applicant, { type: 'SUBMIT' });
      ids.push(made.id);
    }
    return { callId, ids };
  }

  const post = (body: Record<string, unknown>, person: Person, headers: Record<string, string> = {}) =>
    w.api.post('/bulk', body, person.token, headers);
  const read = async (id: string, person: Person = w.admin): Promise<Batch> => {
    const res = await w.api.get(`/bulk/${id}`, person.token);
    expectStatus(res, 200);
    return res.body as Batch;
  };
  const ended = async (id: string): Promise<Batch> => {
    let batch: Batch | undefined;
    await waitUntil(
      async () => ['finished', 'cancelled'].includes((batch = await read(id)).state),
      60_000,
      `batch ${id} to end`,
    );
    return batch!;
  };
  const doneCount = async (id: string) => (await read(id)).counts.done;
  const eventsOf = async (instanceId: string, type: string): Promise<number> => {
    const [row]: { n: number }[] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM transition_log WHERE instance_id = $1 AND event_type = $2`,
      [instanceId, type],
    );
    return row.n;
  };

  /** The invariant: every item of the batch has exactly one result, and at most one transition, the one it names. */
  async function expectOneResultEach(batchId: string): Promise<void> {
    const [batch]: { event: { type: string } }[] = await sut.dataSource.query(
      `SELECT event FROM bulk_batches WHERE id = $1`,
      [batchId],
    );
    const items: { subject_id: string; result: string | null; transition_seq: number | null }[] =
      await sut.dataSource.query(`SELECT subject_id, result, transition_seq FROM bulk_items WHERE batch_id = $1`, [
        batchId,
      ]);
    for (const i of items) {
      expect(i.result).not.toBeNull();
      const logged: { seq: number }[] = await sut.dataSource.query(
        `SELECT l.seq FROM transition_log l JOIN bulk_batches b ON b.id = $3
          WHERE l.instance_id = $1 AND l.event_type = $2 AND l.occurred_at >= b.created_at`,
        [i.subject_id, batch.event.type, batchId],
      );
      if (i.result === 'done') expect(logged.map((l) => l.seq)).toEqual([i.transition_seq]);
      else expect(i.transition_seq).toBeNull();
      expect(logged.length).toBeLessThanOrEqual(1);
    }
  }

  beforeAll(async () => {
    sut = await startTestApp();
    w = await new ProgramWorld(new Factory(sut.app), sut.url).build([
      { country: 'PH', currency: 'PHP' },
      { country: 'TR', currency: 'TRY' },
    ]);
    [JST, PH, OTHER] = w.agencies;
    await settleEarlierEffects(sut.dataSource);
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await sut.close();
  });

  describe('a batch over HTTP, run by the worker', () => {
    let call: Awaited<ReturnType<typeof callWith>>;
    let elsewhere = '';
    let batchId = '';
    const key = randomUUID();

    beforeAll(async () => {
      call = await callWith(PH, 4);
      // One already in its check: the batch's event is refused there.
      await w.send('proposals', call.ids[3], po(JST), { type: 'START_ELIGIBILITY_CHECK' });
      // A proposal of a call PH has no part in: PH's staff may not see it.
      elsewhere = (await callWith(OTHER, 1)).ids[0];
      worker = await startWorker({});
    }, 180_000);
    afterAll(async () => {
      await worker?.close();
      worker = undefined;
    });

    it('answers 202 with the queued batch, then each submitted proposal starts its check; one already in it is refused with the reason', async () => {
      const unknown = randomUUID();
      const body = {
        subjectType: 'proposal',
        event: { type: 'START_ELIGIBILITY_CHECK' },
        filter: { callId: call.callId },
        ids: [elsewhere, unknown],
      };
      const res = await post(body, po(PH), { 'Idempotency-Key': key });
      expectStatus(res, 202);
      expect(res.headers.location).toBe(`/api/v1/bulk/${res.body.id}`);
      batchId = res.body.id;
      expect(res.body.total).toBe(6);
      // The first answer is the batch as committed, before a worker may take it up (as README says):
      // queued, nothing run but the two not found; the counts are those of its items' results.
      const first = res.body as Batch;
      expect(first.state).toBe('queued');
      expect(first.items.filter((i) => i.result !== null).map((i) => i.result)).toEqual(['not-found', 'not-found']);
      expect(first.items).toHaveLength(6);
      const tally: Record<string, number> = {
        pending: 0,
        done: 0,
        refused: 0,
        'not-allowed': 0,
        'not-found': 0,
        cancelled: 0,
      };
      for (const i of first.items) tally[i.result ?? 'pending'] += 1;
      expect(first.counts).toEqual(tally);
      expect(first.counts['not-found']).toBe(2);
      const batch = await ended(batchId);
      expect(batch.state).toBe('finished');
      expect(batch.counts).toEqual({ pending: 0, done: 3, refused: 1, 'not-allowed': 0, 'not-found': 2, cancelled: 0 });
      // The same request again under its key: the batch as it is now (not the first snapshot), 202.
      const replay = await post(body, po(PH), { 'Idempotency-Key': key });
      expectStatus(replay, 202);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.headers.location).toBe(`/api/v1/bulk/${batchId}`);
      expect(replay.body).toEqual(batch);
      for (const id of call.ids.slice(0, 3)) {
        expect(await w.stateOf('proposals', id)).toBe('eligibility_check');
        const item = batch.items.find((i) => i.subjectId === id)!;
        expect(item).toMatchObject({ result: 'done', transition: { from: 'submitted', to: 'eligibility_check' } });
      }
      const started = batch.items.find((i) => i.subjectId === call.ids[3])!;
      expect(started).toMatchObject({ result: 'refused', code: 'event-not-allowed', transition: null });
      expect(started.reason).toMatch(/START_ELIGIBILITY_CHECK is not allowed in state eligibility_check/);
      expect(await eventsOf(call.ids[3], 'START_ELIGIBILITY_CHECK')).toBe(1);
      await expectOneResultEach(batchId);
    });

    it('reports a proposal of an agency the requester cannot see exactly as an id that names nothing', async () => {
      const batch = await read(batchId, po(PH));
      const hidden = batch.items.find((i) => i.subjectId === elsewhere)!;
      const none = batch.items.find((i) => i.subjectId !== elsewhere && i.result === 'not-found')!;
      const { position: _a, subjectId: _b, ...shownHidden } = hidden;
      const { position: _c, subjectId: _d, ...shownNone } = none;
      expect(shownHidden).toEqual(shownNone);
      expect(shownHidden).toMatchObject({ result: 'not-found', transition: null });
      expect(await w.stateOf('proposals', elsewhere)).toBe('submitted');
    });

    it('answers a re-posted batch (same Idempotency-Key, or the same batch key) with the same batch, sending nothing again', async () => {
      const again = await post(
        {
          subjectType: 'proposal',
          event: { type: 'START_ELIGIBILITY_CHECK' },
          filter: { callId: call.callId },
          ids: [elsewhere, randomUUID()],
        },
        po(PH),
        { 'Idempotency-Key': key },
      );
      // Another body under the same key: the key's first request is not replaced, and is named.
      expectProblem(again, 422, 'idempotency-key-reused');
      expect(again.body.location).toBe(`/api/v1/bulk/${batchId}`);
      expect(again.body.detail).toContain(batchId);
      const body = {
        subjectType: 'proposal',
        event: { type: 'START_ELIGIBILITY_CHECK' },
        ids: call.ids,
        key: 'batch-7',
      };
      const first = await post(body, po(PH));
      expectStatus(first, 202);
      const second = await post(body, po(PH));
      expectStatus(second, 202);
      expect(second.body.id).toBe(first.body.id);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(second.headers['idempotent-replayed']).toBe('true');
      // Another request under the same batch key is refused, as under the header, not answered with the first batch.
      const other = await post({ ...body, event: { type: 'WITHDRAW', reason: 'Not this batch.' } }, po(PH));
      expectProblem(other, 422, 'idempotency-key-reused');
      expect(other.body.detail).toContain(first.body.id);
      expect(other.body).toMatchObject({ batchId: first.body.id, location: `/api/v1/bulk/${first.body.id}` });
      const batch = await ended(first.body.id);
      // Already in their check: each is refused, none sent twice.
      expect(batch.counts.refused).toBe(4);
      for (const id of call.ids) expect(await eventsOf(id, 'START_ELIGIBILITY_CHECK')).toBe(1);
    });

    it('runs a finished batch again without sending anything twice', async () => {
      await worker!.module.get(RunBulkBatch).handle({ batchId });
      await sut.dataSource.query(`UPDATE bulk_batches SET state = 'running' WHERE id = $1`, [batchId]);
      await worker!.module.get(RunBulkBatch).handle({ batchId });
      expect((await read(batchId)).state).toBe('finished');
      for (const id of call.ids) expect(await eventsOf(id, 'START_ELIGIBILITY_CHECK')).toBe(1);
      await expectOneResultEach(batchId);
    });

    it('skips as not allowed the items the requester may see but not act on', async () => {
      // CLOSE_WAITLIST is the lead's program director's: PH's program officer sees the proposals, may not send it.
      const res = await post(
        { subjectType: 'proposal', event: { type: 'CLOSE_WAITLIST' }, filter: { callId: call.callId } },
        po(PH),
      );
      expectStatus(res, 202);
      const batch = await ended(res.body.id);
      expect(batch.counts['not-allowed']).toBe(4);
      expect(batch.items[0].reason).toMatch(/your roles do not allow CLOSE_WAITLIST/);
      await expectOneResultEach(res.body.id);
    });

    it('reminds every reviewer of the call with an open assignment; a declined one is refused', async () => {
      const [a, b] = call.ids;
      const assignments: string[] = [];
      for (const proposalId of [a, b]) {
        for (const agency of [JST, PH])
          await w.send('proposals', proposalId, w.who(agency, 'agency_officer'), {
            type: 'RULE_ELIGIBILITY',
            eligible: true,
          });
        const reviewer = await w.factory.reviewer(PH, { institution: `Review Institute ${randomUUID()}` });
        const invited = await w.api.post('/assignments', { proposalId, reviewerId: reviewer.reviewerId }, po(PH).token);
        expectStatus(invited, 201);
        assignments.push(invited.body.id);
        if (proposalId === a)
          await w.send('assignments', invited.body.id, reviewer, { type: 'ACCEPT', declaresNoConflict: true });
        else await w.send('assignments', invited.body.id, reviewer, { type: 'DECLINE', reason: 'On leave.' });
      }
      const res = await post(
        { subjectType: 'assignment', event: { type: 'REMIND' }, filter: { callId: call.callId } },
        po(PH),
      );
      expectStatus(res, 202);
      const batch = await ended(res.body.id);
      expect(batch.items.find((i) => i.subjectId === assignments[0])!.result).toBe('done');
      expect(batch.items.find((i) => i.subjectId === assignments[1])!.result).toBe('refused');
      const reminders: unknown[] = await sut.dataSource.query(
        `SELECT 1 FROM outbox WHERE instance_id = $1 AND payload ->> 'template' = 'review-reminder'`,
        [assignments[0]],
      );
      expect(reminders).toHaveLength(1);
      await expectOneResultEach(res.body.id);
    });

    it('reassigns every assignment of a reviewer who left to another reviewer of the pool', async () => {
      const [a, b] = call.ids;
      const leaving = await w.factory.reviewer(PH, { institution: `Review Institute ${randomUUID()}` });
      const taking = await w.factory.reviewer(PH, { institution: `Review Institute ${randomUUID()}` });
      const theirs: string[] = [];
      for (const proposalId of [a, b]) {
        const invited = await w.api.post('/assignments', { proposalId, reviewerId: leaving.reviewerId }, po(PH).token);
        expectStatus(invited, 201);
        theirs.push(invited.body.id);
      }
      await w.send('assignments', theirs[0], leaving, { type: 'ACCEPT', declaresNoConflict: true });
      const res = await post(
        {
          subjectType: 'assignment',
          event: { type: 'REASSIGN', reviewerId: taking.reviewerId, reason: 'The reviewer left the pool.' },
          filter: { callId: call.callId, reviewerId: leaving.reviewerId },
        },
        po(PH),
      );
      expectStatus(res, 202);
      expect(res.body.total).toBe(2);
      const batch = await ended(res.body.id);
      expect(batch.counts.done).toBe(2);
      for (const id of theirs) expect(await w.stateOf('assignments', id)).toBe('reassigned');
      const taken: { proposal_id: string }[] = await sut.dataSource.query(
        `SELECT proposal_id FROM assignments WHERE reviewer_id = $1 ORDER BY proposal_id`,
        [taking.reviewerId],
      );
      expect(taken.map((t) => t.proposal_id)).toEqual([a, b].sort());
      await expectOneResultEach(res.body.id);
    });

    it('leaves a report: one CSV line per item with its result', async () => {
      const res = await w.api.get(`/bulk/${batchId}/report.csv`, po(PH).token);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.text.trim().split('\r\n');
      expect(lines[0]).toBe('position,subject_type,subject_id,event,result,reason,from,to,transition,finished_at');
      expect(lines).toHaveLength(7);
      expect(lines.filter((l) => l.includes(',done,'))).toHaveLength(3);
      expect(lines.find((l) => l.includes(elsewhere))).toContain(',not-found,not found,');
    });
  });

  describe('authorization and bad input', () => {
    let call: Awaited<ReturnType<typeof callWith>>;
    let batchId = '';

    beforeAll(async () => {
      call = await callWith(PH, 1);
      const res = await post(
        { subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, ids: call.ids },
        po(PH),
      );
      expectStatus(res, 202);
      batchId = res.body.id;
    }, 120_000);

    it('refuses an applicant (403) and another agency’s officer may not read the batch (404)', async () => {
      const applicant = await w.factory.person('applicant', PH);
      expectProblem(
        await post({ subjectType: 'proposal', event: { type: 'SUBMIT' }, ids: call.ids }, applicant),
        403,
        'forbidden',
      );
      expectProblem(await w.api.get(`/bulk/${batchId}`, po(OTHER).token), 404, 'not-found');
      expectProblem(await w.api.get(`/bulk/${batchId}/report.csv`, po(OTHER).token), 404, 'not-found');
      expectProblem(await w.api.post(`/bulk/${batchId}/cancel`, {}, po(OTHER).token), 404, 'not-found');
    });

    it('answers bad input with a problem and writes no batch', async () => {
      const count = async () =>
        ((await sut.dataSource.query(`SELECT count(*)::int AS n FROM bulk_batches`)) as { n: number }[])[0].n;
      const before = await count();
      const unknownEvent = await post({ subjectType: 'proposal', event: { type: 'NOPE' }, ids: call.ids }, po(PH));
      expectProblem(unknownEvent, 400, 'validation-failed');
      expect(unknownEvent.body.detail).toMatch(/no proposal workflow has an event NOPE/);
      expectProblem(
        await post({ subjectType: 'proposal', event: { type: 'SUBMIT' } }, po(PH)),
        400,
        'validation-failed',
      );
      expectProblem(
        await post({ subjectType: 'proposal', event: { type: 'SUBMIT' }, ids: ['not-a-uuid'] }, po(PH)),
        400,
        'validation-failed',
      );
      // A payload the event never takes (a reassignment without the reviewer and reason) is refused whole, naming
      // each field, rather than queued for every item to be refused.
      const reassign = await post(
        { subjectType: 'assignment', event: { type: 'REASSIGN' }, filter: { callId: call.callId } },
        po(PH),
      );
      expectProblem(reassign, 400, 'validation-failed');
      expect((reassign.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'event.reason',
        'event.reviewerId',
      ]);
      // An event only Tandem sends (the call's fan-out) is refused whole, for every person.
      for (const who of [po(PH), w.admin]) {
        const system = await post({ subjectType: 'proposal', event: { type: 'CALL_CANCELLED' }, ids: call.ids }, who);
        expectProblem(system, 403, 'forbidden');
        expect(system.body.detail).toContain('sent by Tandem itself');
      }
      // A call PH has no part in is not found, whatever it holds.
      const other = await callWith(OTHER, 1);
      expectProblem(
        await post(
          { subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, filter: { callId: other.callId } },
          po(PH),
        ),
        404,
        'not-found',
      );
      expect(await count()).toBe(before);
    });
  });

  describe('cancel and restart mid-way', () => {
    it('cancels a running batch: the items not yet run are skipped as cancelled and their proposals stay as they were', async () => {
      const call = await callWith(PH, 6);
      worker = await startWorker({ BULK_ITEM_PAUSE_MS: '400' });
      try {
        const res = await post(
          { subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, ids: call.ids },
          po(PH),
        );
        expectStatus(res, 202);
        await waitUntil(async () => (await doneCount(res.body.id)) >= 1, 60_000, 'the first item');
        const cancelled = await w.api.post(`/bulk/${res.body.id}/cancel`, {}, po(PH).token);
        expectStatus(cancelled, 200);
        const batch = await ended(res.body.id);
        expect(batch.state).toBe('cancelled');
        expect(batch.counts.cancelled).toBeGreaterThan(0);
        expect(batch.counts.done + batch.counts.cancelled).toBe(6);
        for (const i of batch.items)
          expect(await w.stateOf('proposals', i.subjectId)).toBe(
            i.result === 'done' ? 'eligibility_check' : 'submitted',
          );
        await expectOneResultEach(res.body.id);
        expectProblem(await w.api.post(`/bulk/${res.body.id}/cancel`, {}, po(PH).token), 409, 'conflict');
      } finally {
        await worker.close();
        worker = undefined;
      }
    }, 120_000);

    it('resumes after the worker stops mid-batch, without sending any item twice', async () => {
      const call = await callWith(PH, 5);
      const first = await startWorker({ BULK_ITEM_PAUSE_MS: '400' });
      const res = await post(
        { subjectType: 'proposal', event: { type: 'START_ELIGIBILITY_CHECK' }, ids: call.ids },
        po(PH),
      );
      expectStatus(res, 202);
      await waitUntil(async () => (await doneCount(res.body.id)) >= 1, 60_000, 'the first item');
      await first.close();
      const halfway = await read(res.body.id);
      expect(halfway.state).toBe('running');
      expect(halfway.counts.pending).toBeGreaterThan(0);
      worker = await startWorker({});
      try {
        const batch = await ended(res.body.id);
        expect(batch.counts.done).toBe(5);
        for (const id of call.ids) expect(await eventsOf(id, 'START_ELIGIBILITY_CHECK')).toBe(1);
        await expectOneResultEach(res.body.id);
      } finally {
        await worker.close();
        worker = undefined;
      }
    }, 120_000);
  });

  describe("the call's cancellation, as a bulk batch", () => {
    let callId = '';
    let ids: string[] = [];
    let child: Child | undefined;
    const env = () => ({ ...process.env, LOG_LEVEL: 'info', BULK_ITEM_PAUSE_MS: '400', QUEUE_LOCK_MS: '2000' });

    afterAll(async () => {
      if (child) await stop(child, 'SIGKILL');
    });

    it('closes every proposal through a batch the worker runs, surviving a worker killed mid-batch', async () => {
      ({ callId, ids } = await callWith(PH, 5));
      const cancel = await w.send('calls', callId, po(JST), { type: 'CANCEL', reason: 'The counterpart withdrew.' });
      expect(cancel.state).toBe('cancelled');
      // Nothing is closed in the call's own transaction: the batch is queued.
      expect(await w.stateOf('proposals', ids[0])).toBe('submitted');
      const list = await w.api.get(`/bulk?callId=${callId}`, po(PH).token);
      expectStatus(list, 200);
      expect(list.body.items).toHaveLength(1);
      const batchId = list.body.items[0].id as string;
      expect(list.body.items[0]).toMatchObject({ origin: 'call-cancel', total: 5, event: { type: 'CALL_CANCELLED' } });
      child = await spawnWorker(env());
      await waitUntil(async () => (await doneCount(batchId)) >= 1, 60_000, 'the first item');
      await stop(child, 'SIGKILL');
      const halfway = await read(batchId);
      expect(halfway.counts.pending).toBeGreaterThan(0);
      child = await spawnWorker(env());
      const batch = await ended(batchId);
      expect(batch.counts.done).toBe(5);
      for (const id of ids) {
        expect(await w.stateOf('proposals', id)).toBe('call_cancelled');
        expect(await eventsOf(id, 'CALL_CANCELLED')).toBe(1);
      }
      await expectOneResultEach(batchId);
      await stop(child);
      child = undefined;
    }, 180_000);

    it("shows the report to the call's staff of each agency, not to an applicant nor to an agency outside the call", async () => {
      const [{ id: batchId }] = (await w.api.get(`/bulk?callId=${callId}`, po(JST).token)).body.items as {
        id: string;
      }[];
      expect((await read(batchId, po(PH))).counts.done).toBe(5);
      expect((await read(batchId, w.who(JST, 'agency_officer'))).total).toBe(5);
      const applicant = await w.factory.person('applicant', PH);
      expectProblem(await w.api.get(`/bulk/${batchId}`, applicant.token), 404, 'not-found');
      expectProblem(await w.api.get(`/bulk/${batchId}`, po(OTHER).token), 404, 'not-found');
      // Staff read it; only an administrator could cancel a call's fan-out.
      expectProblem(await w.api.post(`/bulk/${batchId}/cancel`, {}, po(PH).token), 403, 'forbidden');
    });
  });
});
