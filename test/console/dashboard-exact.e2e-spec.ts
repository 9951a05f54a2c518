/**
 * The console's dashboard shows sums past 2^53 with every digit: it reads GET /dashboard as text, parses it with
 * lossless-json (bigint where a number would lose digits) and formats the bigint with string math.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, pageHelpers, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(120_000);

const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };
const assoc = (departmentId: string) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 10,
  billingAddress: address,
  recipients: ['ap@customer.test'],
  timeZone: 'UTC',
});
const digits = (text: string) => text.replace(/\D/g, '');

describe('console dashboard: exact sums past 2^53', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-dashboard-exact-'));
  const browserErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login();
    const departments: string[] = [];
    for (const name of ['Big A', 'Big B'])
      departments.push((await t.request('POST', '/departments', { token: admin, body: { name } })).body.id);
    await t.request('POST', '/plans', {
      token: admin,
      body: { name: 'Big', currency: 'USD', billingType: 'per_session', sessionRateMinor: 1, associations: departments.map(assoc) },
    });
    expect((await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } })).body.billsCreated).toBe(2);
    // Amounts no real usage reaches, written straight into this test's own database.
    const set = (departmentId: string, total: string, paid: string) =>
      t.dataSource.query(
        `UPDATE bills SET status = 'unpaid', subtotal_minor = $2::bigint, total_minor = $2::bigint, paid_minor = $3::bigint,
                balance_minor = $2::bigint - $3::bigint WHERE department_id = $1`,
        [departmentId, total, paid],
      );
    await set(departments[0], '9007199254740993', '0'); // 2^53 + 1
    await set(departments[1], '9007199254740996', '3'); // 2^53 + 4, 3 paid
    browser = await launchBrowser(join(tmp, 'profile'));
    page = await newPage(browser, browserErrors);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('shows billed and outstanding with all their digits', async () => {
    const h = pageHelpers(page);
    await page.goto(`${t.baseUrl}/login`, { waitUntil: 'load' });
    await h.type(tid('login-email'), ADMIN_EMAIL);
    await h.type(tid('login-password'), ADMIN_PASSWORD);
    await h.click(tid('login-submit'));
    await h.waitPath('/dashboard');
    await h.visible(tid('dashboard-outstanding-USD'));
    // By hand: outstanding (9007199254740993 - 0) + (9007199254740996 - 3) = 18014398509481986 cents, i.e.
    // $180,143,985,094,819.86 (through a double it would read …984); billed 18014398509481989 (a double: …988).
    expect(digits(await h.textOf(tid('dashboard-outstanding-USD')))).toBe('18014398509481986');
    expect(digits(await h.textOf(tid('dashboard-overdue-USD')))).toBe('18014398509481986');
    const card = await page.$eval(tid('dashboard-totals-USD'), (el) => el.textContent ?? '');
    expect(card).toContain('$180,143,985,094,819.89'); // billed, in the browser's en-US format
    expect(browserErrors).toEqual([]);
  });
});
