import { Module } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module.js';
import { DomainModule } from '../modules/domain.module.js';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { ReviewReadsModule } from '../modules/reviews/review-reads.module.js';
import { UsersAdminController } from './admin/users.controller.js';
import { SignInController } from './auth/sign-in.controller.js';
import { ConsoleCallsController } from './calls/calls.controller.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleNav } from './console-nav.js';
import { ConsolePages } from './console-pages.js';
import { ConsoleGuard } from './console.guard.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { DashboardPanels } from './dashboard/dashboard-panels.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { ConsoleProposalsController } from './proposals/proposals.controller.js';
import { EffectsDashboardPanels } from './effects/effects-dashboard.panels.js';
import { DiagramController } from './workflow/diagram.controller.js';
import { WorkflowForms } from './workflow/workflow-forms.service.js';

/**
 * The web console under /console: server-rendered pages over the same services and the same
 * transition pipeline as the API, signed in with a session cookie. A domain's pages are controllers
 * of its own module (decorated with @ConsoleController()), which imports this one for ConsoleNav,
 * DashboardPanels, ConsolePages and WorkflowForms. The console's 404 is ConsoleNotFoundModule,
 * imported after every module with console pages.
 */
@Module({
  // ReviewReadsModule: the reviews on a proposal's page (ConsoleProposalsController).
  imports: [DomainModule, AuthModule, NotificationsModule, ReviewReadsModule],
  controllers: [
    SignInController,
    DashboardController,
    ConsoleCallsController,
    ConsoleProposalsController,
    DiagramController,
    UsersAdminController,
  ],
  providers: [
    ConsoleGuard,
    ConsoleExceptionFilter,
    ConsoleNav,
    ConsolePages,
    WorkflowForms,
    DashboardService,
    DashboardPanels,
    DashboardFeed,
    EffectsDashboardPanels,
  ],
  // AuthModule: the sessions ConsoleGuard reads, for the console pages the domain modules declare.
  exports: [AuthModule, ConsoleNav, ConsolePages, WorkflowForms, DashboardPanels],
})
export class ConsoleModule {}
