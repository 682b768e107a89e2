import { SMTPServer } from 'smtp-server';
import { SmtpMailer, type OutgoingMail } from '../mailer.js';

/** A real SMTP server on a loopback port that counts its connections and keeps what it accepted. */
async function server(options: { socketTimeout?: number } = {}) {
  const state = { connections: 0, open: 0, peak: 0, received: [] as string[], refuse: new Set<string>() };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    ...options,
    onConnect(_session, callback) {
      state.connections++;
      state.peak = Math.max(state.peak, ++state.open);
      callback();
    },
    onClose() {
      state.open--;
    },
    onRcptTo(address, _session, callback) {
      if (state.refuse.has(address.address))
        return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const url = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
  return { state, url, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

const mail = (i: number, address = `person${i}@example.org`): OutgoingMail => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  from: 'Tandem <no-reply@tandem.invalid>',
  to: { name: `Person ${i}`, address },
  subject: `Message ${i}`,
  text: `Line one\n.\nLine three of message ${i}`,
  html: '<p>x</p>',
  locale: 'en',
});

describe('SMTP mailer', () => {
  it('sends many messages at once over no more connections than its pool, and keeps them open', async () => {
    const sink = await server();
    const sut = new SmtpMailer(sink.url, 3);
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => sut.send(mail(i))));
      await sut.send(mail(30));

      expect(sink.state.received).toHaveLength(31);
      expect(sink.state.peak).toBeLessThanOrEqual(3);
      expect(sink.state.connections).toBeLessThanOrEqual(3);
      // A line holding a lone dot arrives as written.
      expect(sink.state.received.some((m) => m.includes('Message 7'))).toBe(true);
    } finally {
      sut.close();
      await sink.close();
    }
  });

  it("refuses a message the server refuses, with the server's code, and goes on sending the others", async () => {
    const sink = await server();
    const sut = new SmtpMailer(sink.url, 1);
    sink.state.refuse.add('gone@example.org');
    try {
      await expect(sut.send(mail(1, 'gone@example.org'))).rejects.toMatchObject({ responseCode: 550 });
      await sut.send(mail(2));

      expect(sink.state.received).toHaveLength(1);
      expect(sink.state.connections).toBe(1);
    } finally {
      sut.close();
      await sink.close();
    }
  });

  it('opens a new connection when the server closed an idle one', async () => {
    const sink = await server({ socketTimeout: 200 });
    const sut = new SmtpMailer(sink.url, 2);
    try {
      await sut.send(mail(1));
      // The server closes the idle connection after its socket timeout.
      while (sink.state.open > 0) await new Promise((r) => setTimeout(r, 50));

      await sut.send(mail(2));

      expect(sink.state.received).toHaveLength(2);
      expect(sink.state.connections).toBe(2);
    } finally {
      sut.close();
      await sink.close();
    }
  });

  it('fails each message at once while the server cannot be reached', async () => {
    const sink = await server();
    await sink.close();
    const sut = new SmtpMailer(sink.url, 2);
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => sut.send(mail(i))));
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      // The places in the pool were given back.
      await expect(sut.send(mail(20))).rejects.toThrow();
    } finally {
      sut.close();
    }
  });
});
