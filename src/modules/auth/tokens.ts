import { randomBytes } from 'node:crypto';
import { hashToken } from '../../common/request-token.js';

export { hashToken };

const PREFIX = 'tdm_';

/** A new API token: the secret is shown once; only its SHA-256 is stored. */
export function newToken(): { token: string; hash: string; prefix: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}
