import { WORKFLOWS } from '../../workflows/index.js';
import { checkReport, checkWorkflow, templatesIn } from '../engine/workflow-check.js';
import { LOCALES, TEMPLATE_DIR, TemplateCatalog } from '../modules/notifications/template-catalog.js';

/**
 * `npm run workflows:check`: the message templates (every placeholder one the message context
 * fills for the template's subjects, a `{{link}}` in each, a rule and both languages for each) and
 * every registered workflow version (reachability, a way to a final state, a permission rule for
 * every event and an event for every rule, implemented guards and actions, known roles,
 * notification templates in every language and written for the workflow's subject). Exits 1 on any
 * problem.
 */
let catalog: TemplateCatalog | undefined;
try {
  catalog = new TemplateCatalog(TEMPLATE_DIR);
  console.log('ok   message templates');
} catch (e) {
  console.log(`FAIL ${(e as Error).message}`);
}
const options = {
  templates: templatesIn(TEMPLATE_DIR),
  locales: LOCALES,
  subjectsOf: (template: string) => catalog?.rule(template)?.subjects,
};
const { ok, text } = checkReport(WORKFLOWS.map((definition) => checkWorkflow(definition, options)));
console.log(text);
process.exitCode = ok && catalog ? 0 : 1;
