import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MetricsService } from './metrics.service.js';

/**
 * Counts and times every HTTP request by its route pattern (`/api/v1/proposals/:id`), never by
 * its raw path, so ids do not multiply the series. Installed first in main.ts, so static files and
 * refusals by earlier middleware are counted too.
 */
export function httpMetrics(metrics: MetricsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('finish', () => {
      const route = routeLabel(req);
      const status = String(res.statusCode);
      metrics.httpRequests.inc({ method: req.method, route, status });
      metrics.httpSeconds.observe(
        { method: req.method, route, status_class: `${status[0]}xx` },
        (performance.now() - started) / 1000,
      );
    });
    next();
  };
}

/** Static console files are one series; requests no route matched another. */
export function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}`;
  if (req.originalUrl.startsWith('/console/assets/')) return '/console/assets/*';
  return '(unmatched)';
}
