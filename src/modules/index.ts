import { AgenciesModule } from './agencies/agencies.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CallsModule } from './calls/calls.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { ProgramsModule } from './programs/programs.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The domain modules: the API (app.module.ts), the worker (worker.ts) and the command line
 * (cli.module.ts) are built from this one list. Each owns its API controllers, repository, engine
 * hooks and console pages.
 */
export const DOMAIN_MODULES = [
  AgenciesModule,
  ProgramsModule,
  UsersModule,
  AuthModule,
  CallsModule,
  ProposalsModule,
  ReviewsModule,
  NotificationsModule,
];
