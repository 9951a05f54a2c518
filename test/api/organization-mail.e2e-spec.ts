import type { ParsedMail } from 'mailparser';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp, waitFor } from '../support/smtp';

const address = {
  name: 'Initech Accounts Payable',
  line1: '4120 Freidrich Ln',
  city: 'Austin',
  region: 'TX',
  postalCode: '78744',
  country: 'US',
};

/** Settings > Organization: the organization's sender name and Reply-To on its invoice e-mails (GET/PATCH /organization). */
describe('organization settings and invoice e-mails sent as the organization', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let billId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      OUTBOX_CRON: '* * * * * *',
      MAIL_FROM: 'Remote Billing <billing@rb.test>',
      MAIL_REPLY_TO: 'help@rb.test',
    });
    admin = await t.login();
    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'Initech' } })).body.id;
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Standard',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 5000,
        associations: [
          {
            departmentId: dep,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 14,
            billingAddress: address,
            recipients: ['ap@initech.test'],
            timeZone: 'UTC',
          },
        ],
      },
    });
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    await t.request('POST', '/sessions', {
      token: key,
      body: { externalId: 's1', departmentId: dep, type: 'attended', startedAt: '2026-01-10T10:00:00Z', endedAt: '2026-01-10T11:00:00Z' },
    });
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-02-01T00:00:00Z' } });
    billId = (await t.request('GET', '/bills', { token: admin })).body.items[0].id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** E-mails the bill and returns the message the SMTP server received. */
  async function emailBill(message?: string): Promise<ParsedMail> {
    const before = smtp.received.length;
    const queued = await t.request('POST', `/bills/${billId}/email`, { token: admin, body: message ? { message } : {} });
    expect(queued.status).toBe(202);
    return waitFor(async () => smtp.received.length > before && smtp.received[smtp.received.length - 1]);
  }

  it('shows the organization with the server defaults that apply while it sets nothing', async () => {
    const res = await t.request('GET', '/organization', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Test Org',
      timeZone: 'UTC',
      senderName: null,
      replyToEmail: null,
      defaults: { senderName: 'Remote Billing', senderAddress: 'billing@rb.test', replyToEmail: 'help@rb.test' },
      // The seller profile (test/api/seller-profile.e2e-spec.ts): nothing set yet.
      legalName: null,
      vatId: null,
      taxNumber: null,
      companyRegistration: null,
      address: null,
      contactEmail: null,
      phone: null,
      website: null,
      accountHolder: null,
      iban: null,
      bic: null,
      paymentInstructions: null,
      paymentTerms: null,
      invoiceFooter: null,
      invoiceLanguage: 'en',
      reviewDays: 0,
      reminderSchedule: [],
      logo: null,
      electronicAddress: null,
    });
    const viewer = await t.createUser('viewer');
    expect((await t.request('GET', '/organization', { token: viewer })).status).toBe(200);
  });

  it('lets only admins change it, and refuses bad values with 400 naming the field', async () => {
    for (const role of ['billing', 'viewer'] as const) {
      const res = await t.request('PATCH', '/organization', { token: await t.createUser(role), body: { senderName: 'X' } });
      expect(res.status).toBe(403);
    }
    const cases: [Record<string, unknown>, string][] = [
      [{ replyToEmail: 'not-an-email' }, 'replyToEmail'],
      [{ replyToEmail: 'a@b.test, c@d.test' }, 'replyToEmail'],
      [{ replyToEmail: 'a\ud800@b.test' }, 'replyToEmail'],
      [{ replyToEmail: 42 }, 'replyToEmail'],
      [{ senderName: 'Initech\r\nBcc: victim@example.com' }, 'senderName'],
      [{ senderName: 'tab\there' }, 'senderName'],
      [{ senderName: 'x'.repeat(101) }, 'senderName'],
      [{ name: 'bell\u0007' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: null }, 'name'],
      [{ timeZone: 'Europe/Berlin' }, 'timeZone'],
    ];
    for (const [body, field] of cases) {
      const res = await t.request('PATCH', '/organization', { token: admin, body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    }
    expect((await t.request('GET', '/organization', { token: admin })).body).toMatchObject({
      name: 'Test Org',
      senderName: null,
      replyToEmail: null,
    });
  });

  it('e-mails invoices from the sender name and with the Reply-To it sets: one greeting, one date format', async () => {
    const res = await t.request('PATCH', '/organization', {
      token: admin,
      body: { name: 'Initech Support', senderName: '  Initech Accounts  ', replyToEmail: 'accounts@initech.test' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Initech Support', senderName: 'Initech Accounts', replyToEmail: 'accounts@initech.test' });
    const audit = (await t.request('GET', `/audit-events?entityType=organization&entityId=${res.body.id}`, { token: admin })).body.items;
    expect(audit[0]).toMatchObject({
      action: 'organization.updated',
      actor: { name: 'admin@example.com' },
      before: { name: 'Test Org', senderName: null, replyToEmail: null },
      after: { name: 'Initech Support', senderName: 'Initech Accounts', replyToEmail: 'accounts@initech.test' },
    });

    const mail = await emailBill('Hi Bob,\nthanks for a busy January.');
    expect(mail.from?.value).toEqual([{ name: 'Initech Accounts', address: 'billing@rb.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'accounts@initech.test' }]);
    // Issued Jan 31, due 14 days later (overdue or not by the machine's clock): the same words in subject and body.
    expect(mail.subject).toMatch(/^Invoice INV-000001 from Initech Support — (due|overdue since) Feb 14, 2026$/);
    const text = mail.text ?? '';
    expect(text).toContain('Due date: Feb 14, 2026');
    expect(text).toMatch(/(Please pay \$50\.00 by|The balance of \$50\.00 was due on) Feb 14, 2026\./);
    expect(text).toContain('Billing period: Jan 1, 2026 – Jan 31, 2026');
    for (const part of [mail.subject ?? '', text, String(mail.html)]) expect(part).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    // The note greets, so the default greeting steps aside: one greeting, in text and html alike.
    expect(text.split('\n').filter((l) => /^(hello|hi|dear)\b/i.test(l))).toEqual(['Hi Bob,']);
    expect(String(mail.html)).not.toContain('Hello ');
    expect(String(mail.html).match(/Hi Bob,/g)).toHaveLength(1);
  });

  it('greets once itself when the note does not, and goes back to MAIL_FROM and MAIL_REPLY_TO when the settings are cleared', async () => {
    const res = await t.request('PATCH', '/organization', { token: admin, body: { senderName: '', replyToEmail: null } });
    expect(res.body).toMatchObject({ senderName: null, replyToEmail: null });
    const mail = await emailBill('Thanks for your business.');
    expect(mail.from?.value).toEqual([{ name: 'Remote Billing', address: 'billing@rb.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'help@rb.test' }]);
    const text = mail.text ?? '';
    expect(text.split('\n').filter((l) => /^(hello|hi|dear)\b/i.test(l))).toEqual(['Hello Initech Accounts Payable,']);
    expect(text.indexOf('Hello Initech Accounts Payable,')).toBeLessThan(text.indexOf('Thanks for your business.'));
  });
});
