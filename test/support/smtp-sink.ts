import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  /** The decoded text/plain part. */
  text: string;
  html: string;
  contentLanguage: string;
  raw: string;
  /** Date.now() when the server accepted it. */
  receivedAt: number;
}

export interface SmtpSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Answer RCPT TO for an address with this SMTP error (e.g. 451 to make it retry); undefined accepts. */
  refuse: Map<string, number>;
  /** Called when a message's data has arrived, before the server answers; the answer waits for it. */
  beforeAccept?: (session: SMTPServerSession) => Promise<void>;
  to(address: string): ReceivedMail[];
  waitFor(predicate: (mails: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port. A message counts as received only when the server
 * answered it with 250 to a client still connected: one whose client went away first (a worker
 * killed mid-delivery) was never accepted, as with any SMTP server.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const closed = new Set<string>();
  const sink = {
    mails: [] as ReceivedMail[],
    refuse: new Map<string, number>(),
  } as SmtpSink;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onClose(session) {
      closed.add(session.id);
    },
    onRcptTo(address, _session, callback) {
      const code = sink.refuse.get(address.address.toLowerCase());
      if (code) {
        const err = new Error(`refused by the test (${code})`) as Error & { responseCode: number };
        err.responseCode = code;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          await sink.beforeAccept?.(session);
          if (closed.has(session.id)) return callback(new Error('client gone'));
          const raw = Buffer.concat(chunks).toString('utf8');
          sink.mails.push({
            ...parseMail(
              raw,
              session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            ),
            receivedAt: Date.now(),
          });
          callback();
        })();
      });
    },
  });
  // A client killed mid-session (a worker's SIGKILL) resets its connection: not the sink's failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  Object.assign(sink, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    to: (address: string) => sink.mails.filter((m) => m.to.includes(address.toLowerCase())),
    waitFor: (predicate: (mails: ReceivedMail[]) => boolean, timeoutMs = 20_000) =>
      waitUntil(() => predicate(sink.mails), timeoutMs, 'mails'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
  return sink;
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function parseMail(raw: string, to: string[]): Omit<ReceivedMail, 'receivedAt'> {
  const [head] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => headers.match(new RegExp(`^${name}: (.*)$`, 'mi'))?.[1]?.trim() ?? '';
  return {
    messageId: header('Message-ID'),
    to,
    subject: decodeWords(header('Subject')),
    text: part(raw, 'text/plain'),
    html: part(raw, 'text/html'),
    contentLanguage: header('Content-Language'),
    raw,
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const input = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function part(raw: string, type: string): string {
  const match = raw.match(
    new RegExp(`Content-Type: ${type}[^\\n]*\\r?\\n((?:[^\\r\\n]+\\r?\\n)*)\\r?\\n([\\s\\S]*?)(?:\\r?\\n--|$)`, 'i'),
  );
  if (!match) return '';
  const encoding = match[1].match(/Content-Transfer-Encoding: (\S+)/i)?.[1]?.toLowerCase();
  const body = match[2];
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQp(body);
  return body;
}
