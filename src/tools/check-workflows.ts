import { WORKFLOWS } from '../../workflows/index.js';
import { checkReport, checkWorkflow, templatesIn } from '../engine/workflow-check.js';
import { LOCALES, TEMPLATE_DIR } from '../modules/notifications/template-catalog.js';

/**
 * `npm run workflows:check`: every registered workflow version is checked (reachability, a way to a
 * final state, a permission rule for every event and an event for every rule, implemented guards and
 * actions, known roles, notification templates in every language). Exits 1 on any problem.
 */
const options = { templates: templatesIn(TEMPLATE_DIR), locales: LOCALES };
const { ok, text } = checkReport(WORKFLOWS.map((definition) => checkWorkflow(definition, options)));
console.log(text);
process.exitCode = ok ? 0 : 1;
