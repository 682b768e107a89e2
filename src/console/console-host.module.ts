import { Module } from '@nestjs/common';
import { ConsoleModule } from './console.module.js';
import { DashboardFeed } from './dashboard/dashboard-feed.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { EffectsDashboardPanels } from './effects/effects-dashboard.panels.js';
import { HomeController } from './home/home.controller.js';
import { ConsoleNotFoundController } from './not-found.controller.js';
import { DiagramController } from './workflow/diagram.controller.js';

/**
 * The console's own routes, for the API only (its effects panels read the queues): the start page
 * (what needs the viewer), the dashboard page and its live feed, workflow diagrams, and last the not-found page that answers every console
 * path no other route serves; imported after every domain module so that page comes last.
 * It imports no domain module: the domains register their dashboard panels and their routes.
 */
@Module({
  imports: [ConsoleModule],
  controllers: [
    DashboardController,
    HomeController,
    DiagramController,
    // Last: answers every console path the others do not.
    ConsoleNotFoundController,
  ],
  providers: [DashboardFeed, EffectsDashboardPanels],
})
export class ConsoleHostModule {}
