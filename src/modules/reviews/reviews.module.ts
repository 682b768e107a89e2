import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ProposalRecordsModule } from '../documents/proposal-records.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { UsersModule } from '../users/users.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsService } from './assignments.service.js';
import { ConsoleReviewManagementController } from './console/review-management.controller.js';
import { ConsoleReviewSetupController } from './console/review-setup.controller.js';
import { ConsoleReviewerPoolController } from './console/reviewer-pool.controller.js';
import { ConsoleReviewsController } from './console/reviews.controller.js';
import { ReviewsDashboardPanel } from './console/reviews-dashboard.panel.js';
import { ConsoleReviewRemindersController } from './console/review-reminders.controller.js';
import { ReviewsWorklist } from './console/reviews-worklist.js';
import { ReviewReadsModule } from './review-reads.module.js';
import { ReviewersController } from './reviewers.controller.js';
import { ReviewersService } from './reviewers.service.js';
import { ReviewsHooks } from './reviews.hooks.js';
import { AssignReviewers } from './use-cases/assign-reviewers.use-case.js';

/**
 * The review itself: reviewer pools, assignments, conflicts of interest and their waivers, the pool
 * rule, the reviews and who sees them; the reviewers' and officers' console pages.
 */
@Module({
  imports: [CallsModule, ProposalsModule, UsersModule, ConsoleModule, ReviewReadsModule, ProposalRecordsModule],
  controllers: [
    ReviewersController,
    AssignmentsController,
    ConsoleReviewsController,
    ConsoleReviewManagementController,
    ConsoleReviewSetupController,
    ConsoleReviewRemindersController,
    ConsoleReviewerPoolController,
  ],
  providers: [
    ReviewersService,
    AssignmentsService,
    AssignReviewers,
    ReviewsHooks,
    ReviewsDashboardPanel,
    ReviewsWorklist,
  ],
  exports: [ReviewReadsModule, AssignmentsService, AssignReviewers, ReviewersService],
})
export class ReviewsModule {}
