import { Agent, request } from 'node:http';

/** A keep-alive JSON client over node:http, one socket per concurrent client (loopback only). */
export class JsonClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    baseUrl: string,
    sockets: number,
    private readonly headers: Record<string, string> = {},
    /** When given: a request not answered whole within this many ms is cut (its socket destroyed). */
    private readonly totalMs?: number,
  ) {
    this.url = new URL(baseUrl);
    if (this.url.hostname !== '127.0.0.1' && this.url.hostname !== 'localhost')
      throw new Error(`loopback only, not ${baseUrl}`);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /** Sends and reads the whole answer; the body is parsed only when `parse` is set. */
  send(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    parse = false,
  ): Promise<{ status: number; text: string; json?: unknown }> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers: {
            ...this.headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            clearTimeout(cut);
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, text, json: parse && text ? JSON.parse(text) : undefined });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      const cut = this.totalMs
        ? setTimeout(() => req.destroy(new Error(`${method} ${path}: cut after ${this.totalMs} ms`)), this.totalMs)
        : undefined;
      req.on('error', (e) => {
        clearTimeout(cut);
        reject(e);
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
