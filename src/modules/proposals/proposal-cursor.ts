import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainException } from '../../common/domain.exception.js';
import { PROPOSAL_SORTS, type ProposalSort } from './proposals.dto.js';

/**
 * Where a page of a proposal list starts: just after (`next`) or just before (`prev`) a row of the
 * list in its order, named by the row's sort key and id (keyset pagination: the page is an index
 * range, however deep). Opaque to clients: base64url JSON, a dot and its HMAC-SHA256 under the
 * service's cursor key (CURSOR_SECRET, or the key kept in the database), so a cursor altered or made
 * by hand is refused before anything reads it. The key of the `state` sort is the state the reader
 * is shown on that row (masked for applicants and reviewers): a cursor tells nothing its page did not.
 */
export interface ProposalCursor {
  sort: ProposalSort;
  /** The row's sort key: the lower-cased title, the state shown, or a time to the microsecond (`2025-12-04T09:12:33.123456Z`). */
  key: string;
  id: string;
  direction: 'next' | 'prev';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The signature of a cursor's body for one reader (`scope`, the user's id): a cursor is good for whom it was made. */
const mac = (key: string, scope: string, body: string): Buffer =>
  createHmac('sha256', key).update(`proposal-cursor\n${scope}\n${body}`).digest();

/** A cursor for `scope` (the reader's user id), signed with `key`. */
export function encodeCursor(c: ProposalCursor, key: string, scope: string): string {
  const body = Buffer.from(JSON.stringify([c.sort, c.key, c.id, c.direction])).toString('base64url');
  return `${body}.${mac(key, scope, body).toString('base64url')}`;
}

/** The answer to any cursor the list cannot use: the same 400 whatever is wrong with it. */
export const refused = (): DomainException =>
  DomainException.invalid([
    { field: 'cursor', message: 'cursor must be the next or prev value of a page of this list, unchanged' },
  ]);

/** The cursor a client sent back; a problem (400) when it is not one this list made for `scope`. */
export function decodeCursor(raw: string, secret: string, scope: string): ProposalCursor {
  const parts = /^([A-Za-z0-9_-]{1,1950})\.([A-Za-z0-9_-]{43})$/.exec(raw);
  if (!parts) throw refused();
  const [, body, signature] = parts;
  const given = Buffer.from(signature, 'base64url');
  // Canonical only: a last character differing in the bits base64 leaves unused decodes to the same
  // bytes, and would let an altered cursor through.
  if (
    given.length !== 32 ||
    given.toString('base64url') !== signature ||
    !timingSafeEqual(given, mac(secret, scope, body))
  )
    throw refused();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (!Array.isArray(value) || value.length !== 4) throw refused();
  const [sort, key, id, direction] = value as unknown[];
  if (
    !PROPOSAL_SORTS.includes(sort as ProposalSort) ||
    !(typeof key === 'string' && key.length <= 400) ||
    typeof id !== 'string' ||
    !UUID.test(id) ||
    (direction !== 'next' && direction !== 'prev')
  )
    throw refused();
  if (!['state', '-state', 'title', '-title'].includes(sort as string) && !isInstant(key as string)) throw refused();
  return { sort: sort as ProposalSort, key, id, direction };
}

/** A time as the list writes it into cursors (UTC, microseconds), and a real one (no 30 February). */
function isInstant(key: string): boolean {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(key)) return false;
  const at = Date.parse(key);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 19) === key.slice(0, 19);
}
