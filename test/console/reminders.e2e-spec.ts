/**
 * Payment reminders in the console (issue #15, point 3), in a real (headless) Chromium against the whole API:
 *  1. Settings > Organization: the schedule is a comma-separated field; one the API refuses ("7, 3": not ascending)
 *     shows its 400 under the field and is not stored; "-3, 0, 7, 14" is, and the hint reads it back;
 *  2. the department dialog's "Send payment reminders" turns them off for one customer (the list says so);
 *  3. the bill page lists the reminders beside the invoice e-mail ("Reminder 1 — 3 days before due"), and a reminder
 *     whose bill was paid before it went out as cancelled, with what that means.
 * The outbox is drained by the test (its cron is off). Dates: January bills are due 2026-02-14 (UTC).
 * Every wait is explicit (≤ 15 s).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { OutboxService } from '../../apps/api/src/invoices/outbox.service';
import { openConsole, pageHelpers, SHOTS, tid } from '../support/browser';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../support/app';

jest.setTimeout(180_000);

describe('console: payment reminders', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let h: ReturnType<typeof pageHelpers>;
  let token: string;
  const dept: Record<string, string> = {};
  const tmp = mkdtempSync(join(tmpdir(), 'rb-console-reminders-e2e-'));
  let browserErrors: string[] = [];

  const url = (path: string) => `${t.baseUrl}${path}`;
  const get = async (path: string) => (await t.request('GET', path, { token })).body;
  const run = async (asOf: string) => expect((await t.request('POST', '/billing-runs', { token, body: { asOf } })).status).toBe(201);
  const drain = () => t.app.get(OutboxService).drain();
  const errorUnder = (id: string) =>
    page.$eval(tid(id), (el) => (el.closest('mat-form-field')?.querySelector('mat-error')?.textContent ?? '').trim());

  beforeAll(async () => {
    t = await startTestApp({ MAIL_DIR: join(tmp, 'mail'), OUTBOX_CRON: '0 0 1 1 *' });
    token = await t.login();
    for (const name of ['Initech', 'Globex']) {
      const res = await t.request('POST', '/departments', { token, body: { name } });
      expect(res.status).toBe(201);
      dept[name] = res.body.id;
    }
    const plan = await t.request('POST', '/plans', {
      token,
      body: {
        name: 'Gold',
        currency: 'EUR',
        billingType: 'per_session',
        sessionRateMinor: 5000,
        associations: Object.values(dept).map((departmentId) => ({
          departmentId,
          billingCycle: 'monthly',
          billStartDate: '2026-01-01',
          dueDays: 14,
          timeZone: 'UTC',
          billingAddress: { name: 'Customer', line1: 'Ring 1', city: 'Wien', postalCode: '1010', country: 'AT' },
          recipients: ['ap@customer.test'],
        })),
      },
    });
    expect(plan.status).toBe(201);
    ({ browser, page, h, errors: browserErrors } = await openConsole(t.baseUrl, join(tmp, 'profile'), ADMIN_EMAIL, ADMIN_PASSWORD));
    await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(browserErrors).toEqual([]);
  });

  it('1. Settings > Organization: "7, 3" is refused under the field; "-3, 0, 7, 14" is stored', async () => {
    expect((await get('/organization')).reminderSchedule).toEqual([]);
    await page.goto(url('/settings/organization'), { waitUntil: 'load' });
    await h.waitText(tid('organization-reminder-schedule-hint'), 'Off: no payment reminders');

    await h.type(tid('organization-reminder-schedule'), '7, 3');
    await h.click(tid('organization-save'));
    await h.waitText(tid('organization-reminder-schedule-error'), 'strictly ascending');
    expect(await errorUnder('organization-reminder-schedule')).toBe('reminderSchedule must be strictly ascending (each step once)');
    expect((await get('/organization')).reminderSchedule).toEqual([]);

    // Only the form is checked in the browser: a word is not a day.
    await h.type(tid('organization-reminder-schedule'), '3, soon');
    await h.click(tid('organization-save'));
    await h.waitText(tid('organization-reminder-schedule-error'), 'Whole numbers of days');

    await h.type(tid('organization-reminder-schedule'), '-3, 0, 7, 14');
    await h.waitText(tid('organization-reminder-schedule-hint'), '4 reminders: 3 days before due, on the due date, 7 days after due');
    await h.click(tid('organization-save'));
    await h.waitText('.mat-mdc-snack-bar-container', 'Organization saved');
    expect((await get('/organization')).reminderSchedule).toEqual([-3, 0, 7, 14]);
    expect(await page.$eval(tid('organization-reminder-schedule'), (el) => (el as HTMLInputElement).value)).toBe('-3, 0, 7, 14');
    await page.screenshot({ path: join(SHOTS, 'reminder-schedule.png') as `${string}.png` });
    await h.dismissSnackBar();
  });

  it('2. the department dialog turns reminders off for Globex; the list says so', async () => {
    await page.goto(url('/departments'), { waitUntil: 'load' });
    const row = (name: string) => `${tid('department-row')}[data-department-id="${dept[name]}"]`;
    await h.waitText(`${row('Globex')} ${tid('department-reminders-text')}`, 'Reminders: on');
    await h.click(`${row('Globex')} ${tid('department-edit')}`);
    await h.visible(tid('department-reminders-enabled'));
    expect(await page.$eval(`${tid('department-reminders-enabled')} input`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await h.click(`${tid('department-reminders-enabled')} input`);
    await h.waitText(tid('department-reminders-hint'), 'no payment reminders');
    await h.click(tid('department-save'));
    await h.hidden(tid('department-save'));
    await h.waitText(`${row('Globex')} ${tid('department-reminders-text')}`, 'Reminders: off');
    expect(await h.textOf(`${row('Initech')} ${tid('department-reminders-text')}`)).toBe('Reminders: on');
    expect((await get(`/departments/${dept.Globex}`)).remindersEnabled).toBe(false);
    expect((await get(`/departments/${dept.Initech}`)).remindersEnabled).toBe(true);
    await h.dismissSnackBar();

    // A new department sends them by default.
    await h.click(tid('department-new'));
    await h.visible(tid('department-reminders-enabled'));
    expect(await page.$eval(`${tid('department-reminders-enabled')} input`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await h.click(tid('department-cancel'));
    await h.hidden(tid('department-cancel'));
  });

  it('3. the bill page lists the reminders beside the invoice e-mail; one cancelled by the payment says why', async () => {
    const sessions = Object.entries(dept).map(([name, departmentId]) => ({
      externalId: `s-${name}`,
      departmentId,
      type: 'attended',
      startedAt: '2026-01-10T10:00:00Z',
      endedAt: '2026-01-10T10:30:00Z',
    }));
    expect((await t.request('POST', '/sessions/batch', { token, body: { sessions } })).body.accepted).toBe(2);
    await run('2026-02-01T00:00:00Z'); // January's bills, due 2026-02-14
    const bill = (await get(`/bills?departmentId=${dept.Initech}`)).items[0];
    const globexBill = (await get(`/bills?departmentId=${dept.Globex}`)).items[0];
    for (const b of [bill, globexBill]) expect((await t.request('POST', `/bills/${b.id}/email`, { token, body: {} })).status).toBe(202);
    await run('2026-02-12T00:00:00Z'); // 2 days before due: the -3 step has come
    await drain();
    const kinds = async (id: string) =>
      ((await get(`/bills/${id}/emails`)).items as any[]).map((e) => [e.kind, e.reminderStep, e.status]).sort();
    expect(await kinds(bill.id)).toEqual([
      ['invoice', null, 'sent'],
      ['reminder', 0, 'sent'],
    ]);
    expect(await kinds(globexBill.id)).toEqual([['invoice', null, 'sent']]); // opted out

    await page.goto(url(`/bills/${bill.id}`), { waitUntil: 'load' });
    const reminderRow = `${tid('bill-email-row')}:has([data-kind="reminder"])`;
    await h.waitCount(tid('bill-email-row'), 2);
    expect(await h.textOf(`${reminderRow} ${tid('email-kind')}`)).toBe('Reminder 1 — 3 days before due');
    expect(await h.textOf(`${reminderRow} ${tid('email-status')}`)).toBe('sent');
    expect(await h.textOf(`${tid('bill-email-row')}:has([data-kind="invoice"]) ${tid('email-kind')}`)).toBe('Invoice');
    await h.waitText(tid('bill-audit-sentence'), 'Payment reminders queued payment reminder 1 (3 days before due)');

    // The due-date step is queued, then the bill is paid before it goes out: it is cancelled, not sent.
    await run('2026-02-14T12:00:00Z');
    expect((await t.request('POST', `/bills/${bill.id}/payments`, { token, body: {} })).status).toBe(201);
    await drain();
    await h.click(tid('bill-refresh'));
    await h.waitCount(tid('bill-email-row'), 3);
    await h.waitText(tid('email-kind'), 'Reminder 2 — on the due date');
    const cancelled = `${tid('bill-email-row')}:has(.chip-cancelled)`;
    await h.visible(cancelled);
    expect(await h.textOf(`${cancelled} ${tid('email-kind')}`)).toBe('Reminder 2 — on the due date');
    expect(await h.textOf(`${cancelled} ${tid('email-status')}`)).toBe('cancelled');
    expect(await h.textOf(`${cancelled} ${tid('email-status-note')}`)).toBe(
      'Not sent: the bill was paid or voided before the reminder went out',
    );
    await page.screenshot({ path: join(SHOTS, 'bill-reminders.png') as `${string}.png`, fullPage: true });
  });
});
