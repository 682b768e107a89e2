import { Module } from '@nestjs/common';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleNav } from './console-nav.js';
import { ConsolePages } from './console-pages.js';
import { ConsoleGuard } from './console.guard.js';
import { DashboardPanels } from './dashboard/dashboard-panels.js';
import { TimelineRepository } from './workflow/timeline.repository.js';
import { WorkflowForms } from './workflow/workflow-forms.service.js';
import { ConsoleWorklist } from './worklist.js';

/**
 * The console shell: what domain modules import to add pages under /console (decorated with
 * @ConsoleController() and declared as controllers of the domain's own module): the layout
 * (ConsolePages), the navigation, dashboard and start-page registries (ConsoleNav, DashboardPanels,
 * ConsoleWorklist) and the
 * generic workflow event forms (WorkflowForms). It imports no domain module; the session its guard
 * reads comes from the global AuthModule. The console's own routes (dashboard page, diagrams, the
 * not-found page) are in ConsoleHostModule, which the API imports after every domain module.
 */
@Module({
  providers: [
    ConsoleGuard,
    ConsoleExceptionFilter,
    ConsoleNav,
    ConsolePages,
    WorkflowForms,
    DashboardPanels,
    ConsoleWorklist,
    TimelineRepository,
  ],
  exports: [
    ConsoleGuard,
    ConsoleExceptionFilter,
    ConsoleNav,
    ConsolePages,
    WorkflowForms,
    DashboardPanels,
    ConsoleWorklist,
  ],
})
export class ConsoleModule {}
