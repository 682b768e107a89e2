import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { SMTP_STEP_TIMEOUT_MS } from '../../effects/delivery-capacity.js';
import { addressOf, composeMime } from './mime.js';

export interface OutgoingMail {
  /** The notification id: also the Message-ID, so a receiver can recognise a message sent twice. */
  id: string;
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  locale: string;
}

export abstract class Mailer {
  abstract send(mail: OutgoingMail): Promise<void>;
  abstract close(): void;
  abstract readonly description: string;
}

const messageId = (id: string) => `<${id}@tandem>`;

const mime = (mail: OutgoingMail): string =>
  composeMime({
    messageId: messageId(mail.id),
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { 'Content-Language': mail.locale, 'X-Tandem-Notification': mail.id },
  });

type SmtpError = Error & { code?: string; responseCode?: number };

/** Connections given up on (closed, or closing). */
const dropped = new WeakSet<SMTPConnection>();

/**
 * E-mail over SMTP (SMTP_URL), through a pool of up to `poolSize` connections: nodemailer's
 * SMTPConnection (the protocol: STARTTLS when offered, smtps://, AUTH from the URL, dot-stuffing)
 * without its Mail/MIME layer, which Tandem does not need (the message is composed already) and
 * which cost more CPU than the SMTP conversation itself (docs/benchmarks.md, Notifications).
 * A connection is opened when a message finds none idle, kept open for the next, reset after a
 * message the server refused (the connection itself is fine), and dropped after any other error or
 * when the server closes it.
 */
export class SmtpMailer extends Mailer {
  readonly description = 'SMTP';
  private readonly options: Record<string, unknown>;
  private readonly idle: SMTPConnection[] = [];
  /** Sends waiting for a connection: handed one released, or `null` when a place in the pool came free. */
  private readonly waiting: { resolve: (connection: SMTPConnection | null) => void; reject: (err: unknown) => void }[] =
    [];
  private open = 0;
  private closed = false;

  constructor(
    url: string,
    private readonly poolSize: number,
  ) {
    super();
    this.options = {
      ...parseConnectionUrl(url),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: SMTP_STEP_TIMEOUT_MS,
    };
  }

  async send(mail: OutgoingMail): Promise<void> {
    const connection = await this.acquire();
    try {
      await new Promise<void>((resolve, reject) =>
        connection.send({ from: addressOf(mail.from), to: [mail.to.address] }, mime(mail), (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    } catch (e) {
      const err = e as SmtpError;
      if ((err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && err.responseCode !== 421) {
        connection.reset((resetErr) => (resetErr ? this.drop(connection) : this.release(connection)));
      } else this.drop(connection);
      throw e;
    }
    this.release(connection);
  }

  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.quit();
    for (const w of this.waiting.splice(0)) w.resolve(null);
  }

  /** An idle connection, a new one while fewer than poolSize are open, or the next one released. */
  private async acquire(): Promise<SMTPConnection> {
    if (this.closed) throw new Error('the mailer is closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open < this.poolSize) return this.connect();
    const next = await new Promise<SMTPConnection | null>((resolve, reject) => this.waiting.push({ resolve, reject }));
    return next ?? this.acquire();
  }

  private release(connection: SMTPConnection): void {
    if (dropped.has(connection)) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(connection);
    else if (this.closed) this.drop(connection);
    else this.idle.push(connection);
  }

  private drop(connection: SMTPConnection): void {
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    if (!dropped.has(connection)) {
      dropped.add(connection);
      this.open--;
      connection.close();
      // Someone waiting for a connection may open one now.
      this.waiting.shift()?.resolve(null);
    }
  }

  private async connect(): Promise<SMTPConnection> {
    this.open++;
    const connection = new SMTPConnection(this.options);
    try {
      await new Promise<void>((resolve, reject) => {
        const failed = (err?: Error) => reject(err ?? new Error('the SMTP server closed the connection'));
        connection.once('error', failed);
        connection.once('end', failed);
        // From now on, for good: a connection that fails or ends leaves the pool (a message being
        // sent hears of it through send()).
        connection.on('error', () => this.drop(connection));
        connection.once('end', () => this.drop(connection));
        connection.connect((err?: Error | null) => {
          connection.off('error', failed);
          connection.off('end', failed);
          if (err) reject(err);
          else resolve();
        });
      });
      const auth = this.options.auth as { user: string; pass: string } | undefined;
      if (auth && connection.allowsAuth)
        await new Promise<void>((resolve, reject) => connection.login(auth, (err) => (err ? reject(err) : resolve())));
      return connection;
    } catch (e) {
      // The server cannot be reached (or refused the login): the sends waiting fail now too, rather
      // than each trying again in turn.
      for (const w of this.waiting.splice(0)) w.reject(e);
      this.drop(connection);
      throw e;
    }
  }
}

/**
 * Embedded mode without SMTP_URL: each message is written to `<dir>/<notification id>.eml`, so
 * `npm start` alone shows what would be sent. Written under a temporary name and renamed, so a
 * reader never sees half a message.
 */
export class FileMailer extends Mailer {
  readonly description: string;

  constructor(private readonly dir: string) {
    super();
    this.description = `files in ${resolve(dir)}`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${mail.id}.eml`);
    await writeFile(`${file}.tmp`, mime(mail));
    await rename(`${file}.tmp`, file);
  }

  close(): void {}
}
