import { BoardModule } from './board/board.module.js';
import { DomainModule } from './domain.module.js';
import { JointReviewModule } from './joint-review/joint-review.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PanelsModule } from './panels/panels.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { SelectionModule } from './selection/selection.module.js';

/**
 * The domain modules the API, the worker and the CLI are built from, in this order (the order of
 * the API's paths in its OpenAPI document, and of the console's routes). Each registers its engine
 * hooks at start, so the worker's timers and relayed events find the same guards' facts and writers.
 */
export const DOMAIN_MODULES = [
  DomainModule,
  NotificationsModule,
  ReviewsModule,
  PanelsModule,
  SelectionModule,
  BoardModule,
  JointReviewModule,
];
