import { Module } from '@nestjs/common';
import { BoardModule } from '../board/board.module.js';
import { PanelsModule } from '../panels/panels.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { SelectionModule } from '../selection/selection.module.js';
import { CallReviewController } from './call-review.controller.js';
import { ProposalReviewController } from './proposal-review.controller.js';

/**
 * The joint review's API over several domains (`callReview.*`, `proposalReview.*`): its operation
 * ids and the order of its paths are the published contract (test/contract/tandem-api.d.ts), so it
 * stays one pair of controllers, after the domain modules, each route calling its domain's service.
 */
@Module({
  imports: [ReviewsModule, PanelsModule, SelectionModule, BoardModule],
  controllers: [CallReviewController, ProposalReviewController],
})
export class JointReviewModule {}
