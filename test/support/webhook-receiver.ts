import { createServer, type IncomingHttpHeaders } from 'node:http';
import { verifyWebhook } from '../../src/modules/notifications/webhook-signature.js';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  verified: boolean;
  /** Date.now() when its body had arrived. */
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  hooks: ReceivedHook[];
  /** Statuses to answer, in order (then 200); 'hang' never answers (a timeout). */
  answers: (number | 'hang')[];
  close(): Promise<void>;
}

/** A real HTTP server on a loopback port that verifies each request's signature with `secret`. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const receiver = { hooks: [] as ReceivedHook[], answers: [] as (number | 'hang')[] } as WebhookReceiver;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A sender killed mid-request (a worker's SIGKILL) resets the connection: not the receiver's failure.
    req.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifyWebhook(
        secret,
        { timestamp: req.headers['tandem-timestamp'] as string, signature: req.headers['tandem-signature'] as string },
        body,
      );
      const answer = receiver.answers.shift() ?? 200;
      receiver.hooks.push({
        headers: req.headers,
        body,
        json: JSON.parse(body) as Record<string, unknown>,
        verified,
        receivedAt: Date.now(),
      });
      if (answer === 'hang') return;
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
