import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { hashToken } from '../modules/auth/tokens.js';
import { PROBLEM_CONTENT_TYPE } from '../common/problem-details.filter.js';
import { BullMqQueue } from './bullmq.queue.js';
import { JobQueue } from './jobs.js';

export const DASHBOARD_PATH = '/admin/queues';

const problem = (res: Response, status: number, code: string, detail: string) =>
  res.status(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ type: `urn:tandem:problem:${code}`, status, code, detail }));

/**
 * The BullMQ dashboard (bull-board) at /admin/queues, for administrators only: a Bearer token of a
 * user holding the administrator role. Without REDIS_URL there are no queues to show (404).
 */
export function mountQueueDashboard(app: INestApplication): void {
  const queue = app.get(JobQueue);
  const dataSource = app.get(DataSource);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  if (queue instanceof BullMqQueue) {
    createBullBoard({ queues: queue.all().map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  }

  const administratorsOnly = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const match = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i);
      if (!match) return problem(res, 401, 'unauthenticated', 'send Authorization: Bearer <token> of an administrator');
      const [row]: { admin: boolean }[] = await dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = t.user_id AND g.role = 'administrator') AS admin
           FROM api_tokens t WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
        [hashToken(match[1])],
      );
      if (!row) return problem(res, 401, 'unauthenticated', 'the token is unknown, revoked or expired');
      if (!row.admin) return problem(res, 403, 'forbidden', 'the queue dashboard is for administrators');
      if (!(queue instanceof BullMqQueue)) return problem(res, 404, 'not-found', 'no queues: effects are delivered in-process (REDIS_URL is not set)');
      next();
    } catch (e) {
      next(e);
    }
  };
  app.use(DASHBOARD_PATH, administratorsOnly, adapter.getRouter());
}
