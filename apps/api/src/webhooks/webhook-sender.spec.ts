import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinnedLookup, postWebhook, resolveDeliveryAddresses, Resolver } from './webhook-sender';

/** A receiver on 127.0.0.1 whose answer each test sets; records what it got. */
function receiver() {
  const got: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end('ok');
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handle(req, res);
    });
  });
  return {
    got,
    answer: (h: typeof handle) => (handle = h),
    start: () => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    stop: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('resolving and checking a delivery host', () => {
  const fixed =
    (map: Record<string, string[]>): Resolver =>
    async (host) =>
      (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('answers every resolved address when all are public', async () => {
    const r = fixed({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    expect(await resolveDeliveryAddresses('hooks.example', false, r)).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
  });

  it('refuses a name when any one of its addresses is not public (it could connect to that one)', async () => {
    const r = fixed({ 'mixed.example': ['93.184.215.14', '10.0.0.5'], 'mapped.example': ['::ffff:127.0.0.1'] });
    await expect(resolveDeliveryAddresses('mixed.example', false, r)).rejects.toThrow(
      'refused: mixed.example resolves to 10.0.0.5, a private address (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)',
    );
    await expect(resolveDeliveryAddresses('mapped.example', false, r)).rejects.toThrow(
      'mapped.example resolves to 127.0.0.1, a loopback address',
    );
    expect(await resolveDeliveryAddresses('mixed.example', true, r)).toHaveLength(2);
  });

  it('checks IP literals without asking DNS', async () => {
    const never: Resolver = () => Promise.reject(new Error('DNS asked'));
    await expect(resolveDeliveryAddresses('[::1]', false, never)).rejects.toThrow('refused: ::1 is a loopback address');
    await expect(resolveDeliveryAddresses('169.254.169.254', false, never)).rejects.toThrow('169.254.169.254 is a link-local address');
    expect(await resolveDeliveryAddresses('8.8.8.8', false, never)).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });

  it('fails a name that resolves to nothing', async () => {
    await expect(resolveDeliveryAddresses('nothing.example', false, fixed({}))).rejects.toThrow('did not resolve');
  });

  it('the pinned lookup answers the checked addresses only, in the shape net asks for', () => {
    const lookup = pinnedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]) as unknown as (h: string, o: object, cb: (...a: unknown[]) => void) => void;
    const calls: unknown[][] = [];
    lookup('evil.example', { all: true }, (...a) => calls.push(a));
    lookup('evil.example', {}, (...a) => calls.push(a));
    lookup('evil.example', { family: 6 }, (...a) => calls.push(a));
    expect(calls).toEqual([
      [
        null,
        [
          { address: '93.184.215.14', family: 4 },
          { address: '2606:2800::1', family: 6 },
        ],
      ],
      [null, '93.184.215.14', 4],
      [null, '2606:2800::1', 6],
    ]);
  });
});

describe('posting one attempt', () => {
  const r = receiver();
  let base: string;
  const opts = { timeoutMs: 1000, allowPrivate: true, allowHttp: true };
  const post = (path = '/hook', o: Partial<typeof opts> & { resolve?: Resolver } = {}, url = `${base}${path}`) =>
    postWebhook(url, { 'webhook-id': 'evt-1', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,x' }, '{"type":"x"}', {
      ...opts,
      ...o,
    });

  beforeAll(async () => {
    base = `http://127.0.0.1:${await r.start()}`;
  });
  afterAll(() => r.stop());
  beforeEach(() => (r.got.length = 0));

  it('POSTs the body as JSON with the webhook headers; a 2xx is a success', async () => {
    r.answer((_req, res) => res.writeHead(204).end());
    expect(await post()).toEqual({ ok: true, statusCode: 204, error: null, gone: false });
    expect(r.got).toHaveLength(1);
    expect(r.got[0]).toMatchObject({ method: 'POST', url: '/hook', body: '{"type":"x"}' });
    expect(r.got[0].headers).toMatchObject({
      'content-type': 'application/json',
      'content-length': '12',
      'webhook-id': 'evt-1',
      'webhook-timestamp': '1700000000',
      'webhook-signature': 'v1,x',
      'user-agent': 'RemoteBilling-Webhooks/1',
    });
  });

  it('any other status fails with the start of the answer, control characters removed', async () => {
    r.answer((_req, res) => res.writeHead(500).end('boom\n\u0000' + 'x'.repeat(500)));
    const out = await post();
    expect(out).toMatchObject({ ok: false, statusCode: 500, gone: false });
    expect(out.error).toBe(`HTTP 500: boom ${'x'.repeat(195)}`); // 200 characters of the answer: 'boom ' and 195 x
  });

  it('never follows a redirect: a 3xx is a failure naming where it pointed, and the target is never called', async () => {
    r.answer((req, res) => (req.url === '/hook' ? res.writeHead(302, { location: `${base}/elsewhere` }).end() : res.end('reached')));
    const out = await post();
    expect(out).toMatchObject({ ok: false, statusCode: 302 });
    expect(out.error).toBe(`HTTP 302: redirect to ${base}/elsewhere not followed (update the endpoint URL)`);
    expect(r.got.map((g) => g.url)).toEqual(['/hook']);
  });

  it('a receiver slower than the time limit is a timeout', async () => {
    r.answer((_req, res) => setTimeout(() => res.end('late'), 1500));
    const started = Date.now();
    expect(await post('/hook', { timeoutMs: 300 })).toEqual({ ok: false, statusCode: null, error: 'timed out after 300 ms', gone: false });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a connection reset and a refused connection are failures with their code', async () => {
    r.answer((req) => req.socket.destroy());
    expect((await post()).error).toMatch(/^(ECONNRESET|EPIPE): /);
    const closed = receiver();
    const port = await closed.start();
    await closed.stop();
    expect((await post('/', {}, `http://127.0.0.1:${port}/`)).error).toMatch(/^ECONNREFUSED: /);
  });

  it('410 Gone says so; Retry-After is passed on', async () => {
    r.answer((_req, res) => res.writeHead(410).end());
    expect(await post()).toMatchObject({ ok: false, statusCode: 410, gone: true });
    r.answer((_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    expect(await post()).toMatchObject({ ok: false, statusCode: 429, retryAfter: '120', gone: false });
  });

  it('refuses a loopback address when private addresses are not allowed, without connecting', async () => {
    const out = await post('/hook', { allowPrivate: false });
    expect(out).toEqual({
      ok: false,
      statusCode: null,
      error: 'refused: 127.0.0.1 is a loopback address (WEBHOOK_ALLOW_PRIVATE_ADDRESSES is off)',
      gone: false,
    });
    expect(r.got).toHaveLength(0);
  });

  it('refuses http:// unless allowed', async () => {
    expect((await post('/hook', { allowHttp: false })).error).toBe(
      'refused: http:// URLs are not allowed (https only unless WEBHOOK_ALLOW_HTTP=true)',
    );
    expect(r.got).toHaveLength(0);
  });

  it('connects to the address it checked: a name is resolved once per attempt, and the Host header keeps the name', async () => {
    r.answer((_req, res) => res.end('ok'));
    let asked = 0;
    const resolve: Resolver = async () => {
      asked += 1;
      // A rebinding resolver: the receiver's address the first time (checked), another one on any later question.
      return asked === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const port = new URL(base).port;
    expect(await post('/hook', { resolve }, `http://receiver.test:${port}/hook`)).toMatchObject({ ok: true, statusCode: 200 });
    expect(asked).toBe(1);
    expect(r.got[0].headers.host).toBe(`receiver.test:${port}`);
  });
});
