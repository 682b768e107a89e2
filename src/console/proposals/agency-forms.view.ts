/** @deprecated moved to modules/proposals/console/agency-forms.view.ts; import it from there. */
export * from '../../modules/proposals/console/agency-forms.view.js';
