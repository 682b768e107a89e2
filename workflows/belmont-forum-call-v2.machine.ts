import { participationVersion } from './kit/call-participation.js';
import { belmontForumCallV1 } from './belmont-forum-call.machine.js';

/**
 * Version 2 of the belmont-forum-call workflow: the co-owned call. Every participating agency approves its own
 * participation (envelope per fiscal year, per-project cap, appointed PO/PD), and the call is
 * announced only once all have (see kit/call-participation.ts). Everything else is version 1's.
 */
export const belmontForumCallV2 = participationVersion(belmontForumCallV1, 2);
