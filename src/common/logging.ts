import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream } from 'pino';
import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';

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

export interface LogOutput {
  /** Human-readable lines (pino-pretty) instead of JSON: development. */
  pretty?: boolean;
  /** 1: standard output (the services), 2: standard error (the CLI, whose results go to standard output). */
  fd?: 1 | 2;
}

/** pino-pretty, a development dependency: JSON when it is not installed (a production image). */
function prettyStream(fd: 1 | 2): DestinationStream | undefined {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream;
    return pretty({
      destination: fd,
      colorize: (fd === 1 ? process.stdout : process.stderr).isTTY,
      ignore: 'pid,hostname,context',
      messageFormat: '{if context}[{context}] {end}{msg}',
      singleLine: true,
    });
  } catch {
    return undefined;
  }
}

/** The request line with the caller's user id, when the auth guard found one. */
/** Marks a request whose line the logger will write (once, whatever the number of routes that bind it). */
const LOGGED = Symbol('tandem.request-logged');

function withUserId(req: IncomingMessage, value: object): object {
  const userId = (req as IncomingMessage & { actor?: { userId: string | null } }).actor?.userId;
  return userId ? { ...value, userId } : value;
}

export function loggerOptions(level: string, { pretty = false, fd = 1 }: LogOutput = {}): Params {
  // pino-http logs every answer (5xx included) at `info`.
  const rank = pino.levels.values[level] as number | undefined; // undefined: `silent`
  const requestLinesLogged = rank !== undefined && rank <= pino.levels.values.info;
  const stream = (pretty && prettyStream(fd)) || (fd === 2 ? pino.destination(2) : undefined);
  const options: Options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // A correlation id per request: the caller's X-Request-Id, or a new one, echoed back.
    genReqId: (req: IncomingMessage, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    // Who made the request, by id only (never a name or an address), added to the request's line
    // itself: `customProps` would build (and serialise) another child logger for every request.
    customSuccessObject: (req, _res, value: object) => withUserId(req, value),
    customErrorObject: (req, _res, _err, value: object) => withUserId(req, value),
    // Below `info` the request line is dropped anyway: say so up front, so that pino-http skips
    // building it (its objects and bindings) on every request.
    customLogLevel: () => (requestLinesLogged ? 'info' : 'silent'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url?.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Probes and scrapes come every few seconds; their answers are not worth a log line. A request
    // the middleware already took is not logged again: Nest applies the logger once per route it
    // binds it to, and a console path matches the catch-all and the global prefix's excluded paths.
    autoLogging: {
      ignore: (req: IncomingMessage) => {
        if (QUIET_PATHS.has(req.url?.split('?')[0] ?? '')) return true;
        const seen = req as IncomingMessage & { [LOGGED]?: true };
        if (seen[LOGGED]) return true;
        seen[LOGGED] = true;
        return false;
      },
    },
  };
  return { pinoHttp: stream ? [options, stream] : options };
}

/** Nest's own start-up chatter (a line per module, controller and route): debug, not info. */
const NEST_INTERNALS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestApplicationContext',
]);

/** Nest's logger, bound to pino (app.useLogger), with Nest's internal messages lowered to debug. */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: LoggerService) {}
  log(message: unknown, ...rest: unknown[]) {
    const context = rest.at(-1);
    if (typeof context === 'string' && NEST_INTERNALS.has(context)) this.logger.debug?.(message, ...rest);
    else this.logger.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.logger.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.logger.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.logger.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.logger.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.logger.fatal?.(message, ...rest);
  }
}
