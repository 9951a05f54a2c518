import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The connectors' OAuth secrets at rest (client secret, refresh token): they must be read back to call the tool, so
 * they are stored encrypted, never hashed. AES-256-GCM with a random 96-bit nonce; the additional data binds a
 * ciphertext to its row and column (`organization_id:id:field`), so one copied into another row, tenant or column
 * does not open. The key's id (not secret: the first 8 bytes of SHA-256 over a label and the key) is stored in the
 * value, so a changed IMPORT_SECRET_KEY is told apart from a damaged value.
 *
 * Layout: version byte 1 | key id (8) | nonce (12) | tag (16) | ciphertext.
 */
const VERSION = 1;
const KEY_ID = 8;
const NONCE = 12;
const TAG = 16;
const HEADER = 1 + KEY_ID + NONCE + TAG;

/** The file that keeps the generated key when IMPORT_SECRET_KEY is not set (no DATABASE_URL: one instance). */
export const GENERATED_KEY_FILE = 'import-secret-key';

/**
 * IMPORT_SECRET_KEY: 32 bytes written as 64 hex digits, or as base64 (standard or URL-safe, padding optional).
 * Null when it is neither.
 */
export function parseImportSecretKey(raw: string): Buffer | null {
  const v = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(v)) return null;
  const key = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === 32 ? key : null;
}

export class ConnectorSecrets {
  private key: Buffer | null;
  private id: Buffer | null = null;

  /**
   * `key`: IMPORT_SECRET_KEY's bytes; null: the key generated once into `dataDir` (read, or written with mode 0600, at
   * first use, so an app that never stores a connector writes nothing).
   */
  constructor(
    key: Buffer | null,
    private readonly dataDir: string,
  ) {
    this.key = key;
  }

  private keyNow(): { key: Buffer; id: Buffer } {
    if (!this.key) {
      mkdirSync(this.dataDir, { recursive: true });
      const file = join(this.dataDir, GENERATED_KEY_FILE);
      if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      const key = parseImportSecretKey(readFileSync(file, 'utf8'));
      if (!key) throw new Error(`${file} does not hold a 32-byte key (base64): restore it, or set IMPORT_SECRET_KEY`);
      this.key = key;
    }
    this.id ??= createHash('sha256').update('remote-billing import connector key id\0').update(this.key).digest().subarray(0, KEY_ID);
    return { key: this.key, id: this.id };
  }

  seal(plaintext: string, aad: string): Buffer {
    const { key, id } = this.keyNow();
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), id, nonce, cipher.getAuthTag(), ciphertext]);
  }

  /** Throws (a message without the value) when sealed under another key, for another row, or altered. */
  open(sealed: Buffer, aad: string): string {
    const { key, id } = this.keyNow();
    if (sealed.length < HEADER || sealed[0] !== VERSION) throw new Error('the stored connector secret is not readable');
    if (!sealed.subarray(1, 1 + KEY_ID).equals(id)) {
      throw new Error('the connector secrets were encrypted with another IMPORT_SECRET_KEY: restore that key, or enter the secrets again');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1 + KEY_ID, 1 + KEY_ID + NONCE));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(1 + KEY_ID + NONCE, HEADER));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('the stored connector secret does not open (altered, or sealed for another connector)');
    }
  }
}

/** The additional data binding a sealed secret to its row and column. */
export const secretAad = (organizationId: string, connectorId: string, field: 'client_secret' | 'refresh_token') =>
  `${organizationId}:${connectorId}:${field}`;
