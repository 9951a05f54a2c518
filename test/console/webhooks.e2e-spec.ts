/**
 * Settings › Webhooks in the console (issue #15, points 4 and 5), in a real (headless) Chromium against the whole API
 * (WEBHOOK_ALLOW_PRIVATE_ADDRESSES and WEBHOOK_ALLOW_HTTP on, the delivery worker every second) and a tiny HTTP
 * receiver on 127.0.0.1:
 *  1. an admin creates an endpoint: the API's 400 shows under the URL, an endpoint without events is refused before
 *     sending; the signing secret is shown once, with its warning, and nowhere after;
 *  2. a test ping shows as delivered in the endpoint's delivery log, and the receiver verifies its signature with the
 *     secret shown; Redeliver sends the same event (same webhook-id) again, logged as a redelivery;
 *  3. a billing run's bill.issued event is logged too;
 *  4. edit (events, description) and rotate the secret (the new one shown once; the old one keeps signing a day);
 *  5. a billing user reads the endpoints and their log without any action; a viewer has no Webhooks at all;
 *  6. delete, after a confirmation.
 * Results are read back through the API. Every wait is explicit (≤ 15 s).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { Webhook } from 'standardwebhooks';
import { newPage, openConsole, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

const verifies = (secret: string, r: Received) => {
  try {
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
};

describe('console: Settings › Webhooks', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let server: http.Server;
  let hookUrl: string;
  let endpointId: string;
  let secret: string;
  const received: Received[] = [];
  const contexts: BrowserContext[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-webhooks-e2e-'));
  let browserErrors: string[] = [];
  const people = {
    billing: { email: 'bill@example.test', password: 'billing-pass-1' },
    viewer: { email: 'vera@example.test', password: 'viewer-pass-1' },
  };

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const deliveries = async () => (await get(`/webhooks/${endpointId}/deliveries`)).items as Record<string, any>[];
  const rowOf = (deliveryId: string) => `${tid('delivery-row')}[data-delivery-id="${deliveryId}"]`;
  /** Waits until the page's row of `deliveryId` shows `status` (the log reads itself again while one is under way). */
  const waitStatus = (deliveryId: string, status: string) =>
    page.waitForSelector(`${rowOf(deliveryId)} ${tid('delivery-status')}[data-status="${status}"]`, { timeout: STEP });
  const cells = (sel: string, cell: string) => page.$eval(`${sel} ${tid(cell)}`, (el) => (el.textContent ?? '').trim());
  /** Clicks Reload until `sel` shows up (an event the page did not start). */
  const reloadUntil = async (sel: string) => {
    const until = Date.now() + STEP;
    while (!(await page.$(sel))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${sel}`);
      await h.click(tid('deliveries-reload'));
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  /** A page of its own (own storage: own login) for `who`. */
  const signIn = async (who: { email: string; password: string }, errors: string[]) => {
    const context = await browser.createBrowserContext();
    contexts.push(context);
    const p = await newPage(context, errors);
    const ph = pageHelpers(p);
    await p.goto(url('/login'), { waitUntil: 'load' });
    await ph.type(tid('login-email'), who.email);
    await ph.type(tid('login-password'), who.password);
    await ph.click(tid('login-submit'));
    await ph.waitPath('/dashboard');
    return { p, ph };
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_CRON: '* * * * * *',
    });
    token = await t.login();
    for (const [role, who] of Object.entries(people)) {
      const res = await t.request('POST', '/users', { token, body: { ...who, name: role, role } });
      expect(res.status).toBe(201);
    }
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await t?.close();
    await new Promise<void>((resolve) => (server?.closeAllConnections(), server ? server.close(() => resolve()) : resolve()));
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. creates an endpoint: a refused URL under its field, events required, the secret shown once', async () => {
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.click(tid('settings-tab-webhooks'));
    await h.waitPath('/settings/webhooks');
    await h.waitText(tid('webhooks-empty'), 'No webhook endpoints yet');

    await h.click(tid('webhook-new'));
    await h.type(tid('webhook-url'), 'https://user:pw@hooks.example.com/in');
    await h.click(`${tid('webhook-event-bill.issued')} input`);
    await h.click(tid('webhook-save'));
    await h.waitText(tid('webhook-url-error'), 'must not contain a user name or password');
    expect((await get('/webhooks')).items).toEqual([]);

    // No event at all: asked before anything is sent.
    await h.type(tid('webhook-url'), hookUrl);
    await h.click(`${tid('webhook-event-bill.issued')} input`);
    await h.click(tid('webhook-save'));
    await h.waitText(tid('webhook-event-types-error'), 'Choose at least one event type');
    await h.click(`${tid('webhook-event-bill.issued')} input`);
    await h.click(`${tid('webhook-event-payment.recorded')} input`);
    await h.type(tid('webhook-description'), 'Accounting');
    await h.click(tid('webhook-save'));

    await h.visible(tid('webhook-secret-dialog'));
    expect(await h.textOf(tid('webhook-secret-warning'))).toContain('Copy the secret now: it is shown only this once.');
    secret = await page.$eval(tid('webhook-secret-value'), (el) => (el as HTMLInputElement).value);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await h.click(tid('webhook-secret-done'));
    await h.hidden(tid('webhook-secret-dialog'));

    const [stored] = (await get('/webhooks')).items;
    expect(stored).toMatchObject({
      url: hookUrl,
      description: 'Accounting',
      eventTypes: ['bill.issued', 'payment.recorded'],
      enabled: true,
    });
    expect(stored).not.toHaveProperty('secret');
    endpointId = stored.id;
    const row = `${tid('webhook-row')}[data-webhook-id="${endpointId}"]`;
    await h.waitText(`${row} ${tid('webhook-events-cell')}`, 'bill.issued, payment.recorded');
    expect(await cells(row, 'webhook-status')).toBe('enabled');
    // Shown once: the page no longer has it anywhere.
    expect(await page.evaluate(() => document.body.innerHTML)).not.toContain(secret.slice(6));
    await h.dismissSnackBar();
  });

  it('2. a test ping is delivered, logged and signed with the secret shown; Redeliver sends the same event again', async () => {
    await h.click(`${tid('webhook-row')}[data-webhook-id="${endpointId}"] ${tid('webhook-deliveries-link')}`);
    await h.waitPath(`/settings/webhooks/${endpointId}`);
    await h.waitText(tid('deliveries-empty'), 'No deliveries yet');

    await h.click(tid('webhook-test'));
    await h.waitCount(tid('delivery-row'), 1);
    const [ping] = await deliveries();
    await waitStatus(ping.id, 'delivered');
    expect(await cells(rowOf(ping.id), 'delivery-event-type')).toBe('webhook.test');
    expect(await cells(rowOf(ping.id), 'delivery-trigger')).toBe('test ping');
    expect(await cells(rowOf(ping.id), 'delivery-attempts')).toBe('1 / 10');
    expect(await cells(rowOf(ping.id), 'delivery-status-code')).toBe('200');
    expect(await cells(rowOf(ping.id), 'delivery-delivered-at')).not.toBe('—');
    expect(received).toHaveLength(1);
    expect(received[0].headers['webhook-id']).toBe(ping.eventId);
    expect(verifies(secret, received[0])).toBe(true);
    expect(JSON.parse(received[0].body)).toMatchObject({ type: 'webhook.test', data: { endpointId } });

    await h.dismissSnackBar();
    await h.click(`${rowOf(ping.id)} ${tid('delivery-redeliver')}`);
    await h.waitCount(tid('delivery-row'), 2);
    const [again] = await deliveries();
    expect(again).toMatchObject({ trigger: 'redelivery', redeliveryOf: ping.id, eventId: ping.eventId });
    await waitStatus(again.id, 'delivered');
    expect(await cells(rowOf(again.id), 'delivery-trigger')).toBe('redelivery');
    expect(received).toHaveLength(2);
    expect(received[1].headers['webhook-id']).toBe(ping.eventId); // the same event: receivers de-duplicate by it
    expect(verifies(secret, received[1])).toBe(true);
    await h.dismissSnackBar();
  });

  it('3. a billing run’s bill.issued event shows in the log', async () => {
    const departmentId = (await t.request('POST', '/departments', { token, body: { name: 'Initech' } })).body.id;
    const plan = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Support',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 1000,
        associations: [
          {
            departmentId,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 14,
            timeZone: 'UTC',
            billingAddress: { name: 'Initech Ltd', line1: 'Main Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
            recipients: ['ap@initech.test'],
          },
        ],
      },
    });
    expect(plan.status).toBe(201);
    const s = { externalId: 's1', departmentId, type: 'attended', startedAt: '2026-01-05T10:00:00Z', endedAt: '2026-01-05T10:30:00Z' };
    expect((await t.request('POST', '/sessions', { token, body: s })).status).toBe(201);
    const run = await t.request('POST', '/billing-runs', { token, body: { asOf: '2026-02-01T00:00:00Z' } });
    expect(run.body.billsCreated).toBe(1);

    const issued = `${tid('delivery-row')}[data-trigger="event"]`;
    await reloadUntil(issued);
    const [event] = await deliveries();
    expect(event).toMatchObject({ eventType: 'bill.issued', trigger: 'event' });
    await waitStatus(event.id, 'delivered');
    expect(await cells(rowOf(event.id), 'delivery-event-type')).toBe('bill.issued');
    const body = JSON.parse(received.find((r) => r.headers['webhook-id'] === event.eventId)!.body);
    expect(body).toMatchObject({ type: 'bill.issued', data: { number: 'INV-000001', status: 'unpaid' } });
    await page.screenshot({ path: join(SHOTS, 'webhook-delivery-log.png'), fullPage: true });
  });

  it('4. edits the endpoint and rotates its secret (shown once; the previous one signs for a day)', async () => {
    await h.click(tid('webhook-edit'));
    await h.visible(tid('webhook-form'));
    await h.click(`${tid('webhook-event-payment.recorded')} input`);
    await h.click(`${tid('webhook-event-bill.paid')} input`);
    await h.type(tid('webhook-description'), 'Accounting (ERP)');
    await h.click(tid('webhook-save'));
    await h.hidden(tid('webhook-form'));
    await h.waitText(tid('webhook-events-text'), 'bill.issued, bill.paid');
    expect(await get(`/webhooks/${endpointId}`)).toMatchObject({
      description: 'Accounting (ERP)',
      eventTypes: ['bill.issued', 'bill.paid'],
    });
    await h.dismissSnackBar();

    await h.click(tid('webhook-rotate'));
    await h.click(tid('webhook-rotate-confirm'));
    await h.visible(tid('webhook-secret-dialog'));
    const rotated = await page.$eval(tid('webhook-secret-value'), (el) => (el as HTMLInputElement).value);
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    expect(await h.textOf(tid('webhook-secret-overlap'))).toContain('The previous secret keeps signing too until');
    await h.click(tid('webhook-secret-done'));
    await h.hidden(tid('webhook-secret-dialog'));
    expect((await get(`/webhooks/${endpointId}`)).previousSecretExpiresAt).not.toBeNull();

    // The next ping is signed with both: the receiver accepts either secret while it switches.
    await h.click(tid('webhook-test'));
    await h.waitCount(tid('delivery-row'), 4);
    const [ping] = await deliveries();
    await waitStatus(ping.id, 'delivered');
    const last = received.find((r) => r.headers['webhook-id'] === ping.eventId)!;
    expect([verifies(rotated, last), verifies(secret, last)]).toEqual([true, true]);
    await h.dismissSnackBar();
  });

  it('5. a billing user reads the endpoints and the log, with no action; a viewer has no Webhooks', async () => {
    const errors: string[] = [];
    const billing = await signIn(people.billing, errors);
    await billing.p.goto(url('/settings/webhooks'), { waitUntil: 'load' });
    const row = `${tid('webhook-row')}[data-webhook-id="${endpointId}"]`;
    await billing.ph.visible(row);
    await billing.ph.visible(tid('webhooks-read-only'));
    for (const id of ['webhook-new', 'webhook-menu']) expect(await billing.p.$(tid(id))).toBeNull();
    await billing.ph.click(`${row} ${tid('webhook-deliveries-link')}`);
    await billing.ph.waitCount(tid('delivery-row'), 4);
    for (const id of ['webhook-test', 'webhook-edit', 'webhook-rotate', 'webhook-delete', 'delivery-redeliver']) {
      expect([id, await billing.p.$(tid(id))]).toEqual([id, null]);
    }

    const viewer = await signIn(people.viewer, errors);
    await viewer.p.goto(url('/settings/organization'), { waitUntil: 'load' });
    await viewer.ph.visible(tid('settings-tab-tax-rates'));
    expect(await viewer.p.$(tid('settings-tab-webhooks'))).toBeNull();
    await viewer.p.goto(url('/settings/webhooks'), { waitUntil: 'load' });
    await viewer.ph.waitPath('/dashboard');
    expect(errors).toEqual([]);
  });

  it('6. deletes the endpoint after a confirmation', async () => {
    await page.goto(url('/settings/webhooks'), { waitUntil: 'load' });
    await h.click(`${tid('webhook-row')}[data-webhook-id="${endpointId}"] ${tid('webhook-menu')}`);
    await h.click(`.mat-mdc-menu-panel ${tid('webhook-menu-delete')}`);
    await h.confirm();
    await h.waitText(tid('webhooks-empty'), 'No webhook endpoints yet');
    expect((await t.request('GET', `/webhooks/${endpointId}`, { token })).status).toBe(404);
  });
});
