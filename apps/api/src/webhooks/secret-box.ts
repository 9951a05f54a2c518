import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets at rest. Unlike API keys (only their SHA-256 is kept: we never need the key again), a
 * signing secret must be read back to sign, so it is stored encrypted: AES-256-GCM with a random 96-bit nonce, the
 * row's `organization_id:id` as additional data (a ciphertext copied into another row or tenant does not open), and
 * the id of the key it was sealed with beside it (a key change is told apart from a corrupted value).
 *
 * The key is derived with HKDF-SHA256 from WEBHOOK_SECRET_KEY, or, when that is not set, from the JWT secret (every
 * instance has the same one: README "Configuration"). Changing the key source makes existing secrets unreadable:
 * deliveries then fail with a message saying so, until each endpoint's secret is rotated.
 *
 * Layout: version byte 1 | nonce (12) | tag (16) | ciphertext.
 */
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export class SecretBox {
  /** Identifies the key (not secret: an HMAC of a constant under it), stored with each ciphertext. */
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    this.keyId = createHmac('sha256', key).update('remote-billing webhook secret key id').digest('hex').slice(0, 16);
  }

  /** The box of WEBHOOK_SECRET_KEY, else of the JWT secret; different inputs give independent keys (HKDF info). */
  static fromConfig(webhookSecretKey: string | null, jwtSecret: string): SecretBox {
    const ikm = Buffer.from(webhookSecretKey ?? jwtSecret, 'utf8');
    const info = webhookSecretKey ? 'remote-billing/webhook-secrets/v1' : 'remote-billing/webhook-secrets/v1/from-jwt-secret';
    return new SecretBox(Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), info, 32)));
  }

  seal(plaintext: string, aad: string): Buffer {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
  }

  /** Throws when the value was sealed under another key or for another row, or was altered. */
  open(sealed: Buffer, aad: string, keyId: string): string {
    if (keyId !== this.keyId) {
      throw new Error(
        'the signing secret was encrypted with another key (WEBHOOK_SECRET_KEY or JWT_SECRET changed): rotate the endpoint secret',
      );
    }
    if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) throw new Error('the stored signing secret is not readable');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 1 + NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(1 + NONCE, 1 + NONCE + TAG));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + NONCE + TAG)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the stored signing secret does not open (altered, or sealed for another endpoint)');
    }
  }
}

/** The additional data binding a sealed secret to its row. */
export const secretAad = (organizationId: string, endpointId: string) => `${organizationId}:${endpointId}`;
