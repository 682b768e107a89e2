import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { UsersModule } from '../users/users.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { ConsoleSelectionController } from './console/selection.controller.js';
import { SelectionQueries } from './selection-queries.service.js';
import { SelectionHooks } from './selection.hooks.js';
import { SelectionRepository } from './selection.repository.js';

/** The selection: each agency's decisions within its envelope, the waitlist, funding approvals. */
@Module({
  imports: [CallsModule, ProposalsModule, UsersModule, ConsoleModule, ReviewsModule],
  controllers: [ConsoleSelectionController],
  providers: [SelectionRepository, SelectionQueries, SelectionHooks],
  exports: [SelectionRepository, SelectionQueries],
})
export class SelectionModule {}
