import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signatures per the Standard Webhooks specification (symmetric scheme, `v1`):
 * - a secret is `whsec_` + base64 of random bytes (at least 24; we use 32); the HMAC key is the bytes the base64
 *   after the prefix decodes to;
 * - the signed content is `${webhook-id}.${webhook-timestamp}.${body}`, the body exactly as sent;
 * - `webhook-signature` is `v1,` + base64(HMAC-SHA256(key, content)); several signatures (the current secret and,
 *   during a rotation, the previous one) are separated by spaces.
 * webhook-id is the event's id (a UUID: no `.` in it), the same on every attempt and redelivery, and
 * webhook-timestamp the attempt's Unix time in seconds.
 */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_BYTES = 32;

/** A new secret, shown to the admin once. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

/** The HMAC key of a `whsec_…` secret. */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('not a whsec_ secret');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('a webhook secret has at least 24 bytes');
  return key;
}

/** One `v1,<base64>` signature of a message. */
export function sign(secret: string, msgId: string, timestampSeconds: number, body: string): string {
  if (msgId.includes('.')) throw new Error('a webhook id must not contain "."');
  const mac = createHmac('sha256', secretKey(secret)).update(`${msgId}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The three Standard Webhooks headers of one attempt, signed with every given secret (current first). */
export function webhookHeaders(secrets: readonly string[], msgId: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => sign(s, msgId, timestampSeconds, body)).join(' '),
  };
}
