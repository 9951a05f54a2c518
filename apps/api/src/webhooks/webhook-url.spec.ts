import { checkWebhookUrl, normalizeWebhookUrl } from './webhook-url';

describe('webhook endpoint URLs', () => {
  const strict = { allowHttp: false, allowPrivate: false };
  const open = { allowHttp: true, allowPrivate: true };

  it('accepts an https URL with a path, query and port', () => {
    for (const url of [
      'https://example.com/hooks',
      'https://hooks.example.com:8443/in?token=abc',
      'https://8.8.8.8/x',
      'https://[2606:4700::1]/x',
    ]) {
      expect(checkWebhookUrl(url, strict)).toBeNull();
    }
  });

  it('refuses http unless WEBHOOK_ALLOW_HTTP, and every other scheme always', () => {
    expect(checkWebhookUrl('http://example.com/', strict)).toBe('must be an https:// URL (http:// needs WEBHOOK_ALLOW_HTTP=true)');
    expect(checkWebhookUrl('http://example.com/', { allowHttp: true, allowPrivate: false })).toBeNull();
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)', 'data:text/plain,x']) {
      expect(checkWebhookUrl(url, open)).toBe('must be an https:// or http:// URL');
    }
  });

  it('refuses what is not an absolute URL', () => {
    for (const url of ['', 'example.com/hook', '/hook', 'https://', 'https:// spaces.example.com']) {
      expect(checkWebhookUrl(url, open)).toMatch(/^must /);
    }
  });

  it('refuses credentials and fragments', () => {
    expect(checkWebhookUrl('https://user:pass@example.com/', open)).toBe('must not contain a user name or password');
    expect(checkWebhookUrl('https://user@example.com/', open)).toBe('must not contain a user name or password');
    expect(checkWebhookUrl('https://example.com/#x', open)).toBe('must not contain a fragment (#…)');
    expect(checkWebhookUrl('https://example.com/#', open)).toBe('must not contain a fragment (#…)');
  });

  it('refuses private, loopback and link-local IP literals unless allowed (a name is checked at delivery)', () => {
    const cases: [string, string][] = [
      ['https://127.0.0.1/', '127.0.0.1 is a loopback address'],
      ['https://2130706433/', '127.0.0.1 is a loopback address'], // the WHATWG parser reads it as 127.0.0.1
      ['https://0x7f.1/', '127.0.0.1 is a loopback address'],
      ['https://[::1]:8443/', '::1 is a loopback address'],
      ['https://[::ffff:127.0.0.1]/', '127.0.0.1 is a loopback address'],
      ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
      ['https://10.0.0.7/', '10.0.0.7 is a private address'],
      ['https://[fd00::1]/', 'fd00::1 is a unique-local address'],
      ['https://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    ];
    for (const [url, what] of cases) {
      expect(checkWebhookUrl(url, strict)).toBe(`must not point at ${what} (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)`);
      expect(checkWebhookUrl(url, open)).toBeNull();
    }
    expect(checkWebhookUrl('https://localhost/', strict)).toBeNull();
  });

  it('limits the length to 2000 characters', () => {
    const url = `https://example.com/${'a'.repeat(1980)}`;
    expect(checkWebhookUrl(url, strict)).toBeNull();
    expect(checkWebhookUrl(`${url}a`, strict)).toBe('must be at most 2000 characters');
  });

  it('stores the WHATWG form', () => {
    expect(normalizeWebhookUrl('HTTPS://Example.COM:443')).toBe('https://example.com/');
    expect(normalizeWebhookUrl('https://example.com/a b?x=1')).toBe('https://example.com/a%20b?x=1');
  });
});
