import { AgenciesModule } from './agencies/agencies.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BoardModule } from './board/board.module.js';
import { BulkModule } from './bulk/bulk.module.js';
import { CallsModule } from './calls/calls.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { DuplicateFundingModule } from './duplicate-funding/duplicate-funding.module.js';
import { JointReviewModule } from './joint-review/joint-review.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PanelsModule } from './panels/panels.module.js';
import { ProgramsModule } from './programs/programs.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { ResearchUnitsModule } from './research-units/research-units.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { SelectionModule } from './selection/selection.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The domain modules: the API (app.module.ts), the worker (worker.ts) and the command line
 * (cli.module.ts) are built from this one list. Each owns its API controllers, repository, engine
 * hooks (registered at start, so the worker's timers find the same guards' facts and writers) and
 * console pages. The order is the order of the API's paths in its OpenAPI document: ReviewsModule
 * comes right before JointReviewModule (the call's and proposal's review routes).
 */
export const DOMAIN_MODULES = [
  AgenciesModule,
  ProgramsModule,
  UsersModule,
  CallsModule,
  ProposalsModule,
  DocumentsModule,
  NotificationsModule,
  ReviewsModule,
  PanelsModule,
  SelectionModule,
  BoardModule,
  JointReviewModule,
  // Branch ircc.
  ResearchUnitsModule,
  // dupfund: duplicate-funding checks (issue 16)
  DuplicateFundingModule,
  AuthModule,
  // bulk
  BulkModule,
];
