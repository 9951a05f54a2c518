import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, TestApp } from '../support/app';

/**
 * The defaults a real server runs with (WEBHOOK_ALLOW_PRIVATE_ADDRESSES and WEBHOOK_ALLOW_HTTP off): an endpoint URL
 * naming a private, loopback or link-local IP is a 400, http:// is a 400, and a name that resolves to loopback
 * (`localhost`) is accepted but refused at delivery, where the resolved address is checked: the receiver listening
 * there never sees a request.
 */
describe('webhooks with the default address policy', () => {
  let t: TestApp;
  let admin: string;
  let server: http.Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits += 1;
      res.end('should never be reached');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    t = await startTestApp({
      WEBHOOK_CRON: '* * * * * *',
      WEBHOOK_RETRY_SCHEDULE: '1',
      WEBHOOK_MAX_ATTEMPTS: '2',
      WEBHOOK_TIMEOUT_MS: '700',
    });
    admin = await t.login();
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  });

  it.each([
    [`https://127.0.0.1:${1234}/hook`, '127.0.0.1 is a loopback address'],
    ['https://[::1]/hook', '::1 is a loopback address'],
    ['https://[::ffff:127.0.0.1]/hook', '127.0.0.1 is a loopback address'],
    ['https://[::ffff:a9fe:a9fe]/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254 is a link-local address'],
    ['https://192.168.0.10/hook', '192.168.0.10 is a private address'],
    ['https://100.64.1.1/hook', '100.64.1.1 is a carrier-grade NAT (shared) address'],
    ['https://[fd00::5]/hook', 'fd00::5 is a unique-local address'],
    ['https://[fe80::1]/hook', 'fe80::1 is a link-local address'],
    ['https://0.0.0.0/hook', '0.0.0.0 is an unspecified address'],
    ['https://224.0.0.251/hook', '224.0.0.251 is a multicast address'],
  ])('refuses %s as a 400 on url', async (url, what) => {
    const res = await t.request('POST', '/webhooks', { token: admin, body: { url, eventTypes: ['bill.paid'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'url', message: `must not point at ${what} (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)` }]);
  });

  it('refuses http:// unless WEBHOOK_ALLOW_HTTP', async () => {
    const res = await t.request('POST', '/webhooks', {
      token: admin,
      body: { url: 'http://hooks.example.com/', eventTypes: ['bill.paid'] },
    });
    expect(res.body.errors).toEqual([{ field: 'url', message: 'must be an https:// URL (http:// needs WEBHOOK_ALLOW_HTTP=true)' }]);
  });

  it('checks what a name resolves to at delivery: localhost is refused, and nothing reaches the receiver', async () => {
    const created = await t.request('POST', '/webhooks', {
      token: admin,
      body: { url: `https://localhost:${port}/hook`, eventTypes: ['bill.paid'] },
    });
    expect(created.status).toBe(201);
    const ping = await t.request('POST', `/webhooks/${created.body.id}/test`, { token: admin });
    expect(ping.status).toBe(202);
    const deadline = Date.now() + 20_000;
    let d: Record<string, any> | undefined;
    while (Date.now() < deadline) {
      d = (await t.request('GET', `/webhooks/${created.body.id}/deliveries`, { token: admin })).body.items[0];
      if (d?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(d).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: null, deliveredAt: null });
    expect(d!.lastError).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off\)$/,
    );
    expect(hits).toBe(0);
  }, 30_000);
});
