import { signWebhook, verifyWebhook } from '../webhook-signature.js';

describe('webhook signatures', () => {
  const secret = 'shared-secret-of-nsf';
  const body = '{"id":"1","type":"call-opened"}';
  const now = 1_800_000_000;

  it('verifies a signature made with the secret over the timestamp and the body', () => {
    const signature = signWebhook(secret, now, body);

    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, { timestamp: String(now), signature }, body, now)).toBe(true);
  });

  it('refuses another body, another secret, or a replay with an old timestamp', () => {
    const signature = signWebhook(secret, now, body);

    expect(verifyWebhook(secret, { timestamp: String(now), signature }, body.replace('1', '2'), now)).toBe(false);
    expect(verifyWebhook('another-secret', { timestamp: String(now), signature }, body, now)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: String(now), signature }, body, now + 301)).toBe(false);
    expect(verifyWebhook(secret, { timestamp: undefined, signature }, body, now)).toBe(false);
  });
});
