import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { loggerOptions } from '../logging.js';

/** The request lines the service's logger options write for one request, parsed. */
async function requestLines(level: string, status: number, applied = 1): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const options = loggerOptions(level).pinoHttp as Options;
  const middleware = pinoHttp({ ...options, logger: pino({ level, redact: options.redact }, sink) });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    for (let n = 0; n < applied; n++) middleware(req, res);
    // As the auth guard does once the token is known.
    (req as IncomingMessage & { actor: object }).actor = { userId: 'user-7', grants: [] };
    res.statusCode = status;
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/v1/proposals?q=secret',
        headers: { authorization: 'Bearer tdm_secret-token', cookie: 'tandem_session=s3cret' },
      },
      (res) => res.resume().on('end', resolve),
    );
    req.on('error', reject).end();
  });
  server.close();
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the request log line', () => {
  it('names the caller by user id, with method, path and status, and never the token, cookie or query', async () => {
    const lines = await requestLines('info', 200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      userId: 'user-7',
      req: { method: 'GET', url: '/api/v1/proposals' },
      res: { statusCode: 200 },
    });
    expect(JSON.stringify(lines)).not.toMatch(/secret|s3cret/);
  });

  it('is written once when the middleware is applied several times to one request (a path several routes bind)', async () => {
    const lines = await requestLines('info', 200, 3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', url: '/api/v1/proposals' }, res: { statusCode: 200 } });
  });

  it('is written for failed requests too, with the user id', async () => {
    const [line] = await requestLines('info', 500);
    expect(line).toMatchObject({ userId: 'user-7', res: { statusCode: 500 } });
  });

  it('is not written when the log level is above info', async () => {
    expect(await requestLines('warn', 200)).toEqual([]);
    expect(await requestLines('warn', 500)).toEqual([]);
  });
});
