import fc from 'fast-check';
import type { Response } from 'supertest';
import { WORKFLOWS, type WorkflowDefinition } from '../../workflows/index.js';
import { JobHandlers, JobName } from '../../src/effects/jobs.js';
import { systemOnly } from '../../src/engine/access.js';
import { client, type Client, type Resource } from '../support/http.js';
import {
  checkBudget,
  checkBulk,
  checkCaps,
  checkCounters,
  checkLog,
  checkNotifications,
  instancesOf,
  Knowledge,
  leakedMarkers,
  leakedProposals,
  Oracle,
  refresh,
  type Marker,
  type Violation,
} from './invariants.js';
import { payloadFor, type Gen } from './payloads.js';
import type { Member, Population, RunProposal, RunWorld } from './world.js';

/**
 * One generated sequence: steps drawn at run time from what the service offers (`allowedEvents`
 * of each instance for each actor), attempts by actors who should be refused, and concurrent
 * pairs, all over HTTP; after every step, every promise of invariants.ts is checked. The log of
 * the steps taken is what a counterexample prints.
 */

const DEFINITIONS = new Map<string, WorkflowDefinition>(WORKFLOWS.map((d) => [`${d.id}@${d.version}`, d]));
const RESOURCE: Record<string, Resource> = { call: 'calls', proposal: 'proposals', assignment: 'assignments' };
const DISRUPTIVE = new Set([
  'WITHDRAW',
  'CANCEL',
  'DECLINE',
  'DECLARE_CONFLICT',
  'REQUEST_INFORMATION',
  'REMIND',
  'CLOSE_WAITLIST',
]);
const EXPORTS = ['assignments', 'reviews', 'ranking', 'selection', 'board-decisions', 'duplicate-funding'];

interface Instance {
  id: string;
  subject: string;
  workflow: string;
  proposalId: string | null;
  agency: string | null;
  reviewerUserId: string | null;
}

interface Action {
  actor: Member;
  event: string;
  label: string;
  send: () => Promise<Response>;
  /** Registers what the suite learns when the request succeeded (markers, waivers, assignments). */
  learn: (res: Response) => Promise<void>;
  instanceId: string | null;
  /** The event is the workflow's own (a timer, a fan-out): every person must be refused it. */
  systemOnly?: boolean;
}

let markerCount = 0;

/** Bulk actions a generated sequence may ask for (events without a payload; the money ones among them). */
const BULK_EVENTS: readonly (readonly [string, string])[] = [
  ['proposal', 'START_ELIGIBILITY_CHECK'],
  ['proposal', 'PROMOTE_FROM_WAITLIST'],
  ['proposal', 'CLOSE_WAITLIST'],
  ['assignment', 'REMIND'],
];

/** Answers by event over the whole run: `EVENT status` -> count (printed at the end, to see what the sequences reached). */
export const ANSWERS = new Map<string, number>();

export class SequenceRunner {
  readonly api: Client;
  readonly k = new Knowledge();
  readonly oracle: Oracle;
  readonly log: string[] = [];
  readonly notified = new Set<string>();
  steps = 0;
  failed = false;

  constructor(
    readonly pop: Population,
    readonly world: RunWorld,
    readonly g: Gen,
  ) {
    this.api = client(pop.sut.url);
    this.oracle = new Oracle(world, this.k);
    const p1 = world.proposals[0];
    const lastTh = world.proposals.filter((p) => p.submitted && p.agencies.includes(pop.TH)).at(-1)!;
    this.k.planted.add(`${pop.conflictedReviewer.person.userId}:${p1.id}`);
    this.k.planted.add(`${pop.conflictedBoard.person.userId}:${lastTh.id}`);
  }

  private get ds() {
    return this.pop.sut.dataSource;
  }

  /** One of `values`, drawn as its index (so a counterexample prints numbers, the log says what they were). */
  private pick<T>(values: readonly T[]): T {
    return values[this.g(() => fc.integer({ min: 0, max: values.length - 1 }))];
  }

  private agencyName(code: string | null): string {
    return code === null ? 'none' : this.pop.code(code);
  }

  /** Readable payload: agency codes and world ids replaced by their names. */
  private readable(value: unknown): string {
    let text = JSON.stringify(value);
    for (const p of this.world.proposals) text = text.split(p.id).join(p.label);
    for (const m of this.world.members) text = text.split(m.person.userId).join(`<${m.label}>`);
    for (const code of this.pop.world.agencies) text = text.split(`"${code}"`).join(`"${this.pop.code(code)}"`);
    return text;
  }

  private instanceName(i: Instance): string {
    if (i.subject === 'call') return 'the call';
    if (i.subject === 'proposal') return this.world.proposals.find((p) => p.id === i.id)!.label;
    const p = this.world.proposals.find((x) => x.id === i.proposalId)!;
    const reviewer = this.world.members.find((m) => m.person.userId === i.reviewerUserId)?.label ?? 'a reviewer';
    return `assignment of ${reviewer} on ${p.label}`;
  }

  private agenciesOf(i: Instance): string[] {
    if (i.subject === 'call') return this.world.agencies;
    if (i.subject === 'proposal') return this.world.proposals.find((p) => p.id === i.id)!.agencies;
    return [i.agency!];
  }

  /** Who could plausibly act on an instance: staff of its agencies, its applicant or reviewer, the administrator. */
  private candidates(i: Instance): Member[] {
    const agencies = this.agenciesOf(i);
    return this.world.members.filter((m) => {
      if (this.oracle.isAdmin(m)) return true;
      if (
        i.subject === 'proposal' &&
        m.person.userId === this.world.proposals.find((p) => p.id === i.id)!.applicant.userId
      )
        return true;
      if (i.subject === 'assignment' && m.person.userId === i.reviewerUserId) return true;
      return m.roles.some(
        (r) => r.role !== 'applicant' && r.role !== 'reviewer' && r.agency !== null && agencies.includes(r.agency),
      );
    });
  }

  private newMarker(field: string): string {
    markerCount += 1;
    return `iv${markerCount}${field.replace(/[^a-z]/gi, '').slice(0, 6)}`;
  }

  /** Every (actor, event) the service offers on an instance: each candidate's `allowedEvents`. */
  private async offers(instance: Instance): Promise<{ actor: Member; event: string }[]> {
    const views = await Promise.all(
      this.candidates(instance).map(async (actor) => {
        try {
          const view = await this.pop.sut.engine.read(instance.subject, instance.id, actor.person.actor);
          return view.allowedEvents.map((event) => ({ actor, event }));
        } catch {
          return [];
        }
      }),
    );
    return views.flat();
  }

  /** An event on an instance: one the service offers to some actor (mostly), or any event by anyone. */
  private async eventAction(): Promise<Action> {
    const instances: Instance[] = await instancesOf(this.ds, this.world);
    // An instance someone may act on (up to three draws), else the last one drawn, for an attempt that must be refused.
    let instance = this.pick(instances);
    let offered = await this.offers(instance);
    for (let tries = 1; tries < 3 && offered.length === 0; tries++) {
      instance = this.pick(instances);
      offered = await this.offers(instance);
    }
    const definition = DEFINITIONS.get(instance.workflow)!;
    const refusedTry = offered.length === 0 || this.g(() => fc.integer({ min: 0, max: 9 })) < 2;
    // The event first, then who sends it: an event offered to many (WITHDRAW, REQUEST_INFORMATION) is not drawn more often.
    // Events that end or undo the work (withdrawals, information requests, conflicts) are drawn a quarter as often, so sequences get further.
    const offeredEvents = [...new Set(offered.map((o) => o.event))]
      .sort()
      .flatMap((e) => (DISRUPTIVE.has(e) ? [e] : [e, e, e, e]));
    const chosen = refusedTry ? null : this.pick(offeredEvents);
    const { actor, event } =
      chosen === null
        ? { actor: this.pick(this.world.members), event: this.pick(Object.keys(definition.events)) }
        : this.pick(offered.filter((o) => o.event === chosen));
    const markers: string[] = [];
    const payload = payloadFor(this.g, event, definition.events[event]?.payload, {
      agencies: this.pop.world.agencies.slice(0, 4),
      actorAgencies: actor.roles.map((r) => r.agency).filter((a): a is string => a !== null),
      ids: {
        proposalId: this.world.proposals.map((p) => p.id),
        reviewerUserId: [
          this.pop.conflictedReviewer.person.userId,
          this.pop.conflictedBoard.person.userId,
          ...this.world.pool.map((r) => r.userId),
        ],
        reviewerId: this.world.pool.map((r) => r.reviewerId),
      },
      text: (field) => {
        const m = this.newMarker(field);
        markers.push(m);
        return `${field} ${m}`;
      },
    });
    const body = { type: event, ...payload };
    const label = `${actor.label} -> ${event} on ${this.instanceName(instance)} ${this.readable(payload)}${refusedTry ? ' (drawn from every event: may be refused)' : ''}`;
    return {
      actor,
      event,
      label,
      instanceId: instance.id,
      systemOnly: definition.events[event] !== undefined && systemOnly(definition.events[event]),
      send: () => this.api.event(RESOURCE[instance.subject], instance.id, body, actor.person.token),
      learn: async () => this.learn(instance, actor, event, payload, markers),
    };
  }

  private async learn(
    instance: Instance,
    actor: Member,
    event: string,
    payload: Record<string, unknown>,
    markers: string[],
  ): Promise<void> {
    const field = (name: string) => markers.filter((m) => String(payload[name] ?? '').includes(m));
    if (instance.subject === 'assignment') {
      const base: Marker = {
        kind: 'draft',
        proposalId: instance.proposalId!,
        agency: instance.agency!,
        userId: instance.reviewerUserId!,
      };
      if (event === 'SAVE_DRAFT') for (const m of markers) this.k.markers.set(m, base);
      if (event === 'SUBMIT_REVIEW')
        for (const m of field('confidentialComments')) this.k.markers.set(m, { ...base, kind: 'review-confidential' });
    }
    if (instance.subject === 'proposal') {
      const p = this.world.proposals.find((x) => x.id === instance.id)!;
      const agency =
        (payload.agency as string | undefined) ??
        actor.roles.map((r) => r.agency).find((a) => a !== null && p.agencies.includes(a));
      if (event === 'COMPLETE_AGENCY_REVIEW' && agency)
        for (const m of field('summary')) this.k.markers.set(m, { kind: 'consolidation', proposalId: p.id, agency });
      if (event === 'WAIVE_CONFLICT') {
        // Legitimate only from a PD of an agency whose pool holds the user (DOMAIN.md, conflicts).
        const [row] = await this.ds.query(
          `SELECT 1 FROM reviewers r JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = $1 AND a.code = ANY($2::text[])`,
          [payload.reviewerUserId, actor.roles.filter((r) => r.role === 'program_director').map((r) => r.agency)],
        );
        if (row) this.k.waivers.add(`${payload.reviewerUserId}:${p.id}`);
      }
    }
  }

  /** A PO, officer or anyone invites a reviewer of a pool (sometimes the conflicted one) to a proposal. */
  private inviteAction(): Action {
    const p = this.pick(this.world.proposals);
    const reviewer = this.pick(this.pop.pool.filter((r) => this.world.agencies.includes(r.agency)));
    const inviters = this.world.members.filter((m) =>
      m.roles.some((r) => ['program_officer', 'agency_officer'].includes(r.role)),
    );
    const actor = this.g(() => fc.boolean())
      ? this.pick(inviters.filter((m) => m.roles.some((r) => r.agency === reviewer.agency)))
      : this.pick(inviters);
    return {
      actor,
      event: 'POST /assignments',
      label: `${actor.label} -> POST /assignments {proposal: ${p.label}, reviewer: ${reviewer.member.label}}`,
      instanceId: null,
      send: () =>
        this.api.post('/assignments', { proposalId: p.id, reviewerId: reviewer.reviewerId }, actor.person.token),
      learn: async () => undefined,
    };
  }

  private async action(): Promise<Action> {
    const n = this.g(() => fc.integer({ min: 0, max: 6 }));
    return n === 0 ? this.inviteAction() : n === 1 ? this.bulkAction() : this.eventAction();
  }

  /** A member asks for a bulk action over the call's proposals or assignments (run at the next `deliver`). */
  private bulkAction(): Action {
    // Mostly the agencies' staff (who may ask for one), sometimes anyone (who should be refused).
    const staff = this.world.members.filter((m) =>
      m.roles.some((r) => ['program_officer', 'program_director', 'agency_officer', 'administrator'].includes(r.role)),
    );
    const actor = this.pick(this.g(() => fc.integer({ min: 0, max: 3 })) > 0 ? staff : this.world.members);
    const [subjectType, type] = this.pick(BULK_EVENTS);
    const body = { subjectType, event: { type }, filter: { callId: this.world.callId } };
    return {
      actor,
      event: `POST /bulk ${type}`,
      label: `${actor.label} -> POST /bulk ${subjectType} ${type} (every one of the call)`,
      instanceId: null,
      send: () => this.api.post('/bulk', body, actor.person.token),
      learn: async () => undefined,
    };
  }

  private async version(id: string | null): Promise<number | null> {
    if (id === null) return null;
    const [row] = await this.ds.query(`SELECT version FROM workflow_instances WHERE id = $1`, [id]);
    return row?.version ?? null;
  }

  /** One step: an action, or two sent at once; then every promise. Returns the violations. */
  async step(): Promise<Violation[]> {
    this.steps += 1;
    const concurrent = this.g(() => fc.integer({ min: 0, max: 4 })) === 0;
    const actions: Action[] = [await this.action()];
    if (concurrent) actions.push(this.g(() => fc.boolean()) ? actions[0] : await this.action());
    const before = await Promise.all(actions.map((a) => this.version(a.instanceId)));
    const answers = await Promise.all(actions.map((a) => a.send()));
    const violations: Violation[] = [];
    for (const [i, a] of actions.entries()) {
      const res = answers[i];
      this.log.push(
        `${this.steps}${concurrent ? (i === 0 ? 'a' : 'b') : ''}. ${a.label}\n     => ${res.status}${res.status >= 400 ? ` ${res.body?.code ?? ''} ${this.readable(res.body?.reasons ?? res.body?.errors ?? '')}` : ''}`,
      );
      const tally = `${a.event} ${res.status}`;
      ANSWERS.set(tally, (ANSWERS.get(tally) ?? 0) + 1);
      if (res.status >= 500)
        violations.push({ promise: 'refusals', detail: `${a.label} answered ${res.status}: ${res.text}` });
      // Timers and fan-outs are sent by the system alone: a person, administrators included, is refused
      // (403; 404 for who does not see the instance at all).
      if (a.systemOnly && res.status !== 403 && res.status !== 404)
        violations.push({ promise: 'system-events', detail: `${a.label} answered ${res.status}, not 403` });
      if (res.status < 300) await a.learn(res);
      else if (!concurrent && a.instanceId && (await this.version(a.instanceId)) !== before[i]) {
        violations.push({
          promise: 'refusals',
          detail: `${a.label} was refused (${res.status}) but changed the instance's version`,
        });
      }
    }
    violations.push(...(await this.checkAll(actions.map((a) => a.instanceId))));
    return violations;
  }

  /** Every promise, now. */
  async checkAll(touched: (string | null)[]): Promise<Violation[]> {
    await this.deliver();
    await refresh(this.ds, this.world, this.k);
    const out: Violation[] = [];
    out.push(...(await checkLog(this.ds, this.world)));
    out.push(...(await checkBudget(this.ds, this.world)));
    out.push(...(await checkBulk(this.ds, this.world)));
    out.push(...(await checkCaps(this.ds, this.world)));
    out.push(...(await checkCounters(this.ds, this.world)));
    out.push(...(await checkNotifications(this.ds, this.oracle, this.notified)));
    out.push(...(await this.verifyChains(touched)));
    out.push(...(await this.observe(touched)));
    return out;
  }

  /** Runs the bulk batches of this run not yet ended, then writes the notifications of every effect, as the worker does. */
  private async deliver(): Promise<void> {
    const batches: { id: string }[] = await this.ds.query(
      `SELECT DISTINCT b.id FROM bulk_batches b JOIN bulk_items i ON i.batch_id = b.id
        WHERE b.state IN ('queued', 'running')
          AND (b.call_id = $1 OR i.subject_id IN (SELECT id FROM proposals WHERE call_id = $1)
               OR i.subject_id IN (SELECT id FROM assignments WHERE call_id = $1))`,
      [this.world.callId],
    );
    const runBatch = this.pop.sut.app.get(JobHandlers).get(JobName.RunBulkBatch);
    for (const b of batches)
      await runBatch.handle({ batchId: b.id }, { id: `invariants-bulk-${b.id}`, attempt: 1, finalAttempt: false });
    const rows: { id: string }[] = await this.ds.query(
      `SELECT o.id FROM outbox o WHERE o.processed_at IS NULL AND o.kind = 'notify'
          AND (o.instance_id = $1 OR o.instance_id IN (SELECT id FROM proposals WHERE call_id = $1) OR o.instance_id IN (SELECT id FROM assignments WHERE call_id = $1))`,
      [this.world.callId],
    );
    if (!rows.length) return;
    const handler = this.pop.sut.app.get(JobHandlers).get(JobName.DispatchNotification);
    await handler.handle(
      { outboxIds: rows.map((r) => r.id).join('.') },
      { id: `invariants-${this.steps}`, attempt: 1, finalAttempt: false },
    );
  }

  private async verifyChains(touched: (string | null)[]): Promise<Violation[]> {
    const out: Violation[] = [];
    const ids = [...new Set(touched.filter((t): t is string => t !== null))];
    for (const id of ids) {
      const [row] = await this.ds.query(`SELECT subject_type FROM workflow_instances WHERE id = $1`, [id]);
      const res = await this.api.get(
        `/${RESOURCE[row.subject_type]}/${id}/history?verify=true`,
        this.pop.world.admin.token,
      );
      if (res.status !== 200 || res.body.verification?.valid !== true) {
        out.push({
          promise: 'log',
          detail: `the hash chain of ${row.subject_type} ${id} does not verify: ${res.status} ${JSON.stringify(res.body.verification ?? res.body)}`,
        });
      }
    }
    return out;
  }

  /** Reads by the suspects (conflicted, other agencies, outsider, other applicants) and two others. */
  private async observe(touched: (string | null)[]): Promise<Violation[]> {
    const pop = this.pop;
    const named = (label: string) => this.world.members.filter((m) => m.label === label);
    const suspects = [
      pop.conflictedReviewer,
      pop.conflictedBoard,
      ...named('OUT program_officer'),
      ...named(this.world.program === 'e-asia-jrp' ? 'ID program_officer' : 'VN program_officer'),
      ...named('JST panel_member'),
      ...named('applicant of P1'),
    ];
    const assignments: { id: string; proposal_id: string; reviewer_user_id: string; agency: string }[] =
      await this.ds.query(
        `SELECT a.id, a.proposal_id, a.reviewer_user_id, ag.code AS agency FROM assignments a JOIN agencies ag ON ag.id = a.agency_id WHERE a.call_id = $1 ORDER BY a.created_at, a.id`,
        [this.world.callId],
      );
    // The instance the step touched (its proposal, its assignment), else drawn; read by the suspects, one of
    // the staff of its agencies (who see much, so they are where a leak of drafts shows) and one of anyone.
    const touchedAssignment = assignments.find((a) => touched.includes(a.id));
    const assignment = touchedAssignment ?? (assignments.length ? this.pick(assignments) : null);
    const focusId =
      touched.find((t) => t && this.world.proposals.some((p) => p.id === t)) ?? touchedAssignment?.proposal_id;
    const focus = focusId ? this.world.proposals.find((p) => p.id === focusId)! : this.pick(this.world.proposals);
    const staff = this.world.members.filter((m) =>
      m.roles.some(
        (r) => r.agency !== null && focus.agencies.includes(r.agency) && !['applicant', 'reviewer'].includes(r.role),
      ),
    );
    // A touched assignment is also read by its agency's officer, PO and PD (its drafts are the reviewer's only).
    // And by its reviewer (who may have just declared a conflict: they keep their assignment, not the proposal).
    const managers = touchedAssignment
      ? this.world.members.filter(
          (m) =>
            m.person.userId === touchedAssignment.reviewer_user_id ||
            m.roles.some(
              (r) =>
                r.agency === touchedAssignment.agency &&
                ['agency_officer', 'program_officer', 'program_director'].includes(r.role),
            ),
        )
      : [];
    const observers = [...new Set([...suspects, ...managers, this.pick(staff), this.pick(this.world.members)])];
    const exportName = this.pick(EXPORTS);
    const results = await Promise.all(
      observers.map((m) => this.observeAs(m, focus, assignment?.id ?? null, exportName)),
    );
    return results.flat();
  }

  private async observeAs(
    m: Member,
    focus: RunProposal,
    assignmentId: string | null,
    exportName: string,
  ): Promise<Violation[]> {
    const token = m.person.token;
    const callId = this.world.callId;
    const reads: [string, string, boolean][] = [
      // [what, path, must it be refused (no proposal of another agency or a conflicted one)]
      [`${focus.label}`, `/proposals/${focus.id}`, !this.oracle.maySee(m, focus)],
      [`${focus.label}'s history`, `/proposals/${focus.id}/history`, !this.oracle.maySee(m, focus)],
      [`${focus.label}'s reviews`, `/proposals/${focus.id}/reviews`, !this.oracle.maySee(m, focus)],
      [`${focus.label}'s documents`, `/proposals/${focus.id}/documents`, !this.oracle.maySee(m, focus)],
      [
        `${focus.label}'s research plan`,
        `/proposals/${focus.id}/documents/${focus.documentId}/content`,
        !this.oracle.maySee(m, focus),
      ],
      [`${focus.label}'s revisions`, `/proposals/${focus.id}/revisions`, !this.oracle.maySee(m, focus)],
      // Its researchers' other proposals (a team member shared by every proposal of the population):
      // one the reader may not see shows as its period and effort only, never its title or id.
      [
        `${focus.label}'s duplicate-funding check`,
        `/proposals/${focus.id}/duplicate-funding`,
        !this.oracle.maySee(m, focus),
      ],
      ['the list of proposals', `/proposals?callId=${callId}&limit=100`, false],
      ['the list of assignments', `/assignments?callId=${callId}&limit=100`, false],
      [`the ${exportName} export`, `/calls/${callId}/exports/${exportName}.csv`, false],
      ['their inbox', `/me/notifications?limit=100`, false],
    ];
    if (assignmentId) {
      const [a] = await this.ds.query(`SELECT proposal_id, reviewer_user_id FROM assignments WHERE id = $1`, [
        assignmentId,
      ]);
      const p = this.world.proposals.find((x) => x.id === a.proposal_id)!;
      // Its reviewer keeps their own assignment, conflicted or not ("and their own assignments"): what
      // it may not show them of a proposal they are conflicted with is checked as text below.
      const refused = !this.oracle.maySee(m, p) && m.person.userId !== a.reviewer_user_id;
      reads.push([`an assignment (on ${p.label})`, `/assignments/${assignmentId}`, refused]);
      reads.push([`an assignment's history (on ${p.label})`, `/assignments/${assignmentId}/history`, refused]);
    }
    const out: Violation[] = [];
    await Promise.all(
      reads.map(async ([what, path, refused]) => {
        // A document's content is not text: read its bytes (as latin1, so a leaked title still shows).
        const res = path.endsWith('/content')
          ? await this.api
              .get(path, token)
              .buffer(true)
              .parse((r, done) => {
                const chunks: Buffer[] = [];
                r.on('data', (c: Buffer) => chunks.push(c));
                r.on('end', () => done(null, Buffer.concat(chunks).toString('latin1')));
              })
          : await this.api.get(path, token);
        if (res.status >= 500)
          out.push({ promise: 'refusals', detail: `${m.label} reading ${what} got ${res.status}: ${res.text}` });
        if (res.status >= 300) return;
        if (refused)
          out.push({ promise: 'tenancy', detail: `${m.label} reads ${what} (${res.status}), which they may not see` });
        // The inbox is checked as notification rows when written (a later conflict does not recall them).
        const text = typeof res.body === 'string' ? res.body : res.text;
        if (!path.startsWith('/me/notifications')) {
          for (const p of leakedProposals(this.oracle, m, text))
            out.push({ promise: 'tenancy', detail: `${m.label} finds ${p.label} in ${what}` });
        }
        for (const [marker, info] of leakedMarkers(this.oracle, m, text)) {
          const p = this.world.proposals.find((x) => x.id === info.proposalId)!;
          const owner = this.world.members.find((x) => x.person.userId === info.userId)?.label;
          out.push({
            promise: info.kind === 'draft' ? 'drafts' : 'confidential',
            detail: `${m.label} reads ${info.kind} ${marker} (${this.agencyName(info.agency)} on ${p.label}${owner ? `, by ${owner}` : ''}, ${p.label} in ${this.k.states.get(p.id)}) in ${what}`,
          });
        }
      }),
    );
    return out;
  }
}
