import { Module } from '@nestjs/common';
import { CallsModule } from '../modules/calls/calls.module.js';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { ProposalsModule } from '../modules/proposals/proposals.module.js';
import { ReviewsModule } from '../modules/reviews/reviews.module.js';
import { BoardData } from './board/board-data.service.js';
import { ConsoleBoardController } from './board/board.controller.js';
import { ConsoleModule } from './console.module.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { EffectsDashboardPanels } from './effects/effects-dashboard.panels.js';
import { ConsoleNotFoundController } from './not-found.controller.js';
import { ConsolePanelSelectionController } from './reviews/panel-selection.controller.js';
import { ConsoleReviewManagementController } from './reviews/review-management.controller.js';
import { ConsoleReviewSetupController } from './reviews/review-setup.controller.js';
import { ConsoleReviewsController } from './reviews/reviews.controller.js';
import { ReviewsDashboardPanel } from './reviews/reviews-dashboard.panel.js';
import { DiagramController } from './workflow/diagram.controller.js';

/**
 * The console's own routes, for the API only (its effects panels read the queues): the dashboard
 * page and its live feed, workflow diagrams, and last the not-found page that answers every console
 * path no other route serves; imported after every domain module so that page comes last.
 *
 * TODO(house wave 2): the reviews, panel, selection and board pages (and BoardData,
 * ReviewsDashboardPanel) move to their domain modules (reviewscut), the notification retry routes
 * of the dashboard to the notifications module; then this module imports no domain module.
 */
@Module({
  imports: [ConsoleModule, CallsModule, ProposalsModule, ReviewsModule, NotificationsModule],
  controllers: [
    DashboardController,
    DiagramController,
    ConsoleReviewsController,
    ConsoleReviewManagementController,
    ConsolePanelSelectionController,
    ConsoleReviewSetupController,
    ConsoleBoardController,
    // Last: answers every console path the others do not.
    ConsoleNotFoundController,
  ],
  providers: [DashboardFeed, BoardData, ReviewsDashboardPanel, EffectsDashboardPanels],
})
export class ConsoleHostModule {}
