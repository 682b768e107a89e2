import { Module } from '@nestjs/common';
import { AuthModule } from '../modules/auth/auth.module.js';
import { DomainModule } from '../modules/domain.module.js';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { ReviewsModule } from '../modules/reviews/reviews.module.js';
import { UsersAdminController } from './admin/users.controller.js';
import { SignInController } from './auth/sign-in.controller.js';
import { BoardData } from './board/board-data.service.js';
import { ConsoleBoardController } from './board/board.controller.js';
import { ConsoleCallsController } from './calls/calls.controller.js';
import { ConsoleExceptionFilter } from './console-exception.filter.js';
import { ConsoleNav } from './console-nav.js';
import { ConsolePages } from './console-pages.js';
import { ConsoleGuard } from './console.guard.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { DashboardPanels } from './dashboard/dashboard-panels.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { DashboardService } from './dashboard/dashboard.service.js';
import { ConsoleNotFoundController } from './not-found.controller.js';
import { ConsoleProposalsController } from './proposals/proposals.controller.js';
import { ConsolePanelSelectionController } from './reviews/panel-selection.controller.js';
import { ConsoleReviewManagementController } from './reviews/review-management.controller.js';
import { ConsoleReviewSetupController } from './reviews/review-setup.controller.js';
import { ConsoleReviewsController } from './reviews/reviews.controller.js';
import { EffectsDashboardPanels } from './effects/effects-dashboard.panels.js';
import { ReviewsDashboardPanel } from './reviews/reviews-dashboard.panel.js';
import { DiagramController } from './workflow/diagram.controller.js';
import { WorkflowForms } from './workflow/workflow-forms.service.js';

/**
 * The web console under /console: server-rendered pages over the same services and the same
 * transition pipeline as the API, signed in with a session cookie. Phase-2 pages add controllers
 * here (decorated with @ConsoleController()) and use ConsoleNav, DashboardPanels, ConsolePages and
 * WorkflowForms.
 */
@Module({
  imports: [DomainModule, AuthModule, ReviewsModule, NotificationsModule],
  controllers: [
    SignInController,
    DashboardController,
    ConsoleCallsController,
    ConsoleProposalsController,
    DiagramController,
    UsersAdminController,
    ConsoleReviewsController,
    ConsoleReviewManagementController,
    ConsolePanelSelectionController,
    ConsoleReviewSetupController,
    ConsoleBoardController,
    // Last: answers every console path the others do not.
    ConsoleNotFoundController,
  ],
  providers: [
    BoardData,
    ConsoleGuard,
    ConsoleExceptionFilter,
    ConsoleNav,
    ConsolePages,
    WorkflowForms,
    DashboardService,
    DashboardPanels,
    DashboardFeed,
    ReviewsDashboardPanel,
    EffectsDashboardPanels,
  ],
  exports: [ConsoleNav, ConsolePages, WorkflowForms, DashboardPanels],
})
export class ConsoleModule {}
