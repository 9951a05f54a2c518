/**
 * The association lifecycle in the console (issue #12), in a real (headless) Chromium against the whole API
 * on a free port, the browser in UTC:
 *  1. ending an association at a past date and time, read back through the API;
 *  2. an end before the last billed period refused, with the API's 409 explained under the field;
 *  3. a scheduled (future) end shown as "Ends <date>";
 *  4. a device's enrolment history: re-enrol at a date (a second interval), and remove at a date;
 *  5. a late-usage bill tagged "Late usage" in the list and on its page;
 *  6. the sessions page's Coverage filter (select, label, ?coverage=uncovered);
 *  7. Settings > Billing runs: open failures with attempts, the history with each run's failures, paging.
 * Every wait is explicit (≤ 15 s); screenshots (1280x800) go to docs/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchBrowser, newPage, pageHelpers, SHOTS, STEP, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

const address = (name: string) => ({ name, line1: '1 Main Street', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' });
const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
  departmentId,
  billingCycle: 'monthly',
  billStartDate: '2026-01-01',
  dueDays: 30,
  billingAddress: address('Customer'),
  recipients: ['ap@customer.test'],
  timeZone: 'UTC',
  ...extra,
});
const session = (externalId: string, departmentId: string, startedAt: string, minutes = 30) => ({
  externalId,
  departmentId,
  type: 'attended',
  startedAt,
  endedAt: new Date(Date.parse(startedAt) + minutes * 60_000).toISOString(),
});

jest.setTimeout(180_000);

describe('console: the association lifecycle', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  let goldId: string;
  let initechId: string;
  let globexId: string;
  const tmp = mkdtempSync(join(tmpdir(), 'rb-lifecycle-e2e-'));
  const browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png` });
  const call = async (method: string, path: string, body?: unknown) => t.request(method, path, { token, body });
  const department = async (name: string) => (await call('POST', '/departments', { name })).body.id as string;
  const sessions = async (list: unknown[]) => {
    const res = await call('POST', '/sessions/batch', { sessions: list });
    expect(res.status).toBe(200);
  };
  const run = async (asOf: string) => {
    const res = await call('POST', '/billing-runs', { asOf });
    expect(res.status).toBe(201);
    return res.body as { id: string; billsCreated: number; failures: any[] };
  };
  const associationOf = async (departmentId: string) =>
    ((await call('GET', `/associations?departmentId=${departmentId}`)).body.items as any[])[0];
  const rowOf = (associationId: string) => `${tid('association-row')}[data-association-id="${associationId}"]`;
  // Chromium's en-US times put a narrow no-break space before AM/PM: texts are compared with plain spaces.
  const texts = (sel: string) => page.$$eval(sel, (els) => els.map((el) => (el.textContent ?? '').replace(/[\s\u202f]+/g, ' ').trim()));
  const textOf = async (sel: string) => (await texts(sel))[0] ?? '';
  const waitText = (sel: string, needle: string) =>
    page.waitForFunction(
      (s, n) => Array.from(document.querySelectorAll(s)).some((el) => (el.textContent ?? '').replace(/[\s\u202f]+/g, ' ').includes(n)),
      { timeout: STEP },
      sel,
      needle,
    );
  const openEndDialog = async (associationId: string) => {
    await page.goto(url(`/plans/${goldId}`), { waitUntil: 'load' });
    await h.click(`${rowOf(associationId)} ${tid('association-end')}`);
    await h.visible(tid('end-dialog'));
  };

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail') });
    token = await t.login();
    initechId = await department('Initech');
    globexId = await department('Globex');
    const gold = await call('POST', '/plans', {
      name: 'Gold',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 1000,
      unattendedDeviceRateMinor: 0,
      associations: [assoc(initechId), assoc(globexId)],
    });
    expect(gold.status).toBe(201);
    goldId = gold.body.id;
    // January billed for both: they are billed through Feb 1, the earliest either may end at.
    await sessions([session('initech-jan', initechId, '2026-01-10T10:00:00Z'), session('globex-jan', globexId, '2026-01-12T10:00:00Z')]);
    expect((await run('2026-02-02T00:00:00Z')).billsCreated).toBe(2);

    browser = await launchBrowser(join(tmp, 'profile'));
    page = await newPage(browser, browserErrors);
    await page.emulateTimezone('UTC');
    h = pageHelpers(page);
    await page.goto(url('/login'), { waitUntil: 'load' });
    await h.type(tid('login-email'), ADMIN_EMAIL);
    await h.type(tid('login-password'), ADMIN_PASSWORD);
    await h.click(tid('login-submit'));
    await h.waitPath('/dashboard');
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. ends an association at a past date and time (no earlier than billed, shown), read back through the API', async () => {
    const initech = await associationOf(initechId);
    expect(initech.billedThrough).toBe('2026-02-01T00:00:00.000Z');
    await openEndDialog(initech.id);
    expect(await textOf(tid('end-explanation'))).toContain('The last period is billed as a short period up to the end');
    expect(await textOf(tid('end-explanation'))).toContain('device fees prorated');
    expect(await textOf(tid('end-confirm'))).toBe('End now');
    await h.click(`${tid('end-mode-at')} input`);
    await h.visible(tid('end-at'));
    expect(await textOf(tid('end-earliest'))).toBe('Earliest allowed: Feb 1, 2026, the end of its last billed period.');
    expect(await page.$eval(tid('end-at'), (el) => el.getAttribute('min'))).toBe('2026-02-01T00:00');

    // Before the earliest allowed end: said under the field before anything is sent.
    await h.setValue(tid('end-at'), '2026-01-20T00:00');
    await h.click(tid('end-confirm'));
    await waitText(tid('end-at-error'), 'Must be at or after Feb 1, 2026');
    expect((await associationOf(initechId)).endedAt).toBeNull();

    await h.setValue(tid('end-at'), '2026-02-15T12:00');
    await waitText(tid('end-outcome'), 'Initech stops being billed on this plan from Feb 15, 2026, 12:00 PM on.');
    expect(await textOf(tid('end-confirm'))).toBe('End association');
    await shot('association-end-dialog');
    await h.click(tid('end-confirm'));
    await h.hidden(tid('end-dialog'));
    await waitText(`${rowOf(initech.id)} ${tid('association-status')}`, 'Ended Feb 15, 2026, 12:00 PM');
    expect(await page.$(`${rowOf(initech.id)} ${tid('association-end')}`)).toBeNull();

    const stored = (await call('GET', `/associations/${initech.id}`)).body;
    expect(stored).toMatchObject({ status: 'ended', endedAt: '2026-02-15T12:00:00.000Z', billedThrough: '2026-02-01T00:00:00.000Z' });
    // The plan's history says when.
    await waitText(tid('plan-history-sentence'), "ended Initech's billing on plan 'Gold' as of Feb 15, 2026, 12:00 PM.");
    await h.dismissSnackBar();
  });

  it('2. an end before the last billed period (billed while the dialog was open) is refused with the reason under the field', async () => {
    const globex = await associationOf(globexId);
    await openEndDialog(globex.id);
    await h.click(`${tid('end-mode-at')} input`);
    await h.visible(tid('end-at'));
    expect(await textOf(tid('end-earliest'))).toContain('Feb 1, 2026');
    // Meanwhile February is billed: Globex is now billed through Mar 1.
    await run('2026-03-02T00:00:00Z');
    expect((await associationOf(globexId)).billedThrough).toBe('2026-03-01T00:00:00.000Z');

    await h.setValue(tid('end-at'), '2026-02-20T00:00');
    await h.click(tid('end-confirm'));
    await waitText(
      tid('end-at-error'),
      'Globex is already billed through Mar 1, 2026: an end can not reach back into a billed period. Choose Mar 1, 2026 or later.',
    );
    // The earliest allowed end is read again.
    await waitText(tid('end-earliest'), 'Earliest allowed: Mar 1, 2026, the end of its last billed period.');
    await shot('association-end-refused');
    expect((await associationOf(globexId)).endedAt).toBeNull();
    await h.click(tid('end-cancel'));
    await h.hidden(tid('end-dialog'));
  });

  it('3. a scheduled end (in the future) shows as "Ends <date>" and keeps the customer active', async () => {
    const globex = await associationOf(globexId);
    await openEndDialog(globex.id);
    await h.click(`${tid('end-mode-at')} input`);
    await h.visible(tid('end-at'));
    await h.setValue(tid('end-at'), '2027-03-01T00:00');
    await waitText(tid('end-outcome'), 'Scheduled: Globex stays active and is billed as usual until Mar 1, 2027.');
    expect(await textOf(tid('end-confirm'))).toBe('Schedule end');
    await h.click(tid('end-confirm'));
    await h.hidden(tid('end-dialog'));
    await waitText(`${rowOf(globex.id)} ${tid('association-status')}`, 'Ends Mar 1, 2027');
    // Still a customer (editable), but an end once set is not moved: no End button.
    expect(await page.$(`${rowOf(globex.id)} ${tid('association-edit')}`)).not.toBeNull();
    expect(await page.$(`${rowOf(globex.id)} ${tid('association-end')}`)).toBeNull();
    expect((await texts(tid('association-status'))).sort()).toEqual(['Ended Feb 15, 2026, 12:00 PM', 'Ends Mar 1, 2027']);
    await h.dismissSnackBar();
    await shot('plan-associations-ending');
    expect((await call('GET', `/associations/${globex.id}`)).body).toMatchObject({ status: 'active', endedAt: '2027-03-01T00:00:00.000Z' });
  });

  it('4. a device re-enrolled at a date shows two intervals; a removal asks for its date; 400s under the field', async () => {
    const dev = await call('POST', '/devices', {
      externalId: 'kiosk-1',
      departmentId: globexId,
      name: 'Kiosk 1',
      enrolledAt: '2026-01-01T00:00:00Z',
    });
    expect(dev.status).toBe(201);
    const id = dev.body.id as string;
    expect((await call('PATCH', `/devices/${id}`, { removedAt: '2026-01-31T12:00:00Z' })).status).toBe(200);

    await page.goto(url('/devices'), { waitUntil: 'load' });
    const row = `${tid('device-row')}[data-device-id="${id}"]`;
    await waitText(`${row} ${tid('device-enrolment')}`, 'Jan 1, 2026, 12:00 AM – Jan 31, 2026, 12:00 PM');
    expect(await textOf(`${row} ${tid('device-status')}`)).toBe('removed Jan 31, 2026, 12:00 PM');
    expect(await page.$(`${row} ${tid('device-remove')}`)).toBeNull();

    // Re-enrol: the date defaults to now; one before the removal is refused under the field.
    await h.click(`${row} ${tid('device-reenrol')}`);
    expect(await page.$eval(tid('device-date'), (el) => (el as HTMLInputElement).value)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    expect(await textOf(tid('device-date-hint'))).toContain('Not before its removal, Jan 31, 2026, 12:00 PM');
    await h.setValue(tid('device-date'), '2026-01-20T00:00');
    await h.click(tid('device-date-save'));
    await waitText(tid('device-date-field-error'), "Must not be before the device's latest removal (Jan 31, 2026, 12:00 PM)");
    await shot('device-reenrol-refused');
    await h.setValue(tid('device-date'), '2026-04-01T00:00');
    await h.click(tid('device-date-save'));
    await h.hidden(tid('device-date-dialog'));
    await h.waitCount(`${row} ${tid('device-enrolment')}`, 2);
    expect(await texts(`${row} ${tid('device-enrolment')}`)).toEqual([
      'Jan 1, 2026, 12:00 AM – Jan 31, 2026, 12:00 PM',
      'Apr 1, 2026, 12:00 AM – now',
    ]);
    expect(await textOf(`${row} ${tid('device-status')}`)).toBe('active');
    expect(((await call('GET', `/devices?departmentId=${globexId}`)).body.items as any[]).find((d) => d.id === id).enrolments).toEqual([
      { enrolledAt: '2026-01-01T00:00:00.000Z', removedAt: '2026-01-31T12:00:00.000Z' },
      { enrolledAt: '2026-04-01T00:00:00.000Z', removedAt: null },
    ]);
    await h.dismissSnackBar();

    // Remove at a date (it defaults to now).
    await h.click(`${row} ${tid('device-remove')}`);
    await h.setValue(tid('device-date'), '2026-05-01T00:00');
    await h.click(tid('device-date-save'));
    await h.hidden(tid('device-date-dialog'));
    await waitText(`${row} ${tid('device-status')}`, 'removed May 1, 2026, 12:00 AM');
    expect(await texts(`${row} ${tid('device-enrolment')}`)).toEqual([
      'Jan 1, 2026, 12:00 AM – Jan 31, 2026, 12:00 PM',
      'Apr 1, 2026, 12:00 AM – May 1, 2026, 12:00 AM',
    ]);
    await h.dismissSnackBar();
    await shot('devices-enrolment-history');
  });

  it('5. a late-usage bill is tagged "Late usage" in the bills list and on its page; a period bill is not', async () => {
    const umbrellaId = await department('Umbrella');
    const late = await call('POST', '/plans', {
      name: 'Late',
      currency: 'USD',
      billingType: 'per_session',
      sessionRateMinor: 500,
      associations: [assoc(umbrellaId)],
    });
    expect(late.status).toBe(201);
    const a = late.body.associations[0].id as string;
    await sessions([session('umbrella-jan', umbrellaId, '2026-01-10T10:00:00Z')]);
    await run('2026-02-02T00:00:00Z'); // January's bill
    // Ended in the past, at the end of its billed period; then a January session arrives late, and a run bills it alone.
    expect((await call('DELETE', `/associations/${a}`, { endedAt: '2026-02-01T00:00:00Z' })).status).toBe(200);
    await sessions([session('umbrella-late', umbrellaId, '2026-01-20T10:00:00Z')]);
    await run('2026-02-03T00:00:00Z');
    const bills = (await call('GET', `/bills?departmentId=${umbrellaId}`)).body.items as any[];
    const lateBill = bills.find((b) => b.kind === 'late_usage');
    const periodBill = bills.find((b) => b.kind === 'period');
    expect(lateBill).toMatchObject({ totalMinor: 500 });
    expect(periodBill).toMatchObject({ totalMinor: 500 });

    await page.goto(url(`/bills?departmentId=${umbrellaId}`), { waitUntil: 'load' });
    const lateRow = `${tid('bill-row')}[data-bill-id="${lateBill.id}"]`;
    const periodRow = `${tid('bill-row')}[data-bill-id="${periodBill.id}"]`;
    await h.visible(`${lateRow} ${tid('bill-kind-late-usage')}`);
    await h.visible(periodRow);
    expect(await textOf(`${lateRow} ${tid('bill-kind-late-usage')}`)).toBe('Late usage');
    expect(await page.$(`${periodRow} ${tid('bill-kind-late-usage')}`)).toBeNull();
    await shot('bills-late-usage');

    await page.goto(url(`/bills/${lateBill.id}`), { waitUntil: 'load' });
    await waitText(tid('bill-title'), lateBill.number);
    expect(await textOf(`${tid('bill-title')} ${tid('bill-kind-late-usage')}`)).toBe('Late usage');
    await shot('bill-late-usage');
    await page.goto(url(`/bills/${periodBill.id}`), { waitUntil: 'load' });
    await waitText(tid('bill-title'), periodBill.number);
    expect(await page.$(tid('bill-kind-late-usage'))).toBeNull();
  });

  it('6. sessions: the Coverage filter lists the sessions no association covers, labelled "Never: no association", also from ?coverage=uncovered', async () => {
    const nowhereId = await department('Nowhere');
    await sessions([session('nowhere-1', nowhereId, '2026-01-15T09:00:00Z'), session('nowhere-2', nowhereId, '2026-01-16T09:00:00Z')]);
    const externalIds = async () => (await texts(`${tid('session-row')} td:nth-child(6)`)).sort();

    // From the URL (the dashboard links here so).
    await page.goto(url('/sessions?coverage=uncovered'), { waitUntil: 'load' });
    await h.waitCount(tid('session-row'), 2);
    expect(await page.$eval(tid('sessions-filter-coverage'), (el) => (el as HTMLSelectElement).value)).toBe('uncovered');
    expect(await externalIds()).toEqual(['nowhere-1', 'nowhere-2']);
    expect(await texts(tid('session-uncovered'))).toEqual(['Never: no association', 'Never: no association']);
    await shot('sessions-uncovered');

    // Without it: every session, the covered ones without the label; the select filters again.
    await page.goto(url('/sessions'), { waitUntil: 'load' });
    await h.waitCount(tid('session-row'), 6);
    expect(await page.$eval(tid('sessions-filter-coverage'), (el) => (el as HTMLSelectElement).value)).toBe('');
    expect(await page.$$eval(tid('session-uncovered'), (els) => els.length)).toBe(2);
    await page.select(tid('sessions-filter-coverage'), 'covered');
    await h.waitCount(tid('session-row'), 4);
    expect(await page.$$eval(tid('session-uncovered'), (els) => els.length)).toBe(0);
    await page.select(tid('sessions-filter-coverage'), 'uncovered');
    await h.waitCount(tid('session-row'), 2);
    expect(await externalIds()).toEqual(['nowhere-1', 'nowhere-2']);
    // The filter is written to the URL, so a reload (or a shared link) shows the same list.
    await page.waitForFunction(() => new URLSearchParams(location.search).get('coverage') === 'uncovered', { timeout: STEP });
    await page.reload({ waitUntil: 'load' });
    await h.waitCount(tid('session-row'), 2);
    expect(await page.$eval(tid('sessions-filter-coverage'), (el) => (el as HTMLSelectElement).value)).toBe('uncovered');
  });

  it('7. Settings > Billing runs: the open failure with its attempts and explanation, each run with its failures, paged newest first', async () => {
    const bigId = await department('Big');
    // 10^11 minor units an hour × 540 sessions of 7 days = 9.072 × 10^15 > 2^53 - 1: refused, recorded, the others billed.
    const max = await call('POST', '/plans', {
      name: 'Max',
      currency: 'USD',
      billingType: 'per_hour',
      hourRateMinor: 100_000_000_000,
      unattendedDeviceRateMinor: 0,
      associations: [assoc(bigId)],
    });
    expect(max.status).toBe(201);
    const week = 7 * 24 * 60;
    const list = Array.from({ length: 540 }, (_, i) => session(`big-${i}`, bigId, `2026-01-0${1 + (i % 9)}T00:00:00Z`, week));
    for (let i = 0; i < list.length; i += 200) await sessions(list.slice(i, i + 200));
    const failing = await run('2026-02-01T00:00:00Z');
    expect(failing.failures.map((f) => [f.departmentName, f.planName, f.code])).toEqual([['Big', 'Max', 'AMOUNT_OUT_OF_RANGE']]);
    // Enough runs for a second page (20 a page): each retries Big.
    let runs = (await call('GET', '/billing-runs?limit=100')).body.items.length as number;
    while (runs < 21) {
      await run('2026-02-01T00:00:00Z');
      runs++;
    }
    const attempts = (await call('GET', '/billing-runs/failures')).body.items[0].attempts as number;
    expect(attempts).toBe(runs - 4); // every run since the failing one (the first four ran before Big existed)

    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.click(tid('settings-tab-billing-runs'));
    await h.waitPath('/settings/billing-runs');
    await h.waitCount(tid('open-failure-row'), 1);
    const failureRow = await textOf(tid('open-failure-row'));
    for (const part of ['Big', 'Max', 'Period from Jan 1, 2026', 'Amount out of range', 'AMOUNT_OUT_OF_RANGE'])
      expect(failureRow).toContain(part);
    expect(await textOf(tid('open-failure-attempts'))).toBe(String(attempts));
    const explanation = await textOf(tid('open-failures-explanation'));
    expect(explanation).toContain('retried by every run until they bill');
    expect(explanation).toContain("Fix the cause (for example the plan's rate)");

    // Newest first, 20 to a page; the newest run's failure is readable once shown.
    await h.waitCount(tid('run-row'), 20);
    const history = (await call('GET', '/billing-runs?limit=100')).body.items as any[];
    expect(await page.$eval(tid('run-row'), (el) => el.getAttribute('data-run-id'))).toBe(history[0].id);
    const first = `${tid('run-row')}[data-run-id="${history[0].id}"]`;
    expect(await textOf(`${first} ${tid('run-trigger')}`)).toBe('API or console');
    expect(await textOf(`${first} ${tid('run-as-of')}`)).toBe('Feb 1, 2026, 12:00 AM');
    expect(await textOf(`${first} ${tid('run-bills')}`)).toBe('0');
    expect(await textOf(`${first} ${tid('run-failures')}`)).toBe('1 failure · show');
    await h.click(`${first} ${tid('run-failures')}`);
    await h.waitCount(tid('run-failure'), 1);
    expect((await texts(tid('run-failure')))[0]).toMatch(
      /^Big on plan Max, period from Jan 1, 2026: Amount out of range \(AMOUNT_OUT_OF_RANGE\)\. .+/,
    );
    await page.setViewport({ width: 1280, height: 1100 });
    await shot('settings-billing-runs');
    await page.setViewport({ width: 1280, height: 800 });

    // The older runs are on the next page; the oldest is the first run of this file, which billed two.
    await h.click(`${tid('runs-next')}:not([disabled])`);
    await h.waitCount(tid('run-row'), runs - 20);
    const last = `${tid('run-row')}[data-run-id="${history[history.length - 1].id}"]`;
    await h.visible(last);
    expect(await textOf(`${last} ${tid('run-bills')}`)).toBe('2');
    expect(await textOf(`${last} ${tid('run-failures')}`)).toBe('None');
    await h.click(`${tid('runs-prev')}:not([disabled])`);
    await h.waitCount(tid('run-row'), 20);

    // "Run billing now" retries it once more: one more attempt.
    await h.click(tid('billing-runs-run'));
    await waitText(tid('open-failure-attempts'), String(attempts + 1));
    await h.dismissSnackBar();
  });
});
