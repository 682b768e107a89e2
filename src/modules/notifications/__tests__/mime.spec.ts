import { addressOf, composeMime, encodeWords, mailbox } from '../mime.js';

const decodeWords = (v: string) =>
  v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));

describe('MIME composition', () => {
  it('encodes non-ASCII headers as words of at most 75 characters without splitting a character', () => {
    const subject = '共同提案が提出されました：地すべり早期警戒のための高密度地震観測網の研究開発';

    const encoded = encodeWords(subject);

    for (const word of encoded.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(subject);
    expect(encodeWords('Joint proposal submitted')).toBe('Joint proposal submitted');
  });

  it('quotes or encodes display names and finds the address', () => {
    expect(mailbox('Sato, Hanako', 'h@example.jp')).toBe('"Sato, Hanako" <h@example.jp>');
    expect(decodeWords(mailbox('佐藤 花子', 'h@example.jp'))).toBe('佐藤 花子 <h@example.jp>');
    expect(mailbox('', 'h@example.jp')).toBe('h@example.jp');
    expect(addressOf('Tandem <no-reply@tandem.invalid>')).toBe('no-reply@tandem.invalid');
    expect(addressOf('no-reply@tandem.invalid')).toBe('no-reply@tandem.invalid');
  });

  it('writes both parts in base64 lines of at most 76 characters, with CRLF line ends', () => {
    const text = `Dear 花子,\n\n${'long line of text '.repeat(20)}\n`;

    const raw = composeMime({
      messageId: '<n1@tandem>',
      from: 'Tandem <no-reply@tandem.invalid>',
      to: { name: 'Hanako', address: 'h@example.jp' },
      subject: 'Hello',
      text,
      html: '<p>hi</p>',
      headers: { 'Content-Language': 'ja' },
      date: new Date('2026-11-21T10:41:26Z'),
    });

    expect(raw).toMatch(
      /^From: "Tandem" <no-reply@tandem.invalid>\r\nTo: "Hanako" <h@example.jp>\r\nSubject: Hello\r\nMessage-ID: <n1@tandem>\r\nDate: Sat, 21 Nov 2026 10:41:26 \+0000\r\n/,
    );
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const [, plain] = raw.split(/Content-Transfer-Encoding: base64\r\n\r\n/);
    const body = plain.split('\r\n--')[0];
    expect(body.split('\r\n').every((l) => l.length <= 76)).toBe(true);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(text.replace(/\n/g, '\r\n'));
  });
});
