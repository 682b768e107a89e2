import { Module } from '@nestjs/common';
import { CallsModule } from '../modules/calls/calls.module.js';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { ProposalsModule } from '../modules/proposals/proposals.module.js';
import { ConsoleModule } from './console.module.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { EffectsDashboardPanels } from './effects/effects-dashboard.panels.js';
import { ConsoleNotFoundController } from './not-found.controller.js';
import { DiagramController } from './workflow/diagram.controller.js';

/**
 * The console's own routes, for the API only (its effects panels read the queues): the dashboard
 * page and its live feed, workflow diagrams, and last the not-found page that answers every console
 * path no other route serves; imported after every domain module so that page comes last.
 *
 * TODO(house wave 2): the notification retry routes of the dashboard move to the notifications
 * module, the calls overview registers like the other panels; then this module imports no domain module.
 */
@Module({
  imports: [ConsoleModule, CallsModule, ProposalsModule, NotificationsModule],
  controllers: [
    DashboardController,
    DiagramController,
    // Last: answers every console path the others do not.
    ConsoleNotFoundController,
  ],
  providers: [DashboardFeed, EffectsDashboardPanels],
})
export class ConsoleHostModule {}
