import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WebhookEvents } from '../../apps/api/src/webhooks/webhook-events';
import type { WebhookEventType } from '../../apps/api/src/webhooks/webhook-event-types';
import { startTestApp, TestApp } from '../support/app';

/**
 * Webhooks end to end (docs/WEBHOOKS.md): the app on 127.0.0.1 with its own cron (every second), a retry schedule
 * of 1 s, a 700 ms time limit and 5 attempts; real HTTP receivers on 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE_ADDRESSES
 * and WEBHOOK_ALLOW_HTTP on, as only tests set them). Events are emitted the way billing will: WebhookEvents.emit
 * in a transaction of the app's DataSource. Signatures are checked twice, by the official `standardwebhooks`
 * package and by the few lines of HMAC below (written from the specification, not from the app's code).
 */

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** What the receiver did with it. */
  answer: string;
}

type Behaviour = 'ok' | '500' | 'slow-ok' | 'reset' | 'redirect' | 'gone';

/** A receiver whose answer to each request is chosen by `plan(request, how many times it saw this webhook-id)`. */
async function startReceiver(plan: (r: Omit<Received, 'answer'>, seen: number) => Behaviour = () => 'ok') {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body };
      const id = String(req.headers['webhook-id']);
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      const answer = r.path === '/elsewhere' ? 'ok' : plan(r, n);
      received.push({ ...r, answer });
      if (answer === 'ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      else if (answer === '500') res.writeHead(500).end('database is down');
      else if (answer === 'gone') res.writeHead(410).end();
      else if (answer === 'redirect') res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
      else if (answer === 'reset') req.socket.destroy();
      else setTimeout(() => res.writeHead(200).end('processed, but late'), 1_500).unref(); // slow-ok: after the sender gave up
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** What the receiver processed (answered 2xx to, late or not), de-duplicated by webhook-id. */
    processedOnce: () => [
      ...new Map(
        received.filter((r) => r.answer === 'ok' || r.answer === 'slow-ok').map((r) => [String(r.headers['webhook-id']), r] as const),
      ).values(),
    ],
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Standard Webhooks verification written from the specification: HMAC-SHA256 over `id.timestamp.body`, key = base64 after whsec_. */
function verifiesIndependently(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${String(r.headers['webhook-id'])}.${String(r.headers['webhook-timestamp'])}.${r.body}`;
  const expected = createHmac('sha256', key).update(content).digest();
  return String(r.headers['webhook-signature'])
    .split(' ')
    .some((sig) => {
      const [version, b64] = sig.split(',');
      const got = Buffer.from(b64 ?? '', 'base64');
      return version === 'v1' && got.length === expected.length && timingSafeEqual(got, expected);
    });
}
const verifiesOfficially = (secret: string, r: Received) => {
  try {
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let admin: string;
  let orgId: string;
  const receivers: Receiver[] = [];
  const receiver = async (plan?: Parameters<typeof startReceiver>[0]) => {
    const r = await startReceiver(plan);
    receivers.push(r);
    return r;
  };
  const create = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/webhooks', { token: admin, body });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; [k: string]: unknown };
  };
  const emit = (events: { type: WebhookEventType; data: object }[]) =>
    t.dataSource.transaction((m) => t.app.get(WebhookEvents).emitMany(m, orgId, events));
  const log = async (id: string, query = '') => {
    const res = await t.request('GET', `/webhooks/${id}/deliveries${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.items as Record<string, any>[];
  };
  const settled = (id: string, count: number) =>
    waitFor(`${count} settled deliveries of ${id}`, async () => {
      const items = await log(id);
      return items.length >= count && items.every((d) => d.status === 'delivered' || d.status === 'failed') ? items : undefined;
    });

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_CRON: '* * * * * *',
      WEBHOOK_RETRY_SCHEDULE: '1',
      WEBHOOK_TIMEOUT_MS: '700',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_LEASE_SECONDS: '10',
    });
    admin = await t.login();
    orgId = (await t.dataSource.query(`SELECT id FROM organizations WHERE name = 'Test Org'`))[0].id;
  });
  afterAll(async () => {
    await t?.close();
    for (const r of receivers) await r.close();
  });

  describe('endpoints', () => {
    it('creates one with a whsec_ secret shown once, and never shows the secret again', async () => {
      const created = await create({
        url: 'https://hooks.example.com/in?token=abc',
        description: '  ERP sync  ',
        eventTypes: ['bill.issued', 'bill.paid'],
      });
      expect(created).toEqual({
        id: expect.any(String),
        url: 'https://hooks.example.com/in?token=abc',
        description: 'ERP sync',
        eventTypes: ['bill.issued', 'bill.paid'],
        enabled: true,
        disabledReason: null,
        secretCreatedAt: expect.any(String),
        previousSecretExpiresAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
      const { secret, ...view } = created;
      const got = await t.request('GET', `/webhooks/${created.id}`, { token: admin });
      expect(got.body).toEqual(view);
      const list = await t.request('GET', '/webhooks', { token: admin });
      expect(list.body.items).toContainEqual(view);
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${created.id}`, { token: admin });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['webhook_endpoint.created']);
      // Not in any answer, nor the audit trail, nor in the clear in the database.
      const base64 = secret.slice(6);
      for (const text of [got.text, list.text, audit.text]) expect(text).not.toContain(base64);
      const [row] = await t.dataSource.query(`SELECT to_jsonb(w)::text AS everything FROM webhook_endpoints w WHERE id = $1`, [created.id]);
      expect(row.everything).not.toContain(base64);
      expect(row.everything).not.toContain(Buffer.from(base64, 'base64').toString('hex'));
    });

    it('400s name each bad field', async () => {
      const bad = async (body: unknown) => {
        const res = await t.request('POST', '/webhooks', { token: admin, body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        return [...new Set((res.body.errors as { field: string; message: string }[]).map((e) => e.field))];
      };
      expect(await bad({})).toEqual(expect.arrayContaining(['url', 'eventTypes']));
      expect(await bad({ url: 'https://x.example/', eventTypes: [] })).toEqual(['eventTypes']);
      expect(await bad({ url: 'https://x.example/', eventTypes: ['bill.paid', 'bill.paid'] })).toEqual(['eventTypes']);
      expect(await bad({ url: 'https://x.example/', eventTypes: ['bill.exploded'] })).toEqual(['eventTypes']);
      expect(await bad({ url: 'https://x.example/', eventTypes: ['webhook.test'] })).toEqual(['eventTypes']);
      expect(await bad({ url: 'https://x.example/', eventTypes: ['bill.paid'], enabled: 'yes', description: 'a\u0000b' })).toEqual(
        expect.arrayContaining(['enabled', 'description']),
      );
      expect(await bad({ url: 'https://x.example/', eventTypes: ['bill.paid'], secret: 'whsec_mine' })).toEqual(['secret']);
      for (const url of [
        'not a url',
        'ftp://x.example/',
        'https://u:p@x.example/',
        'https://x.example/#frag',
        `https://x.example/${'a'.repeat(2000)}`,
        42,
      ]) {
        expect(await bad({ url, eventTypes: ['bill.paid'] })).toEqual(['url']);
      }
      const id = (await create({ url: 'https://x.example/', eventTypes: ['bill.paid'] })).id;
      const patch = await t.request('PATCH', `/webhooks/${id}`, { token: admin, body: { url: null, eventTypes: [], enabled: null } });
      expect(patch.status).toBe(400);
      expect([...new Set(patch.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['enabled', 'eventTypes', 'url']);
      const rotate = await t.request('POST', `/webhooks/${id}/rotate-secret`, {
        token: admin,
        body: { previousSecretValidSeconds: 604801 },
      });
      expect(rotate.body.errors.map((e: { field: string }) => e.field)).toEqual(['previousSecretValidSeconds']);
      const query = await t.request('GET', `/webhooks/${id}/deliveries?status=lost&limit=0`, { token: admin });
      expect(query.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status']);
    });

    it('edits only the fields sent, audited with before and after; deletes with 204; unknown ids are 404', async () => {
      const { id } = await create({ url: 'https://a.example/', eventTypes: ['bill.paid'], description: 'first' });
      const res = await t.request('PATCH', `/webhooks/${id}`, {
        token: admin,
        body: { eventTypes: ['payment.recorded', 'payment.reversed'], enabled: false },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        url: 'https://a.example/',
        description: 'first',
        eventTypes: ['payment.recorded', 'payment.reversed'],
        enabled: false,
      });
      const cleared = await t.request('PATCH', `/webhooks/${id}`, { token: admin, body: { description: '' } });
      expect(cleared.body.description).toBeNull();
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${id}`, { token: admin });
      const updates = audit.body.items.filter((e: { action: string }) => e.action === 'webhook_endpoint.updated');
      expect(updates.map((e: { before: object; after: object }) => [e.before, e.after])).toEqual([
        [expect.objectContaining({ description: 'first' }), expect.objectContaining({ description: null })],
        [
          expect.objectContaining({ eventTypes: ['bill.paid'], enabled: true }),
          expect.objectContaining({ eventTypes: ['payment.recorded', 'payment.reversed'], enabled: false }),
        ],
      ]);
      expect((await t.request('DELETE', `/webhooks/${id}`, { token: admin })).status).toBe(204);
      for (const [method, path] of [
        ['GET', `/webhooks/${id}`],
        ['PATCH', `/webhooks/${id}`],
        ['DELETE', `/webhooks/${id}`],
        ['POST', `/webhooks/${id}/rotate-secret`],
        ['POST', `/webhooks/${id}/test`],
        ['GET', `/webhooks/${id}/deliveries`],
        ['POST', `/webhooks/${id}/deliveries/${id}/redeliver`],
        ['GET', '/webhooks/not-an-id'],
      ]) {
        const r = await t.request(method, path, { token: admin, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
        expect(`${method} ${path} ${r.status} ${r.body.code}`).toBe(`${method} ${path} 404 NOT_FOUND`);
      }
      const after = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${id}`, { token: admin });
      expect(after.body.items[0]).toMatchObject({ action: 'webhook_endpoint.deleted', after: null, before: { id, enabled: false } });
    });

    it('admins write; billing reads; viewers and API keys do neither; another organization sees nothing', async () => {
      const { id } = await create({ url: 'https://b.example/', eventTypes: ['bill.paid'] });
      const billing = await t.createUser('billing');
      const viewer = await t.createUser('viewer');
      const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'svc', scopes: ['bills:read', 'bills:write'] } }))
        .body.key;
      expect((await t.request('GET', `/webhooks/${id}`, { token: billing })).status).toBe(200);
      expect((await t.request('GET', `/webhooks/${id}/deliveries`, { token: billing })).status).toBe(200);
      expect((await t.request('PATCH', `/webhooks/${id}`, { token: billing, body: { enabled: false } })).status).toBe(403);
      expect((await t.request('POST', `/webhooks/${id}/test`, { token: billing })).status).toBe(403);
      for (const token of [viewer, key]) {
        expect((await t.request('GET', '/webhooks', { token })).status).toBe(403);
        expect(
          (await t.request('POST', '/webhooks', { token, body: { url: 'https://c.example/', eventTypes: ['bill.paid'] } })).status,
        ).toBe(403);
      }
      const stranger = await t.createOrganization('Other Org');
      expect((await t.request('GET', `/webhooks/${id}`, { token: stranger.token })).status).toBe(404);
      expect((await t.request('DELETE', `/webhooks/${id}`, { token: stranger.token })).status).toBe(404);
      expect((await t.request('GET', '/webhooks', { token: stranger.token })).body.items).toEqual([]);
      // An event of the other organization reaches none of this one's endpoints.
      await t.dataSource.transaction((m) => t.app.get(WebhookEvents).emit(m, stranger.organizationId, 'bill.paid', { billId: 'theirs' }));
      expect(await log(id)).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('a receiver that fails three times (500, timeout or reset, 302) then succeeds gets every event, every signature verifies, and after de-duplication by webhook-id each event exactly once', async () => {
      // Per event: 1st attempt 500, 2nd a timeout (it processes the webhook but answers after the sender's 700 ms) for the
      // first event and a connection reset for the others, 3rd a redirect (never followed), 4th 200.
      const r = await receiver((req, n) => {
        const type = (JSON.parse(req.body) as { type: string }).type;
        return n === 1 ? '500' : n === 2 ? (type === 'bill.issued' ? 'slow-ok' : 'reset') : n === 3 ? 'redirect' : 'ok';
      });
      const endpoint = await create({ url: r.url, eventTypes: ['bill.issued', 'payment.recorded', 'bill.paid'] });
      const unsubscribed = await create({ url: r.url, eventTypes: ['bill.voided'] });
      const ids = await emit([
        { type: 'bill.issued', data: { id: 'bill-1', number: 'INV-000001', totalMinor: 12500, currency: 'EUR' } },
        { type: 'payment.recorded', data: { billId: 'bill-1', payment: { amountMinor: 12500, method: 'wire' } } },
        { type: 'bill.paid', data: { id: 'bill-1', balanceMinor: 0 } },
      ]);
      const items = await settled(endpoint.id, 3);
      expect(
        items.map((d) => ({ type: d.eventType, status: d.status, attempts: d.attempts, code: d.lastStatusCode, error: d.lastError })),
      ).toEqual(
        expect.arrayContaining(
          ['bill.issued', 'payment.recorded', 'bill.paid'].map((type) => ({
            type,
            status: 'delivered',
            attempts: 4,
            code: 200,
            error: null,
          })),
        ),
      );
      for (const d of items) {
        expect(d).toMatchObject({ trigger: 'event', maxAttempts: 5, nextAttemptAt: null, redeliveryOf: null, endpointId: endpoint.id });
        expect(Date.parse(d.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(d.eventTimestamp));
      }
      expect(await log(unsubscribed.id)).toEqual([]);

      // 4 attempts per event, each signed and verifiable; the redirect's target was never called.
      const hook = r.received.filter((x) => x.path === '/hook');
      expect(hook).toHaveLength(12);
      expect(r.received.filter((x) => x.path === '/elsewhere')).toEqual([]);
      expect(hook.map((x) => x.answer).sort()).toEqual(
        ['500', '500', '500', 'ok', 'ok', 'ok', 'redirect', 'redirect', 'redirect', 'reset', 'reset', 'slow-ok'].sort(),
      );
      for (const x of hook) {
        expect(verifiesOfficially(endpoint.secret, x)).toBe(true);
        expect(verifiesIndependently(endpoint.secret, x)).toBe(true);
        expect(verifiesIndependently(unsubscribed.secret, x)).toBe(false);
        expect(x.headers['content-type']).toBe('application/json');
        expect(Math.abs(Number(x.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      }
      // The same webhook-id and the same body on every attempt of an event.
      for (const id of ids) expect(new Set(hook.filter((x) => x.headers['webhook-id'] === id).map((x) => x.body)).size).toBe(1);

      // Processed by the receiver: the late-answered attempt and the final one of bill.issued, once for each other event.
      const processed = r.received.filter((x) => x.answer === 'ok' || x.answer === 'slow-ok');
      expect(processed).toHaveLength(4);
      const once = r.processedOnce();
      expect(once.map((x) => x.headers['webhook-id']).sort()).toEqual([...ids].sort());
      const payloads = once.map((x) => JSON.parse(x.body) as { type: string; timestamp: string; data: object });
      expect(payloads.find((p) => p.type === 'bill.issued')).toEqual({
        type: 'bill.issued',
        timestamp: items.find((d) => d.eventType === 'bill.issued')!.eventTimestamp,
        data: { id: 'bill-1', number: 'INV-000001', totalMinor: 12500, currency: 'EUR' },
      });
      expect(payloads.map((p) => p.type).sort()).toEqual(['bill.issued', 'bill.paid', 'payment.recorded']);
    }, 60_000);

    it('gives up after WEBHOOK_MAX_ATTEMPTS, with the last status and error in the log', async () => {
      const r = await receiver(() => '500');
      const endpoint = await create({ url: r.url, eventTypes: ['bill.overdue'] });
      const [eventId] = await emit([{ type: 'bill.overdue', data: { id: 'bill-9' } }]);
      const [d] = await settled(endpoint.id, 1);
      expect(d).toMatchObject({
        eventId,
        status: 'failed',
        attempts: 5,
        lastStatusCode: 500,
        lastError: 'HTTP 500: database is down',
        nextAttemptAt: null,
        deliveredAt: null,
      });
      expect(r.received).toHaveLength(5);
      expect((await log(endpoint.id, '?status=failed')).map((x) => x.id)).toEqual([d.id]);
      expect(await log(endpoint.id, '?status=delivered')).toEqual([]);
    }, 30_000);

    it('a test ping goes to that endpoint only, at once, whatever it subscribes to, and shows in the log', async () => {
      const r = await receiver();
      const endpoint = await create({ url: r.url, eventTypes: ['credit_note.issued'], enabled: false });
      const res = await t.request('POST', `/webhooks/${endpoint.id}/test`, { token: admin });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ endpointId: endpoint.id, eventType: 'webhook.test', trigger: 'test', attempts: 0, maxAttempts: 5 });
      expect(['pending', 'sending', 'delivered']).toContain(res.body.status);
      const [d] = await settled(endpoint.id, 1);
      expect(d).toMatchObject({ id: res.body.id, status: 'delivered', attempts: 1, lastStatusCode: 200 });
      expect(r.received).toHaveLength(1);
      const body = JSON.parse(r.received[0].body);
      expect(body).toEqual({
        type: 'webhook.test',
        timestamp: d.eventTimestamp,
        data: { endpointId: endpoint.id, message: expect.stringContaining('test event') },
      });
      expect(r.received[0].headers['webhook-id']).toBe(d.eventId);
      expect(verifiesIndependently(endpoint.secret, r.received[0])).toBe(true);
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${endpoint.id}`, { token: admin });
      expect(audit.body.items[0]).toMatchObject({ action: 'webhook_endpoint.test_sent', after: { deliveryId: d.id, eventId: d.eventId } });
      // The names of ../shared/API.md answer the same: /webhook-endpoints and …/ping.
      const alias = await t.request('GET', `/webhook-endpoints/${endpoint.id}`, { token: admin });
      expect([alias.status, alias.body.id]).toEqual([200, endpoint.id]);
      const ping = await t.request('POST', `/webhook-endpoints/${endpoint.id}/ping`, { token: admin });
      expect([ping.status, ping.body.eventType]).toEqual([202, 'webhook.test']);
      const billing = await t.createUser('billing');
      expect((await t.request('POST', `/webhook-endpoints/${endpoint.id}/ping`, { token: billing })).status).toBe(403);
      await settled(endpoint.id, 2);
    });

    it('redelivers a delivered event as a new delivery with the same webhook-id; one still being sent is a 409', async () => {
      // The first attempt hangs past the time limit (700 ms): while it is under way the delivery is `sending`.
      const r = await receiver((_req, n) => (n === 1 ? 'slow-ok' : 'ok'));
      const endpoint = await create({ url: r.url, eventTypes: ['bill.drafted'] });
      const [eventId] = await emit([{ type: 'bill.drafted', data: { id: 'draft-1' } }]);
      await waitFor('the first attempt', async () => (r.received.length > 0 ? true : undefined));
      const [pending] = await log(endpoint.id);
      expect(pending).toMatchObject({ eventId, status: 'sending', attempts: 1, nextAttemptAt: null });
      const early = await t.request('POST', `/webhooks/${endpoint.id}/deliveries/${pending.id}/redeliver`, { token: admin });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('WEBHOOK_DELIVERY_IN_PROGRESS');
      const [delivered] = await settled(endpoint.id, 1);
      expect(delivered).toMatchObject({ id: pending.id, status: 'delivered', attempts: 2, lastError: null });

      const again = await t.request('POST', `/webhooks/${endpoint.id}/deliveries/${pending.id}/redeliver`, { token: admin });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ eventId, eventType: 'bill.drafted', trigger: 'redelivery', redeliveryOf: pending.id });
      const both = await settled(endpoint.id, 2);
      expect(both.map((d) => [d.id, d.trigger, d.status])).toEqual([
        [again.body.id, 'redelivery', 'delivered'],
        [pending.id, 'event', 'delivered'],
      ]);
      expect(r.received.map((x) => x.headers['webhook-id'])).toEqual([eventId, eventId, eventId]);
      expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
      expect(r.processedOnce()).toHaveLength(1);
      // The log pages newest first.
      const first = await t.request('GET', `/webhooks/${endpoint.id}/deliveries?limit=1`, { token: admin });
      expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([again.body.id]);
      const second = await t.request('GET', `/webhooks/${endpoint.id}/deliveries?limit=1&cursor=${first.body.nextCursor}`, {
        token: admin,
      });
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: pending.id })], nextCursor: null });
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${endpoint.id}`, { token: admin });
      expect(audit.body.items[0]).toMatchObject({
        action: 'webhook_endpoint.redelivery_requested',
        after: { deliveryId: again.body.id, redeliveryOf: pending.id },
      });
    });

    it('rotating the secret signs with both secrets during the grace period, and with the new one only after a rotation with 0', async () => {
      const r = await receiver();
      const endpoint = await create({ url: r.url, eventTypes: ['payment.reversed'] });
      const rotated = await t.request('POST', `/webhooks/${endpoint.id}/rotate-secret`, { token: admin, body: {} });
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      expect(Date.parse(rotated.body.previousSecretExpiresAt) - Date.parse(rotated.body.secretCreatedAt)).toBe(24 * 3600 * 1000);
      await emit([{ type: 'payment.reversed', data: { paymentId: 'p-1' } }]);
      await settled(endpoint.id, 1);
      const [during] = r.received;
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const secret of [endpoint.secret, rotated.body.secret]) {
        expect(verifiesOfficially(secret, during)).toBe(true);
        expect(verifiesIndependently(secret, during)).toBe(true);
      }
      const revoked = await t.request('POST', `/webhooks/${endpoint.id}/rotate-secret`, {
        token: admin,
        body: { previousSecretValidSeconds: 0 },
      });
      expect(revoked.body.previousSecretExpiresAt).toBeNull();
      await emit([{ type: 'payment.reversed', data: { paymentId: 'p-2' } }]);
      await settled(endpoint.id, 2);
      const after = r.received[1];
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifiesIndependently(revoked.body.secret, after)).toBe(true);
      for (const old of [endpoint.secret, rotated.body.secret]) expect(verifiesOfficially(old, after)).toBe(false);
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${endpoint.id}`, { token: admin });
      expect(audit.text).not.toContain(rotated.body.secret.slice(6));
      expect(audit.body.items.filter((e: { action: string }) => e.action === 'webhook_endpoint.secret_rotated')).toHaveLength(2);
    });

    it('a 410 Gone fails the delivery at once and disables the endpoint (audited as the system); enabling it again clears the reason', async () => {
      const r = await receiver(() => 'gone');
      const endpoint = await create({ url: r.url, eventTypes: ['bill.voided'] });
      await emit([{ type: 'bill.voided', data: { id: 'bill-3' } }]);
      const [d] = await settled(endpoint.id, 1);
      expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: 410, nextAttemptAt: null });
      const got = await waitFor('the endpoint disabled', async () => {
        const e = (await t.request('GET', `/webhooks/${endpoint.id}`, { token: admin })).body;
        return e.enabled === false ? e : undefined;
      });
      expect(got.disabledReason).toBe('receiver_gone');
      await emit([{ type: 'bill.voided', data: { id: 'bill-4' } }]);
      expect(await log(endpoint.id)).toHaveLength(1); // a disabled endpoint gets no new deliveries
      const audit = await t.request('GET', `/audit-events?entityType=webhook_endpoint&entityId=${endpoint.id}`, { token: admin });
      expect(audit.body.items[0]).toMatchObject({ action: 'webhook_endpoint.disabled', actor: { type: 'system', name: 'webhooks' } });
      const enabled = await t.request('PATCH', `/webhooks/${endpoint.id}`, { token: admin, body: { enabled: true } });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    });
  });
});
