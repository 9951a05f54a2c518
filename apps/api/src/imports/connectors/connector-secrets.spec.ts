import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../config/app-config';
import { ConnectorSecrets, GENERATED_KEY_FILE, parseImportSecretKey, secretAad } from './connector-secrets';

describe('connector secrets', () => {
  const key = randomBytes(32);
  const aad = secretAad('org-1', 'connector-1', 'refresh_token');

  it('IMPORT_SECRET_KEY is 32 bytes as hex or base64 (standard or URL-safe, padded or not), nothing else', () => {
    expect(parseImportSecretKey(key.toString('hex'))).toEqual(key);
    expect(parseImportSecretKey(key.toString('hex').toUpperCase())).toEqual(key);
    expect(parseImportSecretKey(key.toString('base64'))).toEqual(key);
    expect(parseImportSecretKey(key.toString('base64url'))).toEqual(key);
    expect(parseImportSecretKey(` ${key.toString('base64')}\n`)).toEqual(key);
    expect(parseImportSecretKey(randomBytes(31).toString('base64'))).toBeNull();
    expect(parseImportSecretKey(randomBytes(33).toString('hex'))).toBeNull();
    expect(parseImportSecretKey('correct horse battery staple')).toBeNull();
  });

  it('loadConfig names a bad IMPORT_SECRET_KEY; without one, DATABASE_URL needs nothing more (the key is derived from JWT_SECRET)', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ LOG_LEVEL: 'silent', ...env });
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ IMPORT_SECRET_KEY: 'short' })).toEqual([expect.stringMatching(/^IMPORT_SECRET_KEY must be 32 bytes/)]);
    expect(problems({ DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32) })).toEqual([]);
    expect(
      problems({ DATABASE_URL: 'postgres://x@127.0.0.1/x', JWT_SECRET: 'x'.repeat(32), IMPORT_SECRET_KEY: key.toString('hex') }),
    ).toEqual([]);
    expect(problems({ ZOHO_ACCOUNTS_URL: 'accounts.zoho.eu', ZOHO_ASSIST_URL: 'http://127.0.0.1:9/assist?x=1' })).toEqual([
      expect.stringMatching(/^ZOHO_ACCOUNTS_URL must be an http/),
      expect.stringMatching(/^ZOHO_ASSIST_URL must be an http/),
    ]);
    const config = loadConfig({ LOG_LEVEL: 'silent', ZOHO_ASSIST_URL: 'http://127.0.0.1:9/assist/' });
    expect(config).toMatchObject({ zohoAssistUrl: 'http://127.0.0.1:9/assist', zohoAccountsUrl: null, importConnectorsEnabled: true });
  });

  it('seals and opens; another row, column or key does not open, and says which', () => {
    const box = new ConnectorSecrets(key, '/nonexistent');
    const sealed = box.seal('1000.refresh.token', aad);
    expect(sealed.includes(Buffer.from('1000.refresh.token'))).toBe(false);
    expect(box.open(sealed, aad)).toBe('1000.refresh.token');
    expect(box.seal('1000.refresh.token', aad).equals(sealed)).toBe(false);
    expect(() => box.open(sealed, secretAad('org-1', 'connector-1', 'client_secret'))).toThrow('does not open');
    expect(() => box.open(sealed, secretAad('org-2', 'connector-1', 'refresh_token'))).toThrow('does not open');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => box.open(altered, aad)).toThrow('does not open');
    expect(() => new ConnectorSecrets(randomBytes(32), '/nonexistent').open(sealed, aad)).toThrow('another IMPORT_SECRET_KEY');
  });

  it('without IMPORT_SECRET_KEY: a key generated once into DATA_DIR (0600) at first use, and kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-connector-key-'));
    try {
      const first = new ConnectorSecrets(null, join(dir, 'data'));
      const sealed = first.seal('s3cret', aad);
      const file = join(dir, 'data', GENERATED_KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(parseImportSecretKey(readFileSync(file, 'utf8'))).not.toBeNull();
      expect(new ConnectorSecrets(null, join(dir, 'data')).open(sealed, aad)).toBe('s3cret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
