import { rapidTimelineVersion } from './kit/call-rapid.js';
import { jRapidCallV2 } from './j-rapid-call-v2.machine.js';
import { jRapid } from './programs/j-rapid.js';

/**
 * Version 3 of the j-rapid-call workflow (branch chirp-jrapid): version 2 (the co-owned, translated
 * call), which stays as it is, with the rapid timeline (kit/call-rapid.ts). Seed 003: "1) Rapid
 * program deployment enabling the commencement of early research investigation". The days are the
 * program's (workflows/programs/j-rapid.ts, placeholders: the seed names none). What the call records
 * of its disaster and how its counterpart is checked is data of the call (src/modules/calls/call-rules.ts).
 */
export const jRapidCallV3 = rapidTimelineVersion(jRapidCallV2, {
  version: 3,
  title: 'J-RAPID rapid call (disaster record, rapid timeline)',
  timeline: jRapid.disaster!.timeline,
});
