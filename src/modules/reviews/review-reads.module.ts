import { Module } from '@nestjs/common';
import { CallReviewAccess } from './call-access.service.js';
import { ReviewQueries } from './review-queries.service.js';
import { ReviewsRepository } from './reviews.repository.js';

/**
 * The reviews' reads (the repository, who reads a call's internals, the reviews a viewer sees),
 * with no dependency but the engine and the database: the pages of other domains that show reviews
 * (a proposal's page) import this, not ReviewsModule, whose own pages depend on theirs.
 */
@Module({
  providers: [ReviewsRepository, CallReviewAccess, ReviewQueries],
  exports: [ReviewsRepository, CallReviewAccess, ReviewQueries],
})
export class ReviewReadsModule {}
