import type { Actor } from '../../engine/actor.js';
import type { WorkflowEngine } from '../../engine/workflow-engine.service.js';

/** The demo's first fiscal year: its projects start in it (JST's fiscal year runs April to March). */
export const DEMO_FIRST_FISCAL_YEAR = 2027;

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
    body: {
      type: 'APPROVE_PARTICIPATION',
      agency,
      envelopes: Array.from({ length: 5 }, (_, i) => ({
        fiscalYear: DEMO_FIRST_FISCAL_YEAR + i,
        amount: figures.perYear,
      })),
      capPerProjectPerYear: figures.cap,
      appointees: [staff.po.userId, staff.pdUserId].filter((id): id is string => id !== null),
      // Rough demo rates (JPY per unit), stated by each agency for the equivalence comparison.
      // (An agency funding in JPY states none.)
      ...(figures.currency === 'JPY' ? {} : { jpyPerUnit: DEMO_JPY_RATES[figures.currency] ?? 1 }),
    },
    actor: staff.po,
  });
}

const DEMO_JPY_RATES: Record<string, number> = { JPY: 1, USD: 150, EUR: 160, GBP: 190, KRW: 0.11, PHP: 2.6 };
