import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
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

/** E-mail over SMTP (SMTP_URL), through a pool of connections. */
export class SmtpMailer extends Mailer {
  private readonly transport;
  readonly description = 'SMTP';

  constructor(url: string, poolSize: number) {
    super();
    this.transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: poolSize,
      maxMessages: Infinity,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ envelope: { from: addressOf(mail.from), to: [mail.to.address] }, raw: mime(mail) } as never);
  }

  close(): void {
    this.transport.close();
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
