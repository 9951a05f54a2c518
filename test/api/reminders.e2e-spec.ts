import { OutboxService } from '../../apps/api/src/invoices/outbox.service';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp } from '../support/smtp';

/**
 * Payment reminders (issue #15, point 3): the organization's schedule in days from the due date, queued by billing
 * runs into the e-mail outbox (a real SMTP server here), at most once per bill and step, the latest due step only
 * (missed ones are skipped), never for a customer who opted out, stopped by payment or void (a queued reminder
 * whose bill was paid meanwhile is cancelled, not sent), in the customer's language, listed on the bill and audited.
 * The outbox is drained by the test (its cron is off), so every step is deterministic.
 * Dates: January bills are issued 2026-01-31 and due 14 days later, 2026-02-14 (UTC).
 */
describe('payment reminders', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  const d: Record<string, string> = {};
  const bill: Record<string, { id: string; number: string }> = {};

  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const run = async (asOf: string) => expect((await post('/billing-runs', { asOf })).status).toBe(201);
  const drain = () => t.app.get(OutboxService).drain();
  const reminders = async (key: string) =>
    ((await t.request('GET', `/bills/${bill[key].id}/emails`, { token: admin })).body.items as Record<string, any>[])
      .filter((e) => e.kind === 'reminder')
      .map((e) => ({ step: e.reminderStep, offsetDays: e.reminderOffsetDays, status: e.status }))
      .sort((a, b) => a.step - b.step);

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_CRON: '0 0 1 1 *', MAIL_FROM: 'Billing <billing@reminders.test>' });
    admin = await t.login();
    const dept = async (key: string, body: Record<string, unknown>) => {
      const res = await post('/departments', { name: key, ...body });
      expect(res.status).toBe(201);
      d[key] = res.body.id;
    };
    await dept('A', {});
    await dept('Optout', { remindersEnabled: false });
    await dept('Paid', {});
    await dept('German', { invoiceLanguage: 'de' });
    const assoc = (departmentId: string) => ({
      departmentId,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 14,
      timeZone: 'UTC',
      billingAddress: { name: 'Customer', line1: 'Street 1', city: 'Berlin', country: 'DE' },
      recipients: ['ap@customer.test'],
    });
    expect(
      (
        await post('/plans', {
          name: 'P',
          currency: 'EUR',
          billingType: 'per_session',
          sessionRateMinor: 1000,
          unattendedDeviceRateMinor: 0,
          associations: Object.values(d).map(assoc),
        })
      ).status,
    ).toBe(201);
    const key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const sessions = Object.entries(d).map(([k, id]) => ({
      externalId: `s-${k}`,
      departmentId: id,
      type: 'attended',
      startedAt: '2026-01-10T10:00:00Z',
      endedAt: '2026-01-10T10:20:00Z',
    }));
    await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    await run('2026-02-01T00:00:00Z');
    for (const [k, id] of Object.entries(d)) {
      const [b] = (await t.request('GET', `/bills?departmentId=${id}`, { token: admin })).body.items;
      bill[k] = { id: b.id, number: b.number };
    }
    expect((await post(`/bills/${bill.Paid.id}/payments`, {})).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a schedule is up to 6 strictly ascending whole days from -30 to 365; a bad one is a 400 naming it', async () => {
    for (const bad of [[3, 3], [7, 0], [1.5], [-31], [1, 2, 3, 4, 5, 6, 7], 'weekly']) {
      const res = await t.request('PATCH', '/organization', { token: admin, body: { reminderSchedule: bad } });
      expect([JSON.stringify(bad), res.status, res.body.errors?.[0]?.field]).toEqual([JSON.stringify(bad), 400, 'reminderSchedule']);
    }
    const ok = await t.request('PATCH', '/organization', { token: admin, body: { reminderSchedule: [-3, 0, 7, 14] } });
    expect(ok.body.reminderSchedule).toEqual([-3, 0, 7, 14]);
    expect((await t.request('GET', `/departments/${d.Optout}`, { token: admin })).body.remindersEnabled).toBe(false);
  });

  it('3 days before the due date: the first reminder, once, to customers who did not opt out and have not paid', async () => {
    await run('2026-02-10T00:00:00Z'); // 4 days before: nothing yet
    expect(await reminders('A')).toEqual([]);
    await run('2026-02-11T00:00:00Z');
    await run('2026-02-11T12:00:00Z'); // the same day again: nothing more
    expect(await reminders('A')).toEqual([{ step: 0, offsetDays: -3, status: 'queued' }]);
    expect(await reminders('German')).toEqual([{ step: 0, offsetDays: -3, status: 'queued' }]);
    expect(await reminders('Optout')).toEqual([]);
    expect(await reminders('Paid')).toEqual([]);
    await drain();
    expect(await reminders('A')).toEqual([{ step: 0, offsetDays: -3, status: 'sent' }]);
    expect(smtp.received).toHaveLength(2);
    const toA = smtp.received.find((m) => m.subject?.includes(bill.A.number))!;
    expect(toA.subject).toBe(`Reminder: invoice ${bill.A.number} from Test Org is due on Feb 14, 2026`);
    expect(toA.attachments.map((a) => a.filename)).toEqual([`${bill.A.number}.pdf`]);
    const toGerman = smtp.received.find((m) => m.subject?.includes(bill.German.number))!;
    expect(toGerman.subject).toBe(`Erinnerung: Rechnung ${bill.German.number} von Test Org ist am 14.02.2026 fällig`);
    const audit = (await t.request('GET', `/audit-events?entityType=bill&entityId=${bill.A.id}`, { token: admin })).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['reminder.queued', 'email.sent']));
  });

  it('11 days after the due date: the 7-day step (the due-date step that no run saw is skipped)', async () => {
    await run('2026-02-25T00:00:00Z');
    expect(await reminders('A')).toEqual([
      { step: 0, offsetDays: -3, status: 'sent' },
      { step: 2, offsetDays: 7, status: 'queued' },
    ]);
    await drain();
    expect(smtp.received).toHaveLength(4);
    // The first reminder after the due date, in German: "Zahlungserinnerung", 7 days overdue.
    const german = smtp.received.filter((m) => m.subject?.includes(bill.German.number)).at(-1)!;
    expect(german.subject).toBe(`Zahlungserinnerung: Rechnung ${bill.German.number} von Test Org war am 14.02.2026 fällig`);
  });

  it('payment stops them: a reminder queued before the payment is cancelled, and no later step comes', async () => {
    await run('2026-03-01T00:00:00Z'); // 15 days after: the 14-day step is queued …
    expect((await reminders('German')).at(-1)).toEqual({ step: 3, offsetDays: 14, status: 'queued' });
    expect((await post(`/bills/${bill.German.id}/payments`, {})).status).toBe(201); // … and the bill paid before it goes out
    await drain();
    expect((await reminders('German')).at(-1)).toEqual({ step: 3, offsetDays: 14, status: 'cancelled' });
    expect(smtp.received.filter((m) => m.subject?.includes(bill.German.number))).toHaveLength(2); // steps 0 and 2 only
    await run('2026-04-01T00:00:00Z');
    expect(await reminders('German')).toHaveLength(3);
  });
});
