import type { QueryRunner } from 'typeorm';
import { isStateTagged } from '../../engine/state-tags.js';
import type { TimersService } from '../../engine/timers.service.js';

/**
 * The call opens itself at `opensAt` and closes at `submissionDeadline`: durable timers for the
 * dates that still lie ahead in its workflow, set in the caller's transaction (creation and a move
 * of the dates alike).
 */
export async function setCallDateTimers(
  timers: TimersService,
  q: QueryRunner,
  id: string,
  state: string,
  dates: { opensAt?: Date; submissionDeadline?: Date },
): Promise<void> {
  if (dates.opensAt && isStateTagged(state, 'opening-ahead', 'call')) {
    await timers.set(q, { instanceId: id, name: 'opens', dueAt: dates.opensAt, event: { type: 'OPEN' } });
  }
  if (dates.submissionDeadline && isStateTagged(state, 'closing-ahead', 'call')) {
    await timers.set(q, {
      instanceId: id,
      name: 'closes',
      dueAt: dates.submissionDeadline,
      event: { type: 'CLOSE' },
    });
  }
}
