// After test/support/env.setup.ts: the invariant suite reads as many users as it has after every
// step (above the per-token API limit), and writes the e-mails of its notifications to a scratch folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

Object.assign(process.env, {
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  MAIL_DIR: mkdtempSync(join(tmpdir(), 'tandem-invariants-mail-')),
});
