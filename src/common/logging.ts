import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';

/** Personal data and secrets never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]',
  '*.email',
  '*.piEmail',
  '*.piName',
  '*.displayName',
  '*.token',
  '*.password',
  '*.newPassword',
  '*._csrf',
  '*.csrfToken',
  '*.abstract',
  '*.summary',
  '*.comments',
];

const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

export function loggerOptions(level: string): Params {
  return {
    pinoHttp: {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // A correlation id per request: the caller's X-Request-Id, or a new one, echoed back.
      genReqId: (req: IncomingMessage, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Who made the request, by id only (never a name or an address).
      customProps: (req: IncomingMessage) => {
        const userId = (req as IncomingMessage & { actor?: { userId: string | null } }).actor?.userId;
        return userId ? { userId } : {};
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      // Probes and scrapes come every few seconds; their answers are not worth a log line.
      autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has(req.url?.split('?')[0] ?? '') },
    },
  };
}
