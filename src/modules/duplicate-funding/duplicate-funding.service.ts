import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AGENCY_STAFF, DUPLICATE_FUNDING_PLACEHOLDER, programByCode } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { actsFor } from '../../engine/access.js';
import type { Actor } from '../../engine/actor.js';
import type { InstanceView } from '../../engine/engine.types.js';
import { registerRecordedStep } from '../../engine/history-visibility.js';
import { statesTagged } from '../../engine/state-tags.js';
import { TransitionPipeline } from '../../engine/transition-pipeline.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import type { AccessContext } from '../../../workflows/index.js';
import {
  DuplicateFundingRepository,
  RULING_EVENT,
  type OverlapRow,
  type PersonRow,
  type RulingRow,
  type SubjectRow,
  type TwinRow,
} from './duplicate-funding.repository.js';
import type { BodyError } from '../../common/deferred-body-error.js';
import { validationPipe } from '../../common/validation.js';
import { RulingDto, TwinProposalDto } from './duplicate-funding.dto.js';
import { keysetBatches } from '../reviews/csv.js';

// The PD's ruling is the agencies' internal step: left out of the history of applicants and reviewers.
registerRecordedStep(RULING_EVENT, { confidential: true });

/**
 * Proposals that count as another project of a researcher: funded (holding budgets), or pending a
 * decision (submitted, not decided yet: a decided one not funded, rejected or not recommended, no longer counts).
 */
const FUNDED = statesTagged('budget-holding', 'proposal');
const DECIDED = statesTagged('announceable', 'proposal');
const PENDING = statesTagged('undecided', 'proposal').filter((s) => !FUNDED.includes(s) && !DECIDED.includes(s));
const COUNTED = [...new Set([...FUNDED, ...PENDING])];

export type OverlapStatus = 'funded' | 'pending';

/** Another project of a researcher whose period overlaps: in full for whoever may see it, else period and effort only. */
export type Overlap =
  | {
      visible: true;
      proposalId: string;
      title: string;
      call: { id: string; title: string };
      agencies: string[];
      state: string;
      status: OverlapStatus;
      startsOn: string;
      endsOn: string;
      effortPercent: number | null;
    }
  | { visible: false; status: OverlapStatus; startsOn: string; endsOn: string; effortPercent: number | null };

export interface ResearcherCheck {
  name: string;
  agency: string;
  role: 'pi' | 'member';
  orcid: string | null;
  researcherNumber: string | null;
  /** Without an ORCID iD or a researcher number a person cannot be matched across proposals. */
  identified: boolean;
  effortPercent: number | null;
  /** This project's effort and every overlapping project's, added up (undeclared efforts count 0). */
  totalEffortPercent: number;
  overEffort: boolean;
  overlaps: Overlap[];
}

export interface TwinDifference {
  field: 'title' | 'principalInvestigators' | 'budget' | 'durationMonths';
  tandem: string | number | string[];
  twin: string | number | string[];
}

const normalize = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/** A request's body, checked only once the caller is known to be allowed (authorization before validation). */
export interface Submitted {
  body: unknown;
  /** A body the parsers refused (malformed JSON, too large, ...). */
  refused?: BodyError;
}

async function parsed<T extends object>(input: Submitted, dto: new () => T): Promise<T> {
  if (input.refused) throw input.refused;
  return (await validationPipe.transform(input.body ?? {}, { type: 'body', metatype: dto })) as T;
}

/** Whole months from one day to the day after another (2027-04-01 .. 2030-03-31: 36). */
export function monthsBetween(startsOn: string, endsOn: string): number {
  const [y1, m1, d1] = startsOn.split('-').map(Number);
  const end = new Date(`${endsOn}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const months = (end.getUTCFullYear() - y1) * 12 + (end.getUTCMonth() + 1 - m1);
  return end.getUTCDate() >= d1 ? months : months - 1;
}

/** Where an agency's twin differs from the Tandem proposal: title, principal investigators, its budget, its period. */
export function twinDifferences(
  subject: Pick<SubjectRow, 'title' | 'duration_months' | 'parties'>,
  agency: string,
  twin: { title: string; principalInvestigators: string[]; budget: number; startsOn: string; endsOn: string },
): TwinDifference[] {
  const out: TwinDifference[] = [];
  if (normalize(twin.title) !== normalize(subject.title))
    out.push({ field: 'title', tandem: subject.title, twin: twin.title });
  const pis = subject.parties.map((p) => p.piName);
  const known = new Set(pis.map(normalize));
  const named = new Set(twin.principalInvestigators.map(normalize));
  const own = subject.parties.find((p) => p.agency === agency);
  if (twin.principalInvestigators.some((n) => !known.has(normalize(n))) || (own && !named.has(normalize(own.piName))))
    out.push({ field: 'principalInvestigators', tandem: pis, twin: twin.principalInvestigators });
  const budget = Number(own?.budget ?? 0);
  if (budget !== twin.budget) out.push({ field: 'budget', tandem: budget, twin: twin.budget });
  const months = monthsBetween(twin.startsOn, twin.endsOn);
  if (months !== subject.duration_months)
    out.push({ field: 'durationMonths', tandem: subject.duration_months, twin: months });
  return out;
}

/**
 * The duplicate-funding check of a proposal (issue 16, Japan's e-Rad practice): for each researcher
 * of its parties (by ORCID iD or national researcher number), their other proposals and awards in
 * Tandem (any call, any agency) whose periods overlap, and their declared effort added up over
 * them, flagged above the program's limit; each agency's twin of the proposal in its own system
 * with what differs; and the PD's rulings, kept in the proposal's log. Only the staff of the
 * proposal's agencies read it, and an overlapping proposal they may not see shows as its period
 * and effort alone.
 */
@Injectable()
export class DuplicateFundingService {
  constructor(
    private readonly repository: DuplicateFundingRepository,
    private readonly engine: WorkflowEngine,
    private readonly pipeline: TransitionPipeline,
    private readonly dataSource: DataSource,
  ) {}

  /** The proposal for a reader of its check: 404 when they may not see it, 403 unless they see the agencies' internals. */
  /** The proposal as the actor reads it, without the events it may send (none of the check's uses needs them). */
  async readable(id: string, actor: Actor): Promise<Omit<InstanceView, 'allowedEvents'>> {
    const view = await this.engine.readState('proposal', id, actor);
    if (!view.internals)
      throw new DomainException(
        ErrorCode.Forbidden,
        "the duplicate-funding check is the agencies' own: only the staff of the proposal's agencies read it",
      );
    return view;
  }

  async check(id: string, actor: Actor) {
    await this.readable(id, actor);
    return this.checkOf(id, actor);
  }

  /** The check of a proposal the actor has been found to read. */
  private async checkOf(id: string, actor: Actor) {
    const [one] = await this.checksOf([id], actor);
    if (!one) throw DomainException.notFound(`proposal ${id}`);
    return one.check;
  }

  /**
   * The checks of these proposals (the actor found to read each), in their order, with each one's
   * subject; unknown ids left out. A few queries whatever their number (one per kind of row, and
   * what the actor sees of the overlapping proposals in one batch): a whole call's export reads
   * them a batch of proposals at a time, a single check as a batch of one.
   */
  private async checksOf(ids: string[], actor: Actor) {
    if (ids.length === 0) return [];
    const [subjects, [people, overlaps], twins, rulings] = await Promise.all([
      this.repository.subjects(ids),
      this.repository
        .people(ids)
        .then(async (people) => [people, await this.repository.overlaps(people, COUNTED)] as const),
      this.repository.twins(ids),
      this.repository.rulings(ids),
    ]);
    const others = await this.othersAsSeenBy([...new Set(overlaps.map((o) => o.other_id))], actor);
    const byId = new Map(subjects.map((s) => [s.id, s]));
    const peopleOf = groupBy(people, (p) => p.proposal_id);
    const overlapsOf = groupBy(overlaps, (o) => o.proposal_id);
    const twinsOf = groupBy(twins, (t) => t.proposal_id);
    const rulingsOf = groupBy(rulings, (r) => r.instance_id);
    return ids.flatMap((id) => {
      const subject = byId.get(id);
      if (!subject) return [];
      const check = this.checkFrom(
        subject,
        peopleOf.get(id) ?? [],
        overlapsOf.get(id) ?? [],
        twinsOf.get(id) ?? [],
        rulingsOf.get(id) ?? [],
        others,
      );
      return [{ subject, check }];
    });
  }

  /** A proposal's check from its rows. */
  private checkFrom(
    subject: SubjectRow,
    people: PersonRow[],
    overlaps: OverlapRow[],
    twins: TwinRow[],
    rulings: RulingRow[],
    others: Map<string, SeenProposal>,
  ) {
    const id = subject.id;
    const maxEffortPercent = (programByCode(subject.program)?.duplicateFunding ?? DUPLICATE_FUNDING_PLACEHOLDER)
      .maxEffortPercent;

    // One entry per person: rows of the same ORCID iD or researcher number (a party's PI also invited) are one.
    const researchers: (ResearcherCheck & { rows: OverlapRow[] })[] = [];
    for (const p of people) {
      const same = researchers.find(
        (r) =>
          (p.orcid !== null && r.orcid === p.orcid) ||
          (p.researcher_number !== null && r.researcherNumber === p.researcher_number),
      );
      if (same) {
        same.orcid ??= p.orcid;
        same.researcherNumber ??= p.researcher_number;
        same.effortPercent ??= p.effort_percent;
        continue;
      }
      researchers.push({
        name: p.name,
        agency: p.agency,
        role: p.role,
        orcid: p.orcid,
        researcherNumber: p.researcher_number,
        identified: p.orcid !== null || p.researcher_number !== null,
        effortPercent: p.effort_percent,
        totalEffortPercent: 0,
        overEffort: false,
        overlaps: [],
        rows: [],
      });
    }
    const checked = researchers.map(({ rows: _rows, ...r }) => {
      const mine = overlaps.filter(
        (o) =>
          (o.orcid !== null && o.orcid === r.orcid) ||
          (o.researcher_number !== null && o.researcher_number === r.researcherNumber),
      );
      // One overlap per other proposal (a person listed twice there counts once, at the larger effort).
      const byProposal = new Map<string, OverlapRow>();
      for (const o of mine) {
        const was = byProposal.get(o.other_id);
        if (!was || (o.other_effort ?? 0) > (was.other_effort ?? 0)) byProposal.set(o.other_id, o);
      }
      const list: Overlap[] = [...byProposal.values()].map((o) => {
        const status: OverlapStatus = FUNDED.includes(o.state) ? 'funded' : 'pending';
        const seen = others.get(o.other_id);
        const base = { status, startsOn: o.starts_on, endsOn: o.ends_on, effortPercent: o.other_effort };
        return seen
          ? { visible: true as const, proposalId: o.other_id, ...seen, ...base }
          : { visible: false as const, ...base };
      });
      const total = (r.effortPercent ?? 0) + list.reduce((n, o) => n + (o.effortPercent ?? 0), 0);
      return {
        ...r,
        identified: r.orcid !== null || r.researcherNumber !== null,
        totalEffortPercent: total,
        overEffort: total > maxEffortPercent,
        overlaps: list,
      };
    });
    const last = rulings.at(-1);
    return {
      proposalId: id,
      callId: subject.call_id,
      period: { startsOn: subject.starts_on, endsOn: subject.ends_on, durationMonths: subject.duration_months },
      maxEffortPercent,
      flags: {
        overlapping: checked.filter((r) => r.overlaps.length > 0).length,
        overEffort: checked.filter((r) => r.overEffort).length,
        unidentified: checked.filter((r) => !r.identified).length,
      },
      flagged: checked.some((r) => r.overlaps.length > 0 || r.overEffort),
      researchers: checked,
      twins: twins.map((t) => {
        const twin = {
          title: t.title,
          principalInvestigators: t.principal_investigators,
          budget: Number(t.budget),
          startsOn: t.starts_on,
          endsOn: t.ends_on,
        };
        return {
          agency: t.agency,
          system: t.system,
          reference: t.reference,
          ...twin,
          recordedBy: t.recorded_by,
          recordedAt: new Date(t.recorded_at).toISOString(),
          differences: twinDifferences(subject, t.agency, twin),
        };
      }),
      rulings: rulings.map((r) => ({
        seq: r.seq,
        agency: r.payload.agency ?? null,
        ruling: r.payload.ruling ?? null,
        note: r.payload.note ?? '',
        by: r.actor_name ?? 'system',
        at: new Date(r.occurred_at).toISOString(),
      })),
      ruling: last ? { agency: last.payload.agency ?? null, ruling: last.payload.ruling ?? null } : null,
    };
  }

  /**
   * What the proposal page's panel shows this viewer: null unless they read the check; else the
   * check, the agencies whose twin they record and those they rule for, and the parties' currencies.
   */
  async panel(id: string, actor: Actor) {
    let view: Omit<InstanceView, 'allowedEvents'>;
    try {
      view = await this.readable(id, actor);
    } catch (e) {
      if (e instanceof DomainException && e.code === ErrorCode.Forbidden) return null;
      throw e;
    }
    const access = (view.context as { access: AccessContext }).access;
    const subject = await this.repository.subject(id);
    return {
      check: await this.checkOf(id, actor),
      twinAgencies: access.agencies.filter((a) => actsFor(actor, AGENCY_STAFF, a, access)),
      ruleAgencies: access.agencies.filter((a) => actsFor(actor, ['program_director'], a, access)),
      currencies: Object.fromEntries((subject?.parties ?? []).map((p) => [p.agency, p.currency ?? 'JPY'])),
    };
  }

  /**
   * What the actor may know of each of these proposals: title, call, agencies and state (as they
   * read it); absent when they may not see it. Read in one batch (what they see, then the proposals).
   */
  private async othersAsSeenBy(ids: string[], actor: Actor): Promise<Map<string, SeenProposal>> {
    const out = new Map<string, SeenProposal>();
    if (ids.length === 0) return out;
    const seen = await this.engine.statesOf('proposal', ids, actor);
    const subjects = await this.repository.subjects([...seen.keys()]);
    for (const subject of subjects)
      out.set(subject.id, {
        title: subject.title,
        call: { id: subject.call_id, title: subject.call_title },
        agencies: subject.parties.map((p) => p.agency),
        state: seen.get(subject.id)!.state,
      });
    return out;
  }

  /** An officer, PO or PD of one of the proposal's agencies records that agency's twin (replacing an earlier record). */
  async saveTwin(id: string, agency: string, input: Submitted, actor: Actor) {
    const view = await this.readable(id, actor);
    const access = (view.context as { access: AccessContext }).access;
    if (!access.agencies.includes(agency))
      throw new DomainException(ErrorCode.RuleViolated, `the proposal is not routed to ${agency}`, {
        reasons: [`the proposal is not routed to ${agency}`],
      });
    if (!actsFor(actor, AGENCY_STAFF, agency, access))
      throw new DomainException(
        ErrorCode.Forbidden,
        `only an officer, program officer or program director of ${agency} records its twin of the proposal`,
      );
    const dto = await parsed(input, TwinProposalDto);
    if (dto.endsOn <= dto.startsOn)
      throw DomainException.invalid([{ field: 'endsOn', message: 'must be after startsOn' }]);
    await this.pipeline.transaction((q) =>
      this.repository.saveTwin(q, { proposalId: id, agency, ...dto, recordedBy: actor.userId as string }),
    );
    const check = await this.checkOf(id, actor);
    return check.twins.find((t) => t.agency === agency)!;
  }

  /** A program director of one of the proposal's agencies rules on its check: a step of the proposal's log. */
  async rule(id: string, input: Submitted, actor: Actor) {
    const view = await this.readable(id, actor);
    const access = (view.context as { access: AccessContext }).access;
    const mine = access.agencies.filter((a) => actsFor(actor, ['program_director'], a, access));
    if (mine.length === 0)
      throw new DomainException(
        ErrorCode.Forbidden,
        "only a program director of one of the proposal's agencies rules on its duplicate-funding check",
      );
    const dto = await parsed(input, RulingDto);
    if (dto.agency !== undefined && !access.agencies.includes(dto.agency))
      throw new DomainException(ErrorCode.RuleViolated, `the proposal is not routed to ${dto.agency}`, {
        reasons: [`the proposal is not routed to ${dto.agency}`],
      });
    const agency = dto.agency ?? (mine.length === 1 ? mine[0] : undefined);
    if (dto.agency === undefined && mine.length > 1)
      throw DomainException.invalid([
        { field: 'agency', message: `you are a program director of ${mine.join(', ')}: say which agency you rule for` },
      ]);
    if (agency === undefined || !mine.includes(agency))
      throw new DomainException(
        ErrorCode.Forbidden,
        `only a program director of ${agency ?? "one of the proposal's agencies"} rules on its duplicate-funding check`,
      );
    const logged = await this.pipeline.transaction((q) =>
      this.pipeline.record(q, 'proposal', id, {
        event: RULING_EVENT,
        payload: { agency, ruling: dto.ruling, note: dto.note },
        actorUserId: actor.userId,
      }),
    );
    return { seq: logged.seq, agency, ruling: dto.ruling, note: dto.note, at: logged.occurredAt.toISOString() };
  }

  /**
   * The call's checks as CSV lines, a batch of proposals at a time (a generator the controller
   * streams): the proposals of the call this actor reads the check of (as `readable`: they see it
   * and its internals, decided for the batch at once), oldest first, one line per researcher and
   * overlap. Each batch's checks are read in a few queries (checksOf), the next batch's while this
   * one's lines are written: two batches in memory at most. Refused as `check` refuses, before the
   * first line: 404 for a call of other agencies, 403 to whoever does not see the agencies' internals
   * of the call (applicants, reviewers), who read no proposal's check.
   */
  async *exportCall(callId: string, actor: Actor, batch = EXPORT_BATCH): AsyncGenerator<string[]> {
    const call = await this.engine.readState('call', callId, actor); // 404 for a call of other agencies
    if (!call.internals)
      throw new DomainException(
        ErrorCode.Forbidden,
        "the duplicate-funding checks are the agencies' own: only the staff of the call's agencies read them",
      );
    const pages = keysetBatches<{ created_at: string; id: string }>(
      (after, limit) => this.repository.callProposalsAfter(callId, after, limit),
      batch,
    );
    const read = async (page: { id: string }[]) => {
      const ids = page.map((p) => p.id);
      const seen = await this.engine.statesOf('proposal', ids, actor);
      return this.checksOf(
        ids.filter((id) => seen.get(id)?.internals),
        actor,
      );
    };
    let previous: ReturnType<typeof read> | null = null;
    for await (const page of pages) {
      const next = read(page);
      next.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      if (previous) for (const { subject, check } of await previous) yield* exportLines(subject, check);
      previous = next;
    }
    if (previous) for (const { subject, check } of await previous) yield* exportLines(subject, check);
  }

  /**
   * Flagged proposals of the actor's agencies that no PD of theirs has ruled on yet (the start
   * page): the candidates, what the actor reads of them and their checks, each read in one batch.
   */
  async awaitingRuling(actor: Actor, agencies: string[], limit = 50) {
    if (agencies.length === 0) return [];
    const candidates = await this.repository.withOverlaps(
      agencies,
      statesTagged('undecided', 'proposal'),
      COUNTED,
      limit,
    );
    const ruled = await this.repository.rulings(candidates.map((c) => c.id));
    const open = candidates.filter(
      (c) => !ruled.some((r) => r.instance_id === c.id && agencies.includes(r.payload.agency ?? '')),
    );
    const seen = await this.engine.statesOf(
      'proposal',
      open.map((c) => c.id),
      actor,
    );
    const readable = open.filter((c) => seen.get(c.id)?.internals);
    const checks = new Map(
      (
        await this.checksOf(
          readable.map((c) => c.id),
          actor,
        )
      ).map(({ check }) => [check.proposalId, check]),
    );
    return readable.flatMap((c) => {
      const check = checks.get(c.id);
      if (!check?.flagged) return [];
      return [
        {
          id: c.id,
          title: c.title,
          callTitle: c.call_title,
          callTitles: { en: c.call_title_en, ja: c.call_title_ja },
          callLanguage: c.call_language,
          ...check.flags,
        },
      ];
    });
  }
}

/** Proposals of a call's export read at a time: their checks are read together (a few queries a batch). */
export const EXPORT_BATCH = 250;

/** What a reader of a check may know of an overlapping proposal they see. */
interface SeenProposal {
  title: string;
  call: { id: string; title: string };
  agencies: string[];
  state: string;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

type Check = Awaited<ReturnType<DuplicateFundingService['check']>>;

/** A proposal's lines of the export: one per researcher and overlap (a researcher without any, one line). */
function* exportLines(subject: SubjectRow, check: Check): Generator<string[]> {
  const ruling = check.ruling?.ruling ?? '';
  for (const r of check.researchers) {
    const own = [
      check.proposalId,
      subject.title,
      r.name,
      r.agency,
      r.orcid ?? '',
      r.researcherNumber ?? '',
      r.effortPercent ?? '',
      r.totalEffortPercent,
      r.overEffort ? 'yes' : 'no',
    ].map(String);
    if (r.overlaps.length === 0) yield [...own, '', '', '', '', '', '', ruling];
    for (const o of r.overlaps)
      yield [
        ...own,
        o.status,
        o.visible ? o.proposalId : '',
        o.visible ? o.title : '',
        o.startsOn,
        o.endsOn,
        String(o.effortPercent ?? ''),
        ruling,
      ];
  }
}

export const EXPORT_HEADER = [
  'proposal',
  'title',
  'researcher',
  'agency',
  'orcid',
  'researcher_number',
  'effort_percent',
  'total_effort_percent',
  'over_limit',
  'overlap_status',
  'overlap_proposal',
  'overlap_title',
  'overlap_starts_on',
  'overlap_ends_on',
  'overlap_effort_percent',
  'ruling',
] as const;
