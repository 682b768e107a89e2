import { ARCHIVE_ONCE_DECIDED, callRules, translatedCall, type CallRuleOverrides } from './kit/call-events.js';
import { callKit, initialCallContext } from './kit/call-kit.js';
import { participationVersion } from './kit/call-participation.js';
import { archiveOnceDecided, callEnds, callOpening } from './kit/call-stages.js';
import { defineWorkflow } from './kit/definition.js';

/**
 * The rolling intake of IRCC workshop support for one institutional project (branch ircc; NINS
 * seed, "Workshop etc.": IRCC "supports their activities such as research workshop" of
 * "international collaboration supported by institutional projects"). NINS alone runs it: opened
 * straight from its draft, it takes requests at any time until the project's end (its submission
 * deadline) and each is decided as it comes (`ircc-workshop-support@2`); there is no review, panel,
 * selection or board for the whole intake. Once closed it is archived when every request has its result.
 *
 * Released as version 2 straight away, as every current call workflow is (co-owned: NINS approves
 * its part, its envelope per fiscal year and its cap per workshop; translated: opened only once its
 * required language versions exist). The version 1 below is only the base it is composed from.
 */
const build = (opening: { translations?: boolean } = {}) =>
  callKit.createMachine({
    id: 'ircc-workshop-intake',
    initial: 'draft',
    context: ({ input }) => initialCallContext(input),
    states: {
      ...callOpening({ rapid: true, afterClose: archiveOnceDecided(), ...opening }),
      ...callEnds(),
    },
  });

const overrides: CallRuleOverrides = {
  OPEN: {
    description: "NINS opens the institutional project's intake: workshop support requests are taken at any time.",
  },
  CLOSE: { description: 'The intake closes at the end of the institutional project.' },
  ARCHIVE: ARCHIVE_ONCE_DECIDED,
};

const machine = build();
const base = defineWorkflow({
  id: 'ircc-workshop-intake',
  version: 1,
  subject: 'call',
  title: 'IRCC workshop support: rolling intake of an institutional project',
  machine,
  events: callRules(machine, overrides),
});

export const irccWorkshopIntakeV2 = participationVersion(
  translatedCall(base, build({ translations: true }), overrides),
  2,
);
