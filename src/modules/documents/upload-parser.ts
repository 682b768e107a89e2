import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
  type NestMiddleware,
} from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { type Observable, from, switchMap } from 'rxjs';
import { DomainException } from '../../common/domain.exception.js';
import { AppConfig } from '../../config/config.module.js';
import type { Actor } from '../../engine/actor.js';
import { bodyErrorOf } from '../../common/deferred-body-error.js';
import { DocumentsService } from './documents.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One file (field `file`) and a few short fields, the file at most `maxBytes`, kept in memory. */
export function uploadParser(maxBytes: number): RequestHandler {
  return multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 4096, parts: 10 },
  }).single('file');
}

/** Parses a multipart upload; a refusal is the request's fault (413 too large, 415 not multipart, 400 otherwise). */
export function parseUpload(parser: RequestHandler, req: Request, res: Response, maxBytes: number): Promise<void> {
  if (!req.is('multipart/form-data'))
    return Promise.reject(
      new HttpException('send the document as multipart/form-data with a `file` part and a `type` field', 415),
    );
  return new Promise((resolve, reject) =>
    parser(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE')
          return reject(new HttpException(`the document is larger than ${maxBytes} bytes`, 413));
        return reject(DomainException.invalid([{ field: err.field ?? 'file', message: err.message }]));
      }
      reject(DomainException.invalid([{ field: 'body', message: 'the multipart body is malformed' }]));
    }),
  );
}

/**
 * For the API: parses the upload after authentication, the route's guards and the proposal's own
 * check (404 for a proposal the caller may not see, 403 for all but its applicants), so that a caller
 * who may not upload is never answered about the body.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly maxBytes: number;
  private readonly parser: RequestHandler;

  constructor(
    config: AppConfig,
    private readonly documents: DocumentsService,
  ) {
    this.maxBytes = config.get('DOCUMENT_MAX_BYTES');
    this.parser = uploadParser(this.maxBytes);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & { actor: Actor }>();
    const id = String(req.params.id ?? '');
    // An id that is not a UUID is answered 400 by the route's pipe.
    const authorized = UUID.test(id) ? this.documents.authorizeUpload(id, req.actor) : Promise.resolve();
    return from(
      authorized.then(() => {
        // A body the parsers refused (a JSON body, say) is answered once the proposal's check passed.
        const refused = bodyErrorOf(req);
        if (refused) throw refused;
        return parseUpload(this.parser, req, http.getResponse(), this.maxBytes);
      }),
    ).pipe(switchMap(() => next.handle()));
  }
}

/**
 * For the console's upload form: parsed before the console's guard, which reads the form's CSRF
 * token from the body. A refusal is kept on the request (`uploadError`) for the page to show.
 */
@Injectable()
export class ConsoleUploadMiddleware implements NestMiddleware {
  private readonly maxBytes: number;
  private readonly parser: RequestHandler;

  constructor(config: AppConfig) {
    this.maxBytes = config.get('DOCUMENT_MAX_BYTES');
    this.parser = uploadParser(this.maxBytes);
  }

  use(req: Request & { uploadError?: unknown }, res: Response, next: NextFunction): void {
    if (req.method !== 'POST') return next();
    parseUpload(this.parser, req, res, this.maxBytes).then(
      () => next(),
      (e: unknown) => {
        req.uploadError = e;
        req.body ??= {};
        next();
      },
    );
  }
}
