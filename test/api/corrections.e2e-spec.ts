import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extractPdfText, normalizeSpace } from '../../libs/invoicing/src/pdf-text.helper-spec';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp, waitFor } from '../support/smtp';

/**
 * Corrections are documents, and issued documents are archived and sent (issue #15, points 1 and 2). A German MSP
 * bills 100.00 per session at 19 % VAT. On an issued invoice a discount issues a credit note (CN- series) and a
 * charge a supplementary invoice (the invoice series); what is due counts them; voiding issues the credit note for
 * what is open. Issued PDFs are archived: byte-identical after the seller profile, the plan and a payment change.
 * Documents issued for a customer with automatic sending are e-mailed (a draft once it is approved). Every amount
 * is computed by hand in the comment beside it.
 */
const today = () => new Date().toISOString().slice(0, 10); // the bills are in UTC
const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('corrections: credit notes, supplementary invoices, archived PDFs, automatic sending', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let server: http.Server;
  const hooks: { type: string; data: Record<string, any> }[] = [];
  const d: Record<string, string> = {};
  let planId: string;
  let key: string;

  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const get = async (path: string) => (await t.request('GET', path, { token: admin })).body;
  const billOf = async (departmentId: string) => (await get(`/bills?departmentId=${departmentId}`)).items[0] as Record<string, any>;
  const pdf = async (path: string) => {
    const res = await fetch(`${t.api}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    return Buffer.from(await res.arrayBuffer());
  };
  const mailWith = (number: string) =>
    waitFor(async () => smtp.received.find((m) => m.attachments.some((a) => a.filename === `${number}.pdf`)), 60_000);

  beforeAll(async () => {
    smtp = await startSmtp();
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await startTestApp({
      SMTP_URL: smtp.url,
      OUTBOX_CRON: '* * * * * *',
      INVOICE_AUTO_SEND: 'true',
      PDF_ARCHIVE_ENABLED: 'true',
      PDF_ARCHIVE_CRON: '* * * * * *',
      WEBHOOK_ALLOW_PRIVATE_ADDRESSES: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_CRON: '* * * * * *',
      MAIL_FROM: 'Billing <billing@test.local>',
    });
    admin = await t.login();
    const hook = await post('/webhooks', {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
      eventTypes: ['credit_note.issued', 'supplementary_invoice.issued', 'bill.paid'],
    });
    expect(hook.status).toBe(201);
    expect(
      (await t.request('PATCH', '/organization', { token: admin, body: { legalName: 'Muster IT GmbH', vatId: 'DE136695976' } })).status,
    ).toBe(200);
    const vat = (await post('/tax-rates', { name: 'VAT', ratePercent: 19, categoryCode: 'S' })).body.id;
    const dept = async (name: string, extra: Record<string, unknown> = {}) => {
      const res = await post('/departments', { name, ...extra });
      expect(res.status).toBe(201);
      return res.body;
    };
    const a = await dept('Acme');
    expect(a.autoSend).toBe(true); // new customers are sent their documents
    d.A = a.id;
    d.B = (await dept('Reviewed', { reviewDays: 3 })).id;
    d.C = (await dept('Quiet', { autoSend: false })).id;
    const assoc = (departmentId: string) => ({
      departmentId,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 14,
      timeZone: 'UTC',
      billingAddress: { name: 'Customer', line1: 'Street 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      recipients: ['ap@customer.test'],
    });
    const plan = await post('/plans', {
      name: 'Support',
      currency: 'EUR',
      billingType: 'per_session',
      sessionRateMinor: 10_000,
      taxRateIds: [vat],
      associations: [assoc(d.A), assoc(d.B), assoc(d.C)],
    });
    expect(plan.status).toBe(201);
    planId = plan.body.id;
    key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const s = (externalId: string, departmentId: string, day: number) => ({
      externalId,
      departmentId,
      type: 'attended',
      startedAt: `2026-01-${String(day).padStart(2, '0')}T10:00:00Z`,
      endedAt: `2026-01-${String(day).padStart(2, '0')}T10:30:00Z`,
    });
    const sessions = [s('a1', d.A, 5), s('a2', d.A, 6), s('b1', d.B, 7), s('c1', d.C, 8)];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(4);
    expect((await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' })).body.billsCreated).toBe(3);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    server?.close();
  });

  it('an issued invoice is e-mailed at once to a customer with automatic sending, not to one without', async () => {
    // A and C are issued at once (INV-000001, INV-000002 in department order is not promised: read them back).
    const a = await billOf(d.A);
    expect(a).toMatchObject({ status: 'unpaid', netMinor: 20_000, taxMinor: 3800, totalMinor: 23_800, balanceMinor: 23_800 });
    const mail = await mailWith(a.number);
    expect(mail.subject).toContain(a.number);
    const c = await billOf(d.C);
    expect(c.status).toBe('unpaid');
    expect((await get(`/bills/${c.id}/emails`)).items).toEqual([]);
  });

  it('a draft is adjusted, refreshed with a late session, approved, and then e-mailed automatically with its number', async () => {
    const b = await billOf(d.B);
    expect(b).toMatchObject({ status: 'draft', number: null, netMinor: 10_000 });
    expect((await get(`/bills/${b.id}/emails`)).items).toEqual([]);
    // On a draft a charge changes the draft: 100.00 + 10.00 = 110.00 net, 19 % = 20.90, 130.90.
    const charged = await post(`/bills/${b.id}/adjustments`, { type: 'charge', amountMinor: 1000, reason: 'Remote setup' });
    expect(charged.body).toMatchObject({ status: 'draft', netMinor: 11_000, taxMinor: 2090, totalMinor: 13_090, corrections: [] });
    // A January session arrives late; the refresh takes it: 2 × 100.00 + 10.00 = 210.00, 39.90, 249.90.
    const late = {
      externalId: 'b2',
      departmentId: d.B,
      type: 'attended',
      startedAt: '2026-01-20T10:00:00Z',
      endedAt: '2026-01-20T10:20:00Z',
    };
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions: [late] } })).body.accepted).toBe(1);
    const refreshed = await post(`/bills/${b.id}/refresh`);
    expect(refreshed.body).toMatchObject({ status: 'draft', subtotalMinor: 20_000, netMinor: 21_000, taxMinor: 3990, totalMinor: 24_990 });
    const approved = await post(`/bills/${b.id}/approve`);
    expect(approved.body).toMatchObject({ status: 'unpaid', number: 'INV-000003' });
    const mail = await mailWith('INV-000003');
    expect(mail.to).toBeDefined();
    const emails = (await get(`/bills/${b.id}/emails`)).items;
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: 'invoice', correctionId: null, requestedBy: 'automatic sending', to: ['ap@customer.test'] });
  });

  it('an issued PDF is archived: the same bytes after the seller profile, the plan and a payment change; no OVERDUE', async () => {
    const a = await billOf(d.A);
    // The archive worker renders it soon after issue; a download before would archive it at once.
    await waitFor(async () => (await t.dataSource.query(`SELECT 1 FROM document_pdfs WHERE document_id = $1`, [a.id])).length > 0);
    const before = await pdf(`/bills/${a.id}/pdf`);
    expect(before.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.request('PATCH', '/organization', { token: admin, body: { legalName: 'Neuer Name GmbH' } })).status).toBe(200);
    expect((await t.request('PATCH', `/plans/${planId}`, { token: admin, body: { sessionRateMinor: 99_900 } })).status).toBe(200);
    expect((await post(`/bills/${a.id}/payments`, { amountMinor: 1000 })).status).toBe(201);
    const after = await pdf(`/bills/${a.id}/pdf`);
    expect(after.equals(before)).toBe(true);
    const text = normalizeSpace((await extractPdfText(after)).text);
    expect(text).toContain('Muster IT GmbH');
    expect(text).not.toContain('Neuer Name GmbH');
    expect(text).not.toContain('OVERDUE');
    expect(text).not.toContain('€10.00'); // the payment after issue is not on the issued invoice
    expect((await post(`/bills/${a.id}/payments/${(await get(`/bills/${a.id}`)).payments[0].id}/reverse`, { reason: 'test' })).status).toBe(
      201,
    );
  });

  it('a discount on an issued bill issues a credit note; the invoice stays as issued and the balance counts it', async () => {
    const a = await billOf(d.A);
    const res = await post(`/bills/${a.id}/adjustments`, { type: 'discount', percent: 10, reason: 'Goodwill for the outage' });
    expect(res.status).toBe(201);
    // 10 % of 200.00 = 20.00 net, 19 % = 3.80 VAT, 23.80 gross; the invoice's 238.00 stays.
    expect(res.body).toMatchObject({
      number: a.number,
      totalMinor: 23_800,
      adjustmentsMinor: 0,
      creditedMinor: 2380,
      balanceMinor: 21_420,
    });
    expect(res.body.adjustments).toEqual([]);
    expect(res.body.corrections).toHaveLength(1);
    expect(res.body.corrections[0]).toMatchObject({
      type: 'credit_note',
      number: 'CN-000001',
      cause: 'adjustment',
      billId: a.id,
      billNumber: a.number,
      issueDate: today(),
      reason: 'Goodwill for the outage',
      percent: 10,
      fixedAmountMinor: null,
      netMinor: 2000,
      taxMinor: 380,
      totalMinor: 2380,
      taxes: [{ name: 'VAT', categoryCode: 'S', ratePercent: 19, baseMinor: 2000, amountMinor: 380 }],
      lines: [{ kind: 'correction', description: 'Goodwill for the outage', quantity: 1, unit: 'item', amountMinor: 2000 }],
    });
    // Sent automatically, with its own PDF; its webhook event carries it.
    const mail = await mailWith('CN-000001');
    expect(mail.subject).toContain('CN-000001');
    await waitFor(async () => hooks.find((h) => h.type === 'credit_note.issued'));
    expect(hooks.find((h) => h.type === 'credit_note.issued')!.data).toMatchObject({ number: 'CN-000001', totalMinor: 2380 });
  });

  it('a charge on an issued bill issues a supplementary invoice in the invoice series, due as many days later', async () => {
    const a = await billOf(d.A);
    const res = await post(`/bills/${a.id}/adjustments`, { type: 'charge', amountMinor: 5000, reason: 'On-site visit' });
    expect(res.status).toBe(201);
    // 50.00 + 9.50 VAT = 59.50; due: 238.00 + 59.50 − 23.80 = 273.70.
    expect(res.body).toMatchObject({ totalMinor: 23_800, supplementaryMinor: 5950, creditedMinor: 2380, balanceMinor: 27_370 });
    expect(res.body.corrections[1]).toMatchObject({
      type: 'supplementary_invoice',
      number: 'INV-000004',
      issueDate: today(),
      dueDate: plusDays(today(), 14),
      netMinor: 5000,
      taxMinor: 950,
      totalMinor: 5950,
    });
    // Payments go to the original: 100.00 paid leaves 173.70; a credit note above that is refused.
    expect((await post(`/bills/${a.id}/payments`, { amountMinor: 10_000 })).body).toMatchObject({ status: 'unpaid', balanceMinor: 17_370 });
    // 100 % = 200.00 + 38.00 = 238.00 > 173.70
    const tooMuch = await post(`/bills/${a.id}/adjustments`, { type: 'discount', percent: 100, reason: 'x' });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'DISCOUNT_EXCEEDS_TOTAL']);
    const list = await get(`/corrections?billId=${a.id}`);
    expect(list.items.map((c: { number: string }) => c.number)).toEqual(['INV-000004', 'CN-000001']);
    expect((await get(`/corrections?type=credit_note`)).items.map((c: { number: string }) => c.number)).toEqual(['CN-000001']);
  });

  it('each correction has its own archived PDF that names the invoice it corrects', async () => {
    const a = await billOf(d.A);
    const [supp, cn] = (await get(`/corrections?billId=${a.id}`)).items;
    const first = await pdf(`/corrections/${cn.id}/pdf`);
    expect((await pdf(`/corrections/${cn.id}/pdf`)).equals(first)).toBe(true);
    const text = normalizeSpace((await extractPdfText(first)).text);
    expect(text).toContain('CN-000001');
    expect(text).toContain(a.number);
    expect(text).toContain('Goodwill for the outage');
    const suppText = normalizeSpace((await extractPdfText(await pdf(`/corrections/${supp.id}/pdf`))).text);
    expect(suppText).toContain('INV-000004');
    expect(suppText).toContain('On-site visit');
    const missing = await t.request('GET', `/corrections/00000000-0000-4000-8000-000000000000`, { token: admin });
    expect(missing.status).toBe(404);
    // The names of ../shared/API.md: /credit-notes holds the credit notes (a supplementary invoice is not one).
    expect((await get(`/credit-notes?billId=${a.id}`)).items.map((c: { number: string }) => c.number)).toEqual(['CN-000001']);
    expect((await get(`/credit-notes/${cn.id}`)).correctsBillId).toBe(a.id);
    expect((await t.request('GET', `/credit-notes/${supp.id}`, { token: admin })).status).toBe(404);
    expect((await pdf(`/credit-notes/${cn.id}/pdf`)).equals(first)).toBe(true);
  });

  it('voiding an issued bill issues the credit note for what is open; the customer without automatic sending gets no e-mail', async () => {
    const c = await billOf(d.C);
    // 100.00 + 19.00 = 119.00. A 20.00 discount: CN-000002, 20.00 + 3.80 = 23.80.
    const discounted = await post(`/bills/${c.id}/adjustments`, { type: 'discount', amountMinor: 2000, reason: 'Loyalty' });
    expect(discounted.body).toMatchObject({ balanceMinor: 11_900 - 2380 });
    const voided = await post(`/bills/${c.id}/void`, { reason: 'Billed in error' });
    expect(voided.status).toBe(201);
    // Open: 80.00 net, 15.20 VAT (19.00 − 3.80), 95.20 gross → CN-000003; nothing is due after.
    expect(voided.body).toMatchObject({ status: 'void', totalMinor: 11_900, creditedMinor: 11_900, balanceMinor: 0 });
    expect(voided.body.corrections.map((x: Record<string, unknown>) => [x.number, x.cause, x.netMinor, x.taxMinor, x.totalMinor])).toEqual([
      ['CN-000002', 'adjustment', 2000, 380, 2380],
      ['CN-000003', 'void', 8000, 1520, 9520],
    ]);
    const again = await post(`/bills/${c.id}/adjustments`, { type: 'charge', amountMinor: 100, reason: 'x' });
    expect([again.status, again.body.code]).toEqual([409, 'BILL_VOID']);
    expect((await get(`/bills/${c.id}/emails`)).items).toEqual([]);
    // The cancelling credit note can still be sent by hand.
    const sent = await post(`/corrections/${voided.body.corrections[1].id}/email`, {});
    expect(sent.status).toBe(202);
    await mailWith('CN-000003');
    const emails = (await get(`/bills/${c.id}/emails`)).items;
    expect(emails).toMatchObject([{ correctionId: voided.body.corrections[1].id, status: 'sent' }]);
  });

  it('a credit note that leaves nothing due settles the bill, with its bill.paid event; issued bills say state issued', async () => {
    const b = await billOf(d.B); // INV-000003: 210.00 + 39.90 = 249.90, nothing paid
    expect(b).toMatchObject({ state: 'issued', balanceMinor: 24_990 });
    // 100 % of the subtotal (200.00) + 38.00 leaves 11.90 due: not settled yet, no bill.paid.
    const most = await post(`/bills/${b.id}/adjustments`, { type: 'discount', percent: 100, reason: 'Sessions not our fault' });
    expect(most.body).toMatchObject({ status: 'unpaid', creditedMinor: 23_800, balanceMinor: 1190 });
    // 10.00 + 1.90 settles it.
    const all = await post(`/bills/${b.id}/adjustments`, { type: 'discount', amountMinor: 1000, reason: 'Setup not our fault' });
    expect(all.body).toMatchObject({ status: 'paid', creditedMinor: 24_990, balanceMinor: 0, paidMinor: 0 });
    const paid = await waitFor(async () => hooks.find((h) => h.type === 'bill.paid' && h.data.id === b.id));
    expect(paid.data).toMatchObject({ number: 'INV-000003', status: 'paid', balanceMinor: 0 });
    expect(hooks.filter((h) => h.type === 'bill.paid')).toHaveLength(1);
  });

  it('both series are gapless, and a correction is audited on its bill', async () => {
    const cn = await t.dataSource.query(`SELECT sequence FROM corrections WHERE type = 'credit_note' ORDER BY sequence`);
    expect(cn.map((r: { sequence: string }) => Number(r.sequence))).toEqual([1, 2, 3, 4, 5]);
    const invoices = await t.dataSource.query(
      `SELECT sequence FROM bills WHERE sequence IS NOT NULL UNION ALL SELECT sequence FROM corrections WHERE type = 'supplementary_invoice' ORDER BY 1`,
    );
    expect(invoices.map((r: { sequence: string }) => Number(r.sequence))).toEqual([1, 2, 3, 4]);
    const a = await billOf(d.A);
    const audit = await get(`/audit-events?entityId=${a.id}`);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['credit_note.issued', 'supplementary_invoice.issued', 'email.queued']),
    );
  });
});
