import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { UsersModule } from '../users/users.module.js';
import { PanelsModule } from '../panels/panels.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { BoardQueries } from './board-queries.service.js';
import { BoardHooks } from './board.hooks.js';
import { BoardRepository } from './board.repository.js';
import { BoardData } from './console/board-data.service.js';
import { ConsoleBoardController } from './console/board.controller.js';

/** The board: the steering committee's opinions, the board's decisions and deferrals, the announcement. */
@Module({
  imports: [CallsModule, ProposalsModule, UsersModule, ConsoleModule, ReviewsModule, PanelsModule],
  controllers: [ConsoleBoardController],
  providers: [BoardRepository, BoardQueries, BoardHooks, BoardData],
  exports: [BoardRepository, BoardQueries],
})
export class BoardModule {}
