import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_TITLE, ErrorCode } from './domain.exception.js';
import { PROBLEM_CONTENT_TYPE } from './problem-details.filter.js';

/**
 * Requests Node's HTTP parser refuses before Express sees them (a malformed request line or
 * header, headers too large) are answered as problem details too, instead of Node's bare
 * `400 Bad Request`; the connection is then closed, as Node does.
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason =
      status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const body = JSON.stringify({
      type: `urn:tandem:problem:${ErrorCode.ValidationFailed}`,
      title: ERROR_TITLE[ErrorCode.ValidationFailed],
      status,
      detail:
        status === 431
          ? 'the request headers are too large'
          : status === 408
            ? 'the request took too long to arrive'
            : 'the HTTP request is malformed',
      code: ErrorCode.ValidationFailed,
    });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
