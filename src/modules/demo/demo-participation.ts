import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor } from '../../engine/actor.js';
import { isStateTagged } from '../../engine/state-tags.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';

/**
 * Opens an announced demo call. Its opening date has passed, so a running service's timer may open
 * it first (the demo is seeded beside a running service): a call found open already is what was asked.
 */
export async function openAnnouncedCall(engine: WorkflowEngine, callId: string, actor: Actor): Promise<void> {
  try {
    await engine.send({ subjectType: 'call', instanceId: callId, body: { type: 'OPEN' }, actor });
  } catch (e) {
    const state = e instanceof DomainException ? String((e.extensions as { state?: string }).state) : '';
    if (!(
      e instanceof DomainException &&
      e.code === ErrorCode.EventNotAllowed &&
      isStateTagged(state, 'open-for-submissions', 'call')
    ))
      throw e;
  }
}

/**
 * The Japanese fiscal year (April to March, JST's) a moment falls in, in Japan: a call's opening
 * fiscal year is this of its opening date (calls.repository.ts `participationBounds`).
 */
export function japaneseFiscalYear(at: Date): number {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return month! >= 4 ? year! : year! - 1;
}

/**
 * The demo's first fiscal year, its projects' year 1: the one after the fiscal year its calls open
 * in (they open the day before they are seeded). Never a fixed year: an envelope may not precede
 * the call's opening fiscal year, nor pass its last project year (calls `fiscalYearRange`).
 */
export function demoFirstFiscalYear(now: Date = new Date()): number {
  return japaneseFiscalYear(new Date(now.getTime() - 24 * 60 * 60 * 1000)) + 1;
}

/**
 * An agency's program officer approves its part of a co-owned demo call: `perYear` in each of five
 * fiscal years, its cap, and its demo program officer and director appointed for the call.
 */
export function approveDemoParticipation(
  engine: WorkflowEngine,
  callId: string,
  agency: string,
  staff: { po: Actor; pdUserId: string | null },
  figures: { perYear: number; cap: number; currency: string },
) {
  return engine.send({
    subjectType: 'call',
    instanceId: callId,
    body: demoParticipation(agency, staff, figures),
    actor: staff.po,
  });
}

/** The demo's APPROVE_PARTICIPATION event: five fiscal years from the demo's first, as of now. */
export function demoParticipation(
  agency: string,
  staff: { po: Actor; pdUserId: string | null },
  figures: { perYear: number; cap: number; currency: string },
  now: Date = new Date(),
) {
  const firstFiscalYear = demoFirstFiscalYear(now);
  return {
    type: 'APPROVE_PARTICIPATION',
    agency,
    envelopes: Array.from({ length: 5 }, (_, i) => ({ fiscalYear: firstFiscalYear + i, amount: figures.perYear })),
    capPerProjectPerYear: figures.cap,
    appointees: [staff.po.userId, staff.pdUserId].filter((id): id is string => id !== null),
    // Rough demo rates (JPY per unit), stated by each agency for the equivalence comparison.
    // (An agency funding in JPY states none.)
    ...(figures.currency === 'JPY' ? {} : { jpyPerUnit: DEMO_JPY_RATES[figures.currency] ?? 1 }),
  };
}

const DEMO_JPY_RATES: Record<string, number> = { JPY: 1, USD: 150, EUR: 160, GBP: 190, KRW: 0.11, PHP: 2.6 };
