import { belmontForum } from './belmont-forum.js';
import { chirp } from './chirp.js';
import { concertJapan } from './concert-japan.js';
import { eAsiaJrp } from './e-asia-jrp.js';
import { irccResearchUnit } from './ircc-research-unit.js';
import { irccWorkshopSupport } from './ircc-workshop-support.js';
import { jRapid } from './j-rapid.js';
import { sicorpBilateral } from './sicorp-bilateral.js';
import type { ProgramDefinition } from './types.js';

/** Every program of the catalog (copied into the `programs` table at start, by `migrate` and by the demo seed). */
export const PROGRAMS: readonly ProgramDefinition[] = [
  sicorpBilateral,
  eAsiaJrp,
  concertJapan,
  belmontForum,
  chirp,
  jRapid,
  irccResearchUnit,
  // Branch ircc: workshop support on institutional projects' rolling intake.
  irccWorkshopSupport,
];

export const programByCode = (code: string): ProgramDefinition | undefined => PROGRAMS.find((p) => p.code === code);

export * from './types.js';
export * from './party-rules.js';
