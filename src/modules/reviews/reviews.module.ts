import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';
import { CallReviewController } from './call-review.controller.js';
import { ProposalReviewController } from './proposal-review.controller.js';
import { ReviewHooks } from './review-hooks.js';
import { ReviewQueries } from './review-queries.service.js';
import { ReviewersController } from './reviewers.controller.js';
import { ReviewersService } from './reviewers.service.js';

/** The joint review: reviewer pools, assignments, conflicts, reviews, consolidation, panel, ranking, selection, exports. */
@Module({
  controllers: [ReviewersController, AssignmentsController, CallReviewController, ProposalReviewController],
  providers: [ReviewersService, AssignmentsService, ReviewQueries, ReviewHooks],
  exports: [AssignmentsService, ReviewQueries, ReviewHooks, ReviewersService],
})
export class ReviewsModule {}
