import { DomainException } from './domain.exception.js';

/**
 * A list's `state` filter: a state no instance of the list's kind is ever in (a typo, another case,
 * nothing) is a mistake to say (400 naming the field and the states it takes), not an empty list.
 * `noun`: what the list holds (`proposal`); `known`: every state it may be asked for.
 */
export function checkStateFilter(noun: string, state: string | undefined, known: Iterable<string>): void {
  if (state === undefined) return;
  const states = new Set(known);
  if (states.has(state)) return;
  const what = state.trim() === '' ? 'must name a state' : `no ${noun} is ever in state ${state}`;
  throw DomainException.invalid([{ field: 'state', message: `${what}; one of: ${[...states].sort().join(', ')}` }]);
}
