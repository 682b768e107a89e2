import { participationVersion } from './kit/call-participation.js';
import { concertJapanCallTranslated } from './concert-japan-call.machine.js';

/**
 * Version 2 of the concert-japan-call workflow: the co-owned call. Every participating agency approves its own
 * participation (envelope per fiscal year, per-project cap, appointed PO/PD), and the call is
 * announced only once all have (see kit/call-participation.ts). It is built on the translated call
 * (issue 16): the call is also announced and opened only once every required language version of
 * its texts and criteria exists, and its criteria carry labels in English and Japanese. Everything
 * else is version 1's.
 */
export const concertJapanCallV2 = participationVersion(concertJapanCallTranslated, 2);
