import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractPdfText } from '../../libs/invoicing/src/pdf-text.helper-spec';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp, waitFor } from '../support/smtp';

const address = {
  name: 'Initech <b>Billing</b>',
  line1: '4120 Freidrich Ln',
  city: 'Austin',
  region: 'TX',
  postalCode: '78744',
  country: 'US',
};

describe('invoicing: payments, adjustments, void, PDF, e-mail', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let billId: string;
  let secondBill: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      OUTBOX_CRON: '* * * * * *',
      MAIL_RETRY_BASE_SECONDS: '1',
      MAIL_MAX_ATTEMPTS: '3',
      MAIL_FROM: 'Billing <billing@test.local>',
    });
    admin = await t.login();
    const dep = (await t.request('POST', '/departments', { token: admin, body: { name: '<img src=http://127.0.0.1:9/x>' } })).body.id;
    await t.request('POST', '/plans', {
      token: admin,
      body: {
        name: 'Standard',
        currency: 'USD',
        billingType: 'per_session',
        sessionRateMinor: 10000,
        associations: [
          {
            departmentId: dep,
            billingCycle: 'monthly',
            billStartDate: '2026-01-01',
            dueDays: 30,
            billingAddress: address,
            recipients: ['ap@initech.test'],
            timeZone: 'UTC',
          },
        ],
      },
    });
    const key = (await t.request('POST', '/api-keys', { token: admin, body: { name: 'k', scopes: ['usage:write'] } })).body.key;
    const sessions = Array.from({ length: 10 }, (_, i) => ({
      externalId: `s${i}`,
      departmentId: dep,
      type: 'attended',
      startedAt: `2026-01-${10 + i}T10:00:00Z`,
      endedAt: `2026-01-${10 + i}T11:00:00Z`,
    }));
    sessions.push({
      externalId: 'f1',
      departmentId: dep,
      type: 'attended',
      startedAt: '2026-02-10T10:00:00Z',
      endedAt: '2026-02-10T11:00:00Z',
    });
    await t.request('POST', '/sessions/batch', { token: key, body: { sessions } });
    await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-03-01T00:00:00Z' } });
    const bills = (await t.request('GET', '/bills', { token: admin })).body.items.sort((a: any, b: any) =>
      a.periodStart.localeCompare(b.periodStart),
    );
    billId = bills[0].id;
    secondBill = bills[1].id;
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('walks the seed: 10% discount, a fixed charge, paid in two parts, a correct PDF, e-mailed with the PDF, all audited', async () => {
    expect((await t.request('GET', `/bills/${billId}`, { token: admin })).body.totalMinor).toBe(100000);
    const discount = await t.request('POST', `/bills/${billId}/adjustments`, {
      token: admin,
      body: { type: 'discount', percent: 10, reason: 'Loyalty' },
    });
    expect(discount.status).toBe(201);
    // The bill is issued: the discount is a credit note of its own (CN-000001, 100.00); the invoice's 1,000.00 stays.
    expect(discount.body).toMatchObject({
      subtotalMinor: 100000,
      adjustmentsMinor: 0,
      totalMinor: 100000,
      creditedMinor: 10000,
      balanceMinor: 90000,
    });
    expect(discount.body.corrections).toMatchObject([{ type: 'credit_note', number: 'CN-000001', totalMinor: 10000 }]);
    const charge = await t.request('POST', `/bills/${billId}/adjustments`, {
      token: admin,
      body: { type: 'charge', amountMinor: 2550, reason: 'On-site visit' },
    });
    // …and the charge a supplementary invoice (INV-000003: the second bill is INV-000002); due 1,000 − 100 + 25.50.
    expect(charge.body).toMatchObject({
      adjustmentsMinor: 0,
      totalMinor: 100000,
      supplementaryMinor: 2550,
      balanceMinor: 92550,
      status: 'unpaid',
    });
    expect(charge.body.corrections[1]).toMatchObject({ type: 'supplementary_invoice', number: 'INV-000003', totalMinor: 2550 });
    const part = await t.request('POST', `/bills/${billId}/payments`, {
      token: admin,
      body: { amountMinor: 50000, method: 'wire', reference: 'W-1' },
    });
    expect(part.body).toMatchObject({ paidMinor: 50000, balanceMinor: 42550, status: 'unpaid' });
    const rest = await t.request('POST', `/bills/${billId}/payments`, { token: admin, body: {} });
    expect(rest.body).toMatchObject({ paidMinor: 92550, balanceMinor: 0, status: 'paid' });
    expect(rest.body.payments).toHaveLength(2);

    const pdfRes = await fetch(`${t.api}/bills/${billId}/pdf`, { headers: { authorization: `Bearer ${admin}` } });
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    const text = (await extractPdfText(pdf)).text;
    expect(text).toContain('INV-000001');
    expect(text).toContain('$1,000.00'); // the invoice as issued (its corrections are documents of their own)
    expect(text).toContain('<img src=http://127.0.0.1:9/x>');
    expect(text).toContain('Initech <b>Billing</b>');

    const queued = await t.request('POST', `/bills/${billId}/email`, {
      token: admin,
      body: { cc: ['boss@initech.test'], message: 'Thanks <3' },
    });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued' });
    const sent = await waitFor(async () => {
      const list = (await t.request('GET', `/bills/${billId}/emails`, { token: admin })).body.items;
      return list[0]?.status === 'sent' ? list[0] : undefined;
    });
    expect(sent).toMatchObject({ id: queued.body.deliveryId, to: ['ap@initech.test'], attempts: 1, lastError: null });
    const mail = smtp.received.find((m) => m.subject?.includes('INV-000001'))!;
    expect(mail.to?.text).toBe('ap@initech.test');
    expect(mail.cc?.text).toBe('boss@initech.test');
    expect(mail.text).toContain('Thanks <3');
    const attachment = mail.attachments.find((a) => a.contentType === 'application/pdf')!;
    expect(attachment.filename).toBe('INV-000001.pdf');
    expect((await extractPdfText(attachment.content)).text).toContain('INV-000001');

    const audit = await waitFor(async () => {
      const items = (await t.request('GET', `/audit-events?entityType=bill&entityId=${billId}`, { token: admin })).body.items;
      return items.length >= 6 ? items : undefined;
    });
    expect(audit.map((e: { action: string }) => e.action).reverse()).toEqual([
      'credit_note.issued',
      'supplementary_invoice.issued',
      'payment.recorded',
      'payment.recorded',
      'email.queued',
      'email.sent',
    ]);
    expect(audit.find((e: any) => e.action === 'payment.recorded').actor.name).toBe('admin@example.com');
  });

  it('refuses adjustments on a paid bill, and payments above the balance or on a void bill, with codes', async () => {
    const adj = await t.request('POST', `/bills/${billId}/adjustments`, {
      token: admin,
      body: { type: 'charge', amountMinor: 1, reason: 'x' },
    });
    expect(adj.status).toBe(409);
    expect(adj.body.code).toBe('BILL_PAID');
    const over = await t.request('POST', `/bills/${secondBill}/payments`, { token: admin, body: { amountMinor: 10001 } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('PAYMENT_EXCEEDS_BALANCE');
    const tooMuchOff = await t.request('POST', `/bills/${secondBill}/adjustments`, {
      token: admin,
      body: { type: 'discount', amountMinor: 10001, reason: 'x' },
    });
    expect(tooMuchOff.status).toBe(409);
    expect(tooMuchOff.body.code).toBe('DISCOUNT_EXCEEDS_TOTAL');
    const both = await t.request('POST', `/bills/${secondBill}/adjustments`, {
      token: admin,
      body: { type: 'discount', amountMinor: 1, percent: 1, reason: 'x' },
    });
    expect(both.status).toBe(400);
    const badPct = await t.request('POST', `/bills/${secondBill}/adjustments`, {
      token: admin,
      body: { type: 'discount', percent: 12.34567, reason: 'x' },
    });
    expect(badPct.status).toBe(400);
    expect(badPct.body.errors[0].field).toBe('percent');
  });

  it('reverses a mistaken payment with a reason, reopening the bill', async () => {
    const bill = (await t.request('GET', `/bills/${billId}`, { token: admin })).body;
    const res = await t.request('POST', `/bills/${billId}/payments/${bill.payments[1].id}/reverse`, {
      token: admin,
      body: { reason: 'bounced' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'unpaid', paidMinor: 50000, balanceMinor: 42550 });
    expect(res.body.payments[1]).toMatchObject({ reversed: true, reversalReason: 'bounced' });
    const again = await t.request('POST', `/bills/${billId}/payments/${bill.payments[1].id}/reverse`, {
      token: admin,
      body: { reason: 'again' },
    });
    expect(again.body.code).toBe('PAYMENT_ALREADY_REVERSED');
  });

  it('records one payment when two admins confirm at once', async () => {
    const results = await Promise.all([1, 2, 3].map(() => t.request('POST', `/bills/${billId}/payments`, { token: admin, body: {} })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const bill = (await t.request('GET', `/bills/${billId}`, { token: admin })).body;
    expect(bill).toMatchObject({ status: 'paid', balanceMinor: 0, paidMinor: 92550 });
    expect(bill.payments.filter((p: { reversed: boolean }) => !p.reversed)).toHaveLength(2);
  });

  it('voids a bill: no payments, adjustments or e-mails afterwards, and not outstanding', async () => {
    const v = await t.request('POST', `/bills/${secondBill}/void`, { token: admin, body: { reason: 'duplicate customer' } });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ status: 'void', voidReason: 'duplicate customer' });
    expect((await t.request('POST', `/bills/${secondBill}/payments`, { token: admin, body: {} })).body.code).toBe('BILL_VOID');
    expect(
      (await t.request('POST', `/bills/${secondBill}/adjustments`, { token: admin, body: { type: 'charge', amountMinor: 5, reason: 'x' } }))
        .body.code,
    ).toBe('BILL_VOID');
    expect((await t.request('POST', `/bills/${secondBill}/email`, { token: admin, body: {} })).body.code).toBe('BILL_VOID');
    expect((await t.request('GET', '/bills?status=unpaid', { token: admin })).body.items.map((b: { id: string }) => b.id)).not.toContain(
      secondBill,
    );
  });

  it('retries a failing SMTP server with backoff and shows the error, then gives up after the last attempt', async () => {
    smtp.failNext = 1;
    const q = await t.request('POST', `/bills/${billId}/email`, { token: admin, body: { to: ['retry@initech.test'] } });
    const delivered = await waitFor(async () => {
      const d = (await t.request('GET', `/bills/${billId}/emails`, { token: admin })).body.items.find(
        (x: { id: string }) => x.id === q.body.deliveryId,
      );
      return d?.status === 'sent' ? d : undefined;
    });
    expect(delivered.attempts).toBe(2);

    smtp.failNext = 10;
    const q2 = await t.request('POST', `/bills/${billId}/email`, { token: admin, body: { to: ['never@initech.test'] } });
    const failed = await waitFor(async () => {
      const d = (await t.request('GET', `/bills/${billId}/emails`, { token: admin })).body.items.find(
        (x: { id: string }) => x.id === q2.body.deliveryId,
      );
      return d?.status === 'failed' ? d : undefined;
    }, 45_000);
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toContain('451');
    smtp.failNext = 0;
  });

  it('answers 404 for another organization’s bill', async () => {
    const other = await t.createOrganization('Other');
    for (const path of [`/bills/${billId}`, `/bills/${billId}/pdf`, `/bills/${billId}/emails`]) {
      expect((await t.request('GET', path, { token: other.token })).status).toBe(404);
    }
    expect((await t.request('POST', `/bills/${billId}/payments`, { token: other.token, body: {} })).status).toBe(404);
  });
});

describe('invoicing without SMTP_URL', () => {
  it('writes the invoice as an .eml file into MAIL_DIR', async () => {
    const mailDir = `/tmp/rb-mail-${process.pid}-${Date.now()}`;
    const t = await startTestApp({ OUTBOX_CRON: '* * * * * *', MAIL_DIR: mailDir });
    try {
      const admin = await t.login();
      const dep = (await t.request('POST', '/departments', { token: admin, body: { name: 'D' } })).body.id;
      await t.request('POST', '/plans', {
        token: admin,
        body: {
          name: 'P',
          currency: 'EUR',
          billingType: 'per_session',
          sessionRateMinor: 100,
          unattendedDeviceRateMinor: 1,
          associations: [
            {
              departmentId: dep,
              billingCycle: 'weekly',
              billStartDate: '2026-01-05',
              dueDays: 0,
              billingAddress: { name: 'n', line1: 'l', city: 'c', country: 'FR' },
              recipients: ['x@y.test'],
            },
          ],
        },
      });
      await t.request('POST', '/devices', {
        token: admin,
        body: { externalId: 'd', departmentId: dep, name: 'n', enrolledAt: '2026-01-01T00:00:00Z' },
      });
      await t.request('POST', '/billing-runs', { token: admin, body: { asOf: '2026-01-12T00:00:00Z' } });
      const bill = (await t.request('GET', '/bills', { token: admin })).body.items[0];
      const q = await t.request('POST', `/bills/${bill.id}/email`, { token: admin, body: {} });
      await waitFor(async () => {
        const d = (await t.request('GET', `/bills/${bill.id}/emails`, { token: admin })).body.items[0];
        return d?.status === 'sent';
      });
      const files = readdirSync(mailDir);
      expect(files).toEqual([`${q.body.deliveryId}.eml`]);
      const eml = readFileSync(join(mailDir, files[0]), 'utf8');
      expect(eml).toContain('To: x@y.test');
      expect(eml).toContain('application/pdf');
    } finally {
      await t.close();
    }
  });
});
