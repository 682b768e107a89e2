import { participationVersion } from './kit/call-participation.js';
import { concertJapanCallV1 } from './concert-japan-call.machine.js';

/**
 * Version 2 of the concert-japan-call workflow: the co-owned call. Every participating agency approves its own
 * participation (envelope per fiscal year, per-project cap, appointed PO/PD), and the call is
 * announced only once all have (see kit/call-participation.ts). Everything else is version 1's.
 */
export const concertJapanCallV2 = participationVersion(concertJapanCallV1, 2);
