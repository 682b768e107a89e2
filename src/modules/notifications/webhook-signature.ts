import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhooks are signed like this (receivers: see README, "Webhooks"):
 *
 *   Tandem-Timestamp: <unix seconds>
 *   Tandem-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the agency's secret>
 *   Tandem-Delivery:  <notification id; the same on every retry of one delivery>
 *
 * A receiver recomputes the signature over the raw body, refuses a timestamp older than a few
 * minutes (a replayed request), and ignores a delivery id it has already processed.
 */
export const SIGNATURE_HEADER = 'tandem-signature';
export const TIMESTAMP_HEADER = 'tandem-timestamp';
export const DELIVERY_HEADER = 'tandem-delivery';

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || !headers.signature) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
