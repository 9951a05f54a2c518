import { MailerService } from '@nestjs-modules/mailer';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { EmailDeliveriesRepository } from '../../apps/api/src/invoices/email-deliveries.repository';
import { InvoicesService } from '../../apps/api/src/invoices/invoices.service';
import { OutboxService } from '../../apps/api/src/invoices/outbox.service';
import { MetricsService } from '../../apps/api/src/health/metrics.service';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp } from '../support/smtp';

/**
 * The e-mail outbox driven directly, as billing is: OutboxService with a fixed clock that the test moves by
 * hand, against the real app's database, renderer and a real SMTP server. The app's own cron never ticks here
 * (OUTBOX_CRON is once a year), so every attempt below is one the test asked for, at a time it chose.
 * Backoff (README, MAIL_RETRY_BASE_SECONDS): attempt n waits base × 2^(n-1); base 30 s here, so a delivery that
 * fails at T waits 30 s, then 60 s, then 120 s.
 */
describe('e-mail outbox with a fixed clock', () => {
  const T = Date.parse('2030-01-01T00:00:00Z'); // after anything the app queues now: every queued delivery is due
  const at = (seconds: number) => new Date(T + seconds * 1000);
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let bills: { id: string; number: string }[];
  let now = at(0);
  let outbox: OutboxService;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      OUTBOX_CRON: '0 0 1 1 *',
      MAIL_RETRY_BASE_SECONDS: '30',
      MAIL_MAX_ATTEMPTS: '4',
      MAIL_LEASE_SECONDS: '300',
      MAIL_FROM: 'Billing <billing@outbox.test>',
    });
    admin = await t.login();
    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Ops' } })).body.id;
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Flat',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 1000,
        associations: [
          {
            departmentId: dep,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 30,
            timeZone: 'UTC',
            recipients: ['ap@ops.test'],
            billingAddress: { name: 'Ops', line1: '1 Main St', city: 'Austin', postalCode: '78701', country: 'US' },
          },
        ],
      },
    });
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-04-01T00:00:00Z' } });
    bills = (await t.request('GET', '/bills', { token: admin })).body.items;
    expect(bills).toHaveLength(3);
    outbox = new OutboxService(
      t.dataSource,
      t.app.get(EmailDeliveriesRepository),
      t.app.get(InvoicesService),
      t.app.get(MailerService),
      t.app.get(AuditService),
      t.app.get(MetricsService),
      t.config,
      () => now,
    );
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const queue = async (billId: string): Promise<string> => {
    const res = await t.request('POST', `/bills/${billId}/email`, { token: admin, body: {} });
    expect(res.status).toBe(202);
    return res.body.deliveryId;
  };
  const row = async (id: string) =>
    (
      await t.dataSource.query(
        `SELECT status, attempts, next_attempt_at, locked_until, sent_at, last_error FROM email_deliveries WHERE id = $1`,
        [id],
      )
    )[0] as {
      status: string;
      attempts: number;
      next_attempt_at: Date;
      locked_until: Date | null;
      sent_at: Date | null;
      last_error: string | null;
    };
  const drainAt = (seconds: number) => {
    now = at(seconds);
    return outbox.drain();
  };
  const auditActions = async (billId: string) =>
    (await t.request('GET', `/audit-events?entityType=bill&entityId=${billId}`, { token: admin })).body.items
      .map((e: { action: string }) => e.action)
      .reverse();

  it('retries a refused message after 30 s, 60 s and 120 s, never earlier, and sends it on the 4th attempt at T+210 s', async () => {
    const id = await queue(bills[0].id);
    smtp.failNext = 3;
    const before = smtp.attempts;

    expect(await drainAt(0)).toBe(1); // attempt 1 at T: refused
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, next_attempt_at: at(30), locked_until: null, sent_at: null });
    expect((await row(id)).last_error).toContain('451');
    expect(await drainAt(29.999)).toBe(0);

    expect(await drainAt(30)).toBe(1); // attempt 2 at T+30: refused, waits 30 × 2^1 = 60 s
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 2, next_attempt_at: at(90) });
    expect(await drainAt(89)).toBe(0);

    expect(await drainAt(90)).toBe(1); // attempt 3 at T+90: refused, waits 30 × 2^2 = 120 s
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 3, next_attempt_at: at(210) });
    expect(await drainAt(209)).toBe(0);

    expect(await drainAt(210)).toBe(1); // attempt 4 at T+210: accepted
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 4, sent_at: at(210), last_error: null, locked_until: null });
    expect(smtp.attempts - before).toBe(4);
    const received = smtp.received.filter((m) => m.messageId === `<${id}@outbox.test>`);
    expect(received).toHaveLength(1);
    expect(received[0].attachments[0].filename).toBe(`${bills[0].number}.pdf`);
    expect(await drainAt(10_000)).toBe(0); // sent is sent
    expect(await auditActions(bills[0].id)).toEqual(['email.queued', 'email.sent']);
  });

  it('gives up after MAIL_MAX_ATTEMPTS (4): failed, audited, never claimed again', async () => {
    const id = await queue(bills[1].id);
    smtp.failNext = 4;
    const times = [0, 30, 90, 210]; // the fourth attempt is the last: no retry time is set after it
    for (const [n, s] of times.entries()) {
      expect(await drainAt(1000 + s)).toBe(1);
      expect(await row(id)).toMatchObject({
        attempts: n + 1,
        status: n < 3 ? 'queued' : 'failed',
        next_attempt_at: at(1000 + times[Math.min(n + 1, 3)]),
      });
    }
    expect(await drainAt(100_000)).toBe(0);
    expect(smtp.failNext).toBe(0);
    expect(await auditActions(bills[1].id)).toEqual(['email.queued', 'email.failed']);
  });

  it('sends again, with the same Message-ID, a delivery whose sender died mid-send, once its lease (300 s) has passed', async () => {
    const id = await queue(bills[2].id);
    // A process claims it at T+5000 and dies before it sends or marks anything.
    const [claimed] = await t.app.get(EmailDeliveriesRepository).claimDue(at(5000), 1, 300);
    expect(claimed.id).toBe(id);
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1, locked_until: at(5300) });

    expect(await drainAt(5300)).toBe(0); // the lease still holds at its last instant
    expect(await drainAt(5300.001)).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, sent_at: at(5300.001) });
    expect(smtp.received.filter((m) => m.messageId === `<${id}@outbox.test>`)).toHaveLength(1);
  });
});
