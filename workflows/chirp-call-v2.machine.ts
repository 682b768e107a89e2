import { participationVersion } from './kit/call-participation.js';
import { chirpCallV1 } from './chirp-call.machine.js';

/**
 * Version 2 of the chirp-call workflow: the co-owned call. Every participating agency approves its own
 * participation (envelope per fiscal year, per-project cap, appointed PO/PD), and the call is
 * announced only once all have (see kit/call-participation.ts). Everything else is version 1's.
 */
export const chirpCallV2 = participationVersion(chirpCallV1, 2);
