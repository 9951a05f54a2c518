/**
 * The console's account and bill-list features in a real (headless) Chromium against the whole API:
 * "Change my password" from the user menu (wrong current refused, then changed; the old password no longer
 * logs in, the new one does), "Reset password" on Settings > Users, and on Bills: the charge details
 * column ("12 sessions · 3 devices"), the "Partly paid" chip and filter, the subtotal's label, bill numbers
 * that never wrap, and a charge added to a zero bill. Screenshots (1280x800) go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(120_000);

const BEA = { email: 'bea@example.test', first: 'first-pass-1', second: 'second-pass-2', reset: 'reset-pass-3' };
const address = { name: 'Customer', line1: '1 Road', city: 'Town', country: 'US' };

/** The month before today's (UTC): its bills are closed and, with 365 due days, not yet overdue. */
function lastMonth(): { start: string; asOf: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start: first.toISOString().slice(0, 10), asOf: next.toISOString() };
}

describe('console: my password, password reset, bill list details and partly paid', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let admin: string;
  const bills: Record<string, any> = {};
  const tmp = mkdtempSync(join(tmpdir(), 'rb-account-bills-e2e-'));
  const browserErrors: string[] = [];
  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png` });
  const row = (name: string) => `${tid('bill-row')}[data-bill-number="${bills[name].number}"]`;
  const apiLogin = async (email: string, password: string) =>
    (await t.request('POST', '/auth/login', { body: { email, password } })).status;

  const logIn = async (email: string, password: string) => {
    await page.goto(url('/login'), { waitUntil: 'load' });
    await h.type(tid('login-email'), email);
    await h.type(tid('login-password'), password);
    await h.click(tid('login-submit'));
  };
  const logOut = async () => {
    await h.dismissSnackBar();
    await h.click(tid('user-menu'));
    await h.click(`.mat-mdc-menu-panel ${tid('logout')}`);
    await h.waitPath('/login');
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login();
    expect(
      (
        await t.request('POST', '/users', {
          token: admin,
          body: { email: BEA.email, name: 'Bea Billing', role: 'billing', password: BEA.first },
        })
      ).status,
    ).toBe(201);

    const { start, asOf } = lastMonth();
    const dep = async (name: string) => (await t.request('POST', '/departments', { token: admin, body: { name } })).body.id as string;
    const initech = await dep('Initech');
    const globex = await dep('Globex');
    const zero = await dep('Zero Co');
    const assoc = (departmentId: string, timeZone: string, dueDays: number) => ({
      departmentId,
      billingCycle: 'monthly',
      billStartDate: start,
      dueDays,
      billingAddress: address,
      recipients: ['ap@x.test'],
      timeZone,
    });
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per session',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1250,
        unattendedDeviceRateMinor: 300,
        associations: [assoc(initech, 'UTC', 365), assoc(zero, 'UTC', 365)],
      },
    });
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Per hour',
        currency: 'EUR',
        billingType: 'per_hour',
        hourRateMinor: 6000,
        unattendedDeviceRateMinor: 500,
        billingIncrementMinutes: 15,
        associations: [assoc(globex, 'Europe/Berlin', 0)],
      },
    });
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    const day = (n: number, hour: number) => `${start.slice(0, 8)}${String(n).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
    const at = (id: string, departmentId: string, startedAt: string, minutes: number) => ({
      externalId: id,
      departmentId,
      type: 'attended',
      startedAt,
      endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
    });
    const sessions = [
      // Initech: 12 sessions of 20 min. Globex: 5 sessions of 90 min = 7.5 h.
      ...Array.from({ length: 12 }, (_, i) => at(`i${i}`, initech, day(2 + i, 10), 20)),
      ...Array.from({ length: 5 }, (_, i) => at(`g${i}`, globex, day(3 + i, 9), 90)),
    ];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(17);
    const devices = [
      ...[1, 2, 3].map((i) => ({ externalId: `id${i}`, departmentId: initech, name: `Till ${i}`, enrolledAt: '2025-01-01T00:00:00Z' })),
      ...[1, 2].map((i) => ({ externalId: `gd${i}`, departmentId: globex, name: `Kiosk ${i}`, enrolledAt: '2025-01-01T00:00:00Z' })),
    ];
    expect((await t.request('POST', '/devices/batch', { token: key, body: { devices } })).status).toBeLessThan(300);
    expect((await t.request('POST', '/billing-runs', { token: admin, body: { asOf } })).body.billsCreated).toBe(3);
    for (const b of (await t.request('GET', '/bills', { token: admin })).body.items) bills[b.department.name] = b;
    // Initech: 12 × 12.50 + 3 × 3.00 = 159.00; Globex: 7.5 h × 60.00 + 2 × 5.00 = 460.00; Zero Co: 0.
    expect([bills.Initech.totalMinor, bills.Globex.totalMinor, bills['Zero Co'].totalMinor]).toEqual([15900, 46000, 0]);
    await t.request('POST', `/bills/${bills.Initech.id}/payments`, { token: admin, body: { amountMinor: 5000 } });
    await t.request('POST', `/bills/${bills.Globex.id}/payments`, { token: admin, body: { amountMinor: 10000 } });

    browser = await launchBrowser(join(tmp, 'profile'));
    page = await newPage(browser, browserErrors);
    h = pageHelpers(page);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('changes my password from the user menu: a wrong current one is refused under its field', async () => {
    await logIn(BEA.email, BEA.first);
    await h.waitPath('/dashboard');
    await h.click(tid('user-menu'));
    await h.click(`.mat-mdc-menu-panel ${tid('change-password')}`);
    await h.type(tid('password-current'), 'not-my-password');
    await h.type(tid('password-new'), BEA.second);
    await h.type(tid('password-confirm'), `${BEA.second}x`);
    await h.click(tid('password-save'));
    await h.waitText(tid('password-confirm-error'), 'Does not match');
    await h.type(tid('password-confirm'), BEA.second);
    await h.click(tid('password-save'));
    await h.waitText(tid('password-current-error'), 'is not your current password');
    await shot('change-password');
    expect(await apiLogin(BEA.email, BEA.first)).toBe(200); // nothing changed yet

    await h.type(tid('password-current'), BEA.first);
    await h.click(tid('password-save'));
    await h.hidden(tid('password-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Your password was changed');
  });

  it('logs in again with the new password only', async () => {
    await logOut();
    await logIn(BEA.email, BEA.first);
    await h.visible(tid('login-error'));
    expect(await h.textOf(tid('login-error'))).toBe('Wrong e-mail or password.');
    await logIn(BEA.email, BEA.second);
    await h.waitPath('/dashboard');
    await h.waitText(tid('user-menu'), 'Bea Billing');
    await logOut();
  });

  it("lets an admin reset another user's password on Settings > Users (not their own: that is the user menu)", async () => {
    await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await h.waitPath('/dashboard');
    await page.goto(url('/settings/users'), { waitUntil: 'load' });
    const bea = `${tid('user-row')}[data-user-email="${BEA.email}"]`;
    await h.visible(`${bea} ${tid('user-reset-password')}`);
    expect(await page.$(`${tid('user-row')}[data-user-email="${ADMIN_EMAIL}"] ${tid('user-reset-password')}`)).toBeNull();
    await shot('settings-users');
    await h.click(`${bea} ${tid('user-reset-password')}`);
    await h.type(tid('password-new'), 'short');
    await h.type(tid('password-confirm'), 'short');
    await h.click(tid('password-save'));
    await h.visible('mat-dialog-container mat-error');
    expect(await apiLogin(BEA.email, BEA.second)).toBe(200);
    await h.type(tid('password-new'), BEA.reset);
    await h.type(tid('password-confirm'), BEA.reset);
    await h.click(tid('password-save'));
    await h.hidden(tid('password-save'));
    await h.waitText('.mat-mdc-snack-bar-container', `New password set for ${BEA.email}`);
    expect(await apiLogin(BEA.email, BEA.reset)).toBe(200);
    expect(await apiLogin(BEA.email, BEA.second)).toBe(401);
  });

  it('shows what each bill charged for, partly paid chips, and bill numbers on one line', async () => {
    await page.goto(url('/bills'), { waitUntil: 'load' });
    await h.waitCount(tid('bill-row'), 3);
    const details = (name: string) => h.textOf(`${row(name)} ${tid('bill-charge-details')}`);
    expect(await details('Initech')).toBe('12 sessions · 3 devices');
    expect(await details('Globex')).toBe('7.5 h · 2 devices');
    expect(await details('Zero Co')).toBe('0 sessions');
    const chip = (name: string) =>
      page.$eval(`${row(name)} ${tid('bill-status-chip')}`, (el) => [el.getAttribute('data-status'), el.textContent?.trim()]);
    expect(await chip('Initech')).toEqual(['partly_paid', 'Partly paid']);
    // Globex is due on its issue date (0 due days): overdue, and partly paid too.
    expect(await chip('Globex')).toEqual(['overdue', 'overdue']);
    expect(await h.textOf(`${row('Globex')} ${tid('bill-partly-paid-chip')}`)).toBe('Partly paid');
    expect(await chip('Zero Co')).toEqual(['paid', 'paid']);
    const whiteSpace = await page.$eval(`${row('Initech')} ${tid('bill-number')}`, (el) => getComputedStyle(el).whiteSpace);
    expect(whiteSpace).toBe('nowrap');
    await shot('bills-charge-details');
  });

  it('filters partly paid bills', async () => {
    await page.select(tid('bills-filter-status'), 'partly_paid');
    await page.waitForFunction(() => location.search.includes('status=partly_paid'), { timeout: STEP });
    await h.waitCount(tid('bill-row'), 2);
    const numbers = await page.$$eval(tid('bill-row'), (rows) => rows.map((r) => r.getAttribute('data-bill-number')).sort());
    expect(numbers).toEqual([bills.Initech.number, bills.Globex.number].sort());
  });

  it("names what the bill page's subtotal sums, shows the chip, and keeps the number on one line", async () => {
    await page.goto(url(`/bills/${bills.Initech.id}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-title'), bills.Initech.number);
    expect(await h.textOf(tid('bill-subtotal-label'))).toBe('Subtotal (sessions + devices)');
    expect(await h.textOf(tid('bill-subtotal'))).toBe('$159.00');
    expect(await page.$eval(`${tid('bill-title')} ${tid('bill-status-chip')}`, (el) => el.getAttribute('data-status'))).toBe('partly_paid');
    expect(await page.$eval(`${tid('bill-title')} .bill-number`, (el) => getComputedStyle(el).whiteSpace)).toBe('nowrap');
    await shot('bill-partly-paid');
    await page.goto(url(`/bills/${bills.Globex.id}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-title'), bills.Globex.number);
    expect(await h.textOf(tid('bill-subtotal-label'))).toBe('Subtotal (hours + devices)');
  });

  it('adds a charge to a zero bill (paid only because nothing was due): a supplementary invoice, and it becomes unpaid', async () => {
    await page.goto(url(`/bills/${bills['Zero Co'].id}`), { waitUntil: 'load' });
    await h.waitText(tid('bill-title'), bills['Zero Co'].number);
    await h.click(tid('bill-adjust'));
    await h.click(`${tid('adjustment-type-charge')} input`);
    await h.type(tid('adjustment-amount'), '25');
    await h.type(tid('adjustment-reason'), 'Setup fee');
    await h.click(tid('adjustment-confirm'));
    await h.hidden(tid('adjustment-confirm'));
    await page.waitForSelector(`${tid('bill-title')} ${tid('bill-status-chip')}[data-status="unpaid"]`, { timeout: STEP });
    expect(await h.textOf(tid('bill-balance'))).toBe('$25.00');
    const stored = (await t.request('GET', `/bills/${bills['Zero Co'].id}`, { token: admin })).body;
    // The issued zero invoice stays as it is: the charge is a supplementary invoice, and it is what is due.
    expect(stored).toMatchObject({ status: 'unpaid', totalMinor: 0, supplementaryMinor: 2500, balanceMinor: 2500, paidMinor: 0 });
    expect(stored.corrections).toEqual([expect.objectContaining({ type: 'supplementary_invoice', totalMinor: 2500 })]);
    await h.visible(`${tid('bill-correction-row')}[data-correction-type="supplementary_invoice"]`);
    expect(await h.textOf(tid('bill-supplementary'))).toBe('$25.00');
  });

  it('raised no errors in the page', () => {
    expect(browserErrors).toEqual([]);
  });
});
