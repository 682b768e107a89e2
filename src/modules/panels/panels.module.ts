import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { UsersModule } from '../users/users.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { AgencyRankingsHooks } from './agency-rankings.hooks.js';
import { AgencyRankingsRepository } from './agency-rankings.repository.js';
import { ConsoleJointRankingController } from './console/joint-ranking.controller.js';
import { ConsolePanelController } from './console/panel.controller.js';
import { JointRankingQueries } from './joint-ranking-queries.service.js';
import { PanelQueries } from './panel-queries.service.js';
import { PanelsHooks } from './panels.hooks.js';
import { PanelsRepository } from './panels.repository.js';

/** The joint panel: the agencies' assessments, the panel's result and sign-offs, the joint ranking. */
@Module({
  imports: [CallsModule, ProposalsModule, UsersModule, ConsoleModule, ReviewsModule],
  controllers: [ConsolePanelController, ConsoleJointRankingController],
  providers: [
    PanelsRepository,
    PanelQueries,
    PanelsHooks,
    AgencyRankingsRepository,
    AgencyRankingsHooks,
    JointRankingQueries,
  ],
  exports: [PanelsRepository, PanelQueries, PanelsHooks, JointRankingQueries],
})
export class PanelsModule {}
