import { secretAad, SecretBox } from './secret-box';

describe('webhook secrets at rest (AES-256-GCM)', () => {
  const box = SecretBox.fromConfig(null, 'test-secret-0123456789abcdef');
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const aad = secretAad('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002');

  it('seals and opens, never storing the secret in the clear, a new nonce each time', () => {
    const a = box.seal(secret, aad);
    const b = box.seal(secret, aad);
    expect(a.toString('latin1')).not.toContain('MfKQ9r8G');
    expect(a.equals(b)).toBe(false);
    expect(a).toHaveLength(1 + 12 + 16 + secret.length);
    expect(box.open(a, aad, box.keyId)).toBe(secret);
  });

  it('does not open for another row, once altered, or under another key', () => {
    const sealed = box.seal(secret, aad);
    expect(() =>
      box.open(sealed, secretAad('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003'), box.keyId),
    ).toThrow('does not open');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] ^= 1;
    expect(() => box.open(altered, aad, box.keyId)).toThrow('does not open');
    const other = SecretBox.fromConfig('another-key-of-at-least-32-characters!!', 'test-secret-0123456789abcdef');
    expect(other.keyId).not.toBe(box.keyId);
    expect(() => other.open(sealed, aad, box.keyId)).toThrow('another key');
  });

  it('derives the same key from the same setting (every instance), another from WEBHOOK_SECRET_KEY or another JWT secret', () => {
    expect(SecretBox.fromConfig(null, 'test-secret-0123456789abcdef').keyId).toBe(box.keyId);
    expect(SecretBox.fromConfig(null, 'test-secret-0123456789abcdeX').keyId).not.toBe(box.keyId);
    // The same text as WEBHOOK_SECRET_KEY and as JWT_SECRET gives two keys (HKDF info differs).
    expect(SecretBox.fromConfig('test-secret-0123456789abcdef', 'x').keyId).not.toBe(box.keyId);
    expect(box.keyId).toMatch(/^[0-9a-f]{16}$/);
  });
});
