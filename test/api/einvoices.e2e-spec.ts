import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream } from '@cantoo/pdf-lib';
import { DOMParser } from '@xmldom/xmldom';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as xpath from 'xpath';
import { startTestApp, TestApp } from '../support/app';
import { startSmtp, TestSmtp, waitFor } from '../support/smtp';

/**
 * E-invoices through the API (issue #16): a German MSP (VAT 19 %) bills hours at 90.00 EUR, in 15-minute increments.
 * Its customers take Peppol BIS 3.0 (with the session statement), XRechnung 3.0 CII (a public buyer with a Leitweg-ID),
 * Factur-X, or nothing. Every figure is computed by hand in the comment beside it; the XML is read with xpath here,
 * not with the code that wrote it.
 */
const NS = {
  ubl: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cn: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};
const select = xpath.useNamespaces(NS);

/** The text of the first node `path` selects in `xml` ('' when none). */
function read(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return {
    text: (path: string) => {
      const nodes = select(path, doc as unknown as Node) as Node[];
      return nodes.length ? (nodes[0].textContent ?? '').trim() : '';
    },
    count: (path: string) => (select(path, doc as unknown as Node) as Node[]).length,
  };
}

/** The embedded files of a PDF (name → bytes) and the AFRelationship of each, read from the catalog's name tree. */
async function embeddedFiles(pdf: Buffer): Promise<Map<string, { bytes: Buffer; relationship: string }>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict);
  const tree = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict);
  const list = tree.lookup(PDFName.of('Names'), PDFArray);
  const out = new Map<string, { bytes: Buffer; relationship: string }>();
  for (let i = 0; i < list.size(); i += 2) {
    const name = (list.lookup(i) as PDFString | PDFHexString).decodeText();
    const spec = list.lookup(i + 1, PDFDict);
    const ef = spec.lookup(PDFName.of('EF'), PDFDict);
    const stream = ef.lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) throw new Error(`${name}: no embedded stream`);
    const relationship = (spec.lookup(PDFName.of('AFRelationship')) as PDFName | undefined)?.decodeText() ?? '';
    out.set(name, { bytes: Buffer.from(decodePDFRawStream(stream).decode()), relationship });
  }
  return out;
}

describe('e-invoices: formats per customer, refusals, stored bytes, e-mail', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  const d: Record<string, string> = {};
  const bill: Record<string, Record<string, any>> = {};

  const post = (path: string, body: unknown = {}) => t.request('POST', path, { token: admin, body });
  const patch = (path: string, body: unknown) => t.request('PATCH', path, { token: admin, body });
  const get = async (path: string) => (await t.request('GET', path, { token: admin })).body;
  const download = async (path: string) => {
    const res = await fetch(`${t.api}${path}`, { headers: { authorization: `Bearer ${admin}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_CRON: '* * * * * *', MAIL_FROM: 'Billing <billing@test.local>' });
    admin = await t.login();
    const org = await patch('/organization', {
      legalName: 'Muster IT-Service GmbH',
      vatId: 'DE136695976',
      address: { line1: 'Hauptstraße 5', city: 'Berlin', postalCode: '10115', country: 'DE' },
      contactEmail: 'rechnung@muster.example',
      phone: '+49 30 1234567',
      iban: 'DE89 3704 0044 0532 0130 00',
      bic: 'COBADEFFXXX',
      electronicAddress: { scheme: '9930', id: 'de136695976' },
    });
    expect(org.status).toBe(200);
    expect(org.body.electronicAddress).toEqual({ scheme: '9930', id: 'DE136695976' }); // normalized
    const vat = (await post('/tax-rates', { name: 'VAT', ratePercent: 19, categoryCode: 'S' })).body.id;
    const dept = async (name: string, extra: Record<string, unknown>) => {
      const res = await post('/departments', { name, autoSend: false, ...extra });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    // 4000001123452: GLN 400000112345 + check digit 2 (odd/even weights 3,1 from the right: Σ = 58, 60 − 58 = 2).
    d.P = await dept('Peppol GmbH', {
      einvoiceFormat: 'peppol',
      electronicAddress: { scheme: '0088', id: '4000001123452' },
      attachSessionStatement: true,
      legalName: 'Peppol Kunde GmbH',
    });
    d.X = await dept('Stadt Musterhausen', {
      einvoiceFormat: 'xrechnung_cii',
      electronicAddress: { scheme: '0204', id: '04011000-1234512345-06' },
    });
    d.F = await dept('Facturx SARL', { einvoiceFormat: 'facturx' });
    d.N = await dept('Plain PDF', {});
    d.R = await dept('Reviewed', { einvoiceFormat: 'peppol', electronicAddress: { scheme: '0088', id: '4000001123452' }, reviewDays: 5 });
    const assoc = (departmentId: string, extra: Record<string, unknown> = {}) => ({
      departmentId,
      billingCycle: 'monthly',
      billStartDate: '2026-01-01',
      dueDays: 14,
      timeZone: 'Europe/Berlin',
      billingAddress: { name: 'Accounts', line1: 'Friedrichstraße 10', city: 'Berlin', postalCode: '10117', country: 'DE' },
      recipients: ['ap@customer.test'],
      ...extra,
    });
    const plan = await post('/plans', {
      name: 'Support hours',
      currency: 'EUR',
      billingType: 'per_hour',
      hourRateMinor: 9000,
      billingIncrementMinutes: 15,
      taxRateIds: [vat],
      associations: [
        assoc(d.P, { purchaseOrder: 'PO-4711' }),
        assoc(d.X, { buyerReference: '04011000-1234512345-06' }),
        assoc(d.F),
        assoc(d.N),
        assoc(d.R),
      ],
    });
    expect(plan.status).toBe(201);
    const key = (await post('/api-keys', { name: 'k', scopes: ['usage:write'] })).body.key;
    const s = (externalId: string, departmentId: string, start: string, end: string, technician = 'anna@muster.example') => ({
      externalId,
      departmentId,
      type: 'attended',
      technician,
      startedAt: start,
      endedAt: end,
    });
    const sessions = [
      // P: 50 min → 60 min billable, 20 min → 30 min: 1.5 h × 90.00 = 135.00
      s('p1', d.P, '2026-01-05T09:00:00Z', '2026-01-05T09:50:00Z'),
      s('p2', d.P, '2026-01-12T14:00:00Z', '2026-01-12T14:20:00Z', 'ben@muster.example'),
      ...[d.X, d.F, d.N, d.R].map((dep, i) => s(`o${i}`, dep, '2026-01-07T10:00:00Z', '2026-01-07T11:00:00Z')), // 1 h: 90.00
    ];
    expect((await t.request('POST', '/sessions/batch', { token: key, body: { sessions } })).body.accepted).toBe(sessions.length);
    expect((await post('/billing-runs', { asOf: '2026-02-01T00:00:00Z' })).body.billsCreated).toBe(5);
    for (const [k, id] of Object.entries(d)) bill[k] = (await get(`/bills?departmentId=${id}`)).items[0];
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('electronic addresses are checked when entered: a wrong check digit is a 400 naming the field', async () => {
    const res = await patch(`/departments/${d.N}`, { electronicAddress: { scheme: '0088', id: '4000001123453' } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['electronicAddress.id']);
    const unknown = await patch(`/departments/${d.N}`, { electronicAddress: { scheme: '1234', id: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('electronicAddress.id');
    expect((await patch(`/departments/${d.N}`, { einvoiceFormat: 'pdf' })).body.errors[0].field).toBe('einvoiceFormat');
    expect((await get(`/departments/${d.N}`)).electronicAddress).toBeNull(); // nothing stored
    expect((await get(`/departments/${d.P}`)).einvoiceFormat).toBe('peppol');
  });

  it('Peppol BIS 3.0: the totals, VAT, endpoints, unit codes and session statement of the bill, the same bytes every time', async () => {
    const b = bill.P;
    expect(b).toMatchObject({ status: 'unpaid', einvoiceFormat: 'peppol', totalMinor: 16_065 }); // 135.00 + 19 % (25.65)
    const first = await download(`/bills/${b.id}/einvoice`);
    expect([first.status, first.type]).toEqual([200, 'application/xml; charset=utf-8']);
    expect(first.disposition).toBe(`attachment; filename="${b.number}-peppol.xml"`);
    const x = read(first.bytes.toString('utf8'));
    expect(x.text('/ubl:Invoice/cbc:CustomizationID')).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(x.text('/ubl:Invoice/cbc:ProfileID')).toBe('urn:fdc:peppol.eu:2017:poacc:billing:01:1.0');
    expect(x.text('/ubl:Invoice/cbc:ID')).toBe(b.number);
    expect(x.text('/ubl:Invoice/cbc:InvoiceTypeCode')).toBe('380');
    expect(x.text('/ubl:Invoice/cbc:IssueDate')).toBe(b.issueDate);
    expect(x.text('/ubl:Invoice/cbc:DueDate')).toBe(b.dueDate);
    expect(x.text('/ubl:Invoice/cac:OrderReference/cbc:ID')).toBe('PO-4711');
    expect(x.text('/ubl:Invoice/cac:InvoicePeriod/cbc:StartDate')).toBe('2026-01-01');
    expect(x.text('/ubl:Invoice/cac:InvoicePeriod/cbc:EndDate')).toBe('2026-01-31');
    expect(x.text('//cac:AccountingSupplierParty/cac:Party/cbc:EndpointID')).toBe('DE136695976');
    expect(x.text('//cac:AccountingSupplierParty/cac:Party/cbc:EndpointID/@schemeID')).toBe('9930');
    expect(x.text('//cac:AccountingCustomerParty/cac:Party/cbc:EndpointID')).toBe('4000001123452');
    expect(x.text('//cac:AccountingCustomerParty/cac:Party/cbc:EndpointID/@schemeID')).toBe('0088');
    expect(x.text('//cac:AccountingCustomerParty//cac:PartyLegalEntity/cbc:RegistrationName')).toBe('Peppol Kunde GmbH');
    expect(x.text('//cac:PaymentMeans/cbc:PaymentMeansCode')).toBe('58');
    expect(x.text('//cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID')).toBe('DE89370400440532013000');
    expect(x.count('//cac:InvoiceLine')).toBe(1);
    expect(x.text('//cac:InvoiceLine/cbc:InvoicedQuantity')).toBe('1.5');
    expect(x.text('//cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode')).toBe('HUR');
    expect(x.text('//cac:InvoiceLine/cac:Price/cbc:PriceAmount')).toBe('90.00');
    expect(x.text('//cac:InvoiceLine/cbc:LineExtensionAmount')).toBe('135.00');
    expect(x.text('//cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory/cbc:ID')).toBe('S');
    expect(x.text('/ubl:Invoice/cac:TaxTotal/cbc:TaxAmount')).toBe('25.65'); // 135.00 × 19 % = 25.65
    expect(x.text('//cac:TaxSubtotal/cbc:TaxableAmount')).toBe('135.00');
    expect(x.text('//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent')).toBe('19');
    expect(x.text('//cac:LegalMonetaryTotal/cbc:LineExtensionAmount')).toBe('135.00');
    expect(x.text('//cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount')).toBe('135.00');
    expect(x.text('//cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount')).toBe('160.65');
    expect(x.text('//cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('160.65');
    // The session statement (BG-24): both sessions with their billable time.
    expect(x.text('//cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject/@mimeCode')).toBe('text/csv');
    const csv = Buffer.from(x.text('//cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject'), 'base64').toString(
      'utf8',
    );
    expect(csv.split('\r\n')).toEqual([
      'session,started_at,ended_at,technician,type,duration_seconds,billable_seconds,billable_hours',
      'p1,2026-01-05T09:00:00.000Z,2026-01-05T09:50:00.000Z,anna@muster.example,attended,3000,3600,1.0000',
      'p2,2026-01-12T14:00:00.000Z,2026-01-12T14:20:00.000Z,ben@muster.example,attended,1200,1800,0.5000',
      '',
    ]);
    // Made once: the seller's address changing afterwards changes nothing.
    expect((await patch('/organization', { phone: '+49 30 7654321' })).status).toBe(200);
    expect((await download(`/bills/${b.id}/einvoice`)).bytes.equals(first.bytes)).toBe(true);
    // Another format on request.
    const ubl = await download(`/bills/${b.id}/einvoice?format=xrechnung_ubl`);
    expect(ubl.status).toBe(409); // the association has no buyer reference: XRechnung needs it
    expect((await download(`/bills/${b.id}/einvoice?format=pdf`)).status).toBe(400);
    // ../shared/API.md's spelling of the XRechnung formats is taken too (same refusal: the same format).
    const hyphen = await download(`/bills/${b.id}/einvoice?format=xrechnung-ubl`);
    expect([hyphen.status, JSON.parse(hyphen.bytes.toString()).code]).toEqual([409, 'BUYER_REFERENCE_MISSING']);
  });

  it('XRechnung 3.0 CII for a public buyer: the Leitweg-ID as buyer reference, the seller contact', async () => {
    const b = bill.X;
    const res = await download(`/bills/${b.id}/einvoice`);
    expect(res.status).toBe(200);
    expect(res.disposition).toContain('-xrechnung-cii.xml');
    const x = read(res.bytes.toString('utf8'));
    expect(x.text('//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID')).toBe(
      'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0',
    );
    expect(x.text('//ram:ApplicableHeaderTradeAgreement/ram:BuyerReference')).toBe('04011000-1234512345-06');
    expect(x.text('//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID')).toBe('04011000-1234512345-06');
    expect(x.text('//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID/@schemeID')).toBe('0204');
    expect(x.text('//ram:SellerTradeParty/ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber')).not.toBe('');
    expect(x.text('//ram:SellerTradeParty/ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID')).toBe(
      'rechnung@muster.example',
    );
    // 1 h × 90.00 = 90.00; 19 % = 17.10; 107.10
    expect(x.text('//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount')).toBe('90.00');
    expect(x.text('//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount')).toBe('17.10');
    expect(x.text('//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount')).toBe('107.10');
    expect(x.text('//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount')).toBe('107.10');
    expect(x.text('//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode')).toBe('58');
  });

  it('Factur-X: the invoice PDF with factur-x.xml inside (PDF/A-3 metadata), still the invoice to a person', async () => {
    const b = bill.F;
    const res = await download(`/bills/${b.id}/einvoice`);
    expect([res.status, res.type]).toEqual([200, 'application/pdf']);
    expect(res.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const files = await embeddedFiles(res.bytes);
    expect([...files.keys()]).toEqual(['factur-x.xml']);
    expect(files.get('factur-x.xml')!.relationship).toBe('Alternative');
    const x = read(files.get('factur-x.xml')!.bytes.toString('utf8'));
    expect(x.text('//rsm:ExchangedDocument/ram:ID')).toBe(b.number);
    expect(x.text('//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID')).toBe('urn:cen.eu:en16931:2017');
    expect(x.text('//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:GrandTotalAmount')).toBe('107.10');
    const text = res.bytes.toString('latin1');
    expect(text).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(text).toMatch(/<fx:ConformanceLevel>EN 16931<\/fx:ConformanceLevel>/);
    expect(text).toMatch(/<fx:DocumentFileName>factur-x\.xml<\/fx:DocumentFileName>/);
    // The printed invoice is the archived PDF's pages: the same page count as the PDF download.
    const plain = await download(`/bills/${b.id}/pdf`);
    expect((await PDFDocument.load(res.bytes)).getPageCount()).toBe((await PDFDocument.load(plain.bytes)).getPageCount());
    if (existsSync('/usr/bin/pdfdetach')) {
      // Debian's poppler-utils, where installed, extracts the same XML.
      const dir = mkdtempSync(join(tmpdir(), 'facturx-'));
      try {
        writeFileSync(join(dir, 'f.pdf'), res.bytes);
        execFileSync('/usr/bin/pdfdetach', ['-saveall', '-o', dir, join(dir, 'f.pdf')]);
        expect(readFileSync(join(dir, 'factur-x.xml')).equals(files.get('factur-x.xml')!.bytes)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('what a format cannot express is refused with a 409 naming what is missing; a draft shows it before it is issued', async () => {
    const none = await download(`/bills/${bill.N.id}/einvoice`);
    expect(none.status).toBe(409);
    expect(JSON.parse(none.bytes.toString()).code).toBe('EINVOICE_FORMAT_NOT_SET');
    const peppol = await t.request('GET', `/bills/${bill.N.id}/einvoice?format=peppol`, { token: admin });
    expect(peppol.status).toBe(409);
    expect(peppol.body.code).toBe('BUYER_ELECTRONIC_ADDRESS_MISSING');
    expect(peppol.body.problems.map((p: { code: string; field: string }) => [p.code, p.field])).toEqual([
      ['BUYER_ELECTRONIC_ADDRESS_MISSING', 'department.electronicAddress'],
      ['BUYER_REFERENCE_MISSING', 'association.buyerReference'],
    ]);
    expect(await get(`/bills/${bill.N.id}/einvoice/problems`)).toEqual({ format: null, problems: [] });
    // The draft of R: no e-invoice yet, and its problems under Peppol (no buyer reference nor purchase order).
    expect(bill.R.status).toBe('draft');
    expect((await t.request('GET', `/bills/${bill.R.id}/einvoice`, { token: admin })).body.code).toBe('BILL_DRAFT');
    const problems = await get(`/bills/${bill.R.id}/einvoice/problems`);
    expect(problems.format).toBe('peppol');
    expect(problems.problems.map((p: { code: string }) => p.code)).toEqual(['BUYER_REFERENCE_MISSING']);
    // Removing the seller's electronic address makes every Peppol and XRechnung document fail at once.
    expect((await patch('/organization', { electronicAddress: null })).body.electronicAddress).toBeNull();
    const x = await get(`/bills/${bill.X.id}/einvoice/problems?format=xrechnung_ubl`);
    expect(x.problems.map((p: { code: string }) => p.code)).toEqual(['SELLER_ELECTRONIC_ADDRESS_MISSING']);
    // …but the XRechnung already made stays the one made.
    expect((await download(`/bills/${bill.X.id}/einvoice`)).status).toBe(200);
    // An e-mail whose e-invoice cannot be made is refused before it is queued.
    const mail = await post(`/bills/${bill.R.id}/approve`);
    expect(mail.status).toBe(201);
    const refused = await post(`/bills/${bill.R.id}/email`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SELLER_ELECTRONIC_ADDRESS_MISSING');
    // An e-mail queued before its e-invoice became impossible (here: written straight to the outbox, as an automatic
    // e-mail is) fails at its first attempt with the problem's code, not retried: only fixed data and a resend help.
    const deliveryId = randomUUID();
    await t.dataSource.query(
      `INSERT INTO email_deliveries (organization_id, id, bill_id, to_addresses, cc_addresses, status, max_attempts, requested_by_name)
       SELECT organization_id, $2, id, ARRAY['ap@customer.test'], ARRAY[]::text[], 'queued', 5, 'test' FROM bills WHERE id = $1`,
      [bill.R.id, deliveryId],
    );
    const failed = await waitFor(async () => {
      const rows: { status: string; attempts: number; last_error: string }[] = await t.dataSource.query(
        'SELECT status, attempts, last_error FROM email_deliveries WHERE id = $1',
        [deliveryId],
      );
      return rows[0]?.status === 'failed' ? rows[0] : undefined;
    }, 30_000);
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/^SELLER_ELECTRONIC_ADDRESS_MISSING: /);
    expect((await patch('/organization', { electronicAddress: { scheme: '9930', id: 'DE136695976' } })).status).toBe(200);
  });

  it('a credit note is a UBL CreditNote referencing its invoice; the invoice e-mail attaches the e-invoice beside the PDF', async () => {
    const b = bill.P;
    // 10 % of 135.00 = 13.50 net; 19 % = 2.565 → 2.57; 16.07
    const res = await post(`/bills/${b.id}/adjustments`, { type: 'discount', percent: 10, reason: 'Goodwill' });
    expect(res.status).toBe(201);
    const cn = res.body.corrections[0];
    expect(cn).toMatchObject({ type: 'credit_note', totalMinor: 1607 });
    const e = await download(`/credit-notes/${cn.id}/einvoice`);
    expect(e.status).toBe(200);
    const x = read(e.bytes.toString('utf8'));
    expect(x.count('/cn:CreditNote')).toBe(1);
    expect(x.text('/cn:CreditNote/cbc:CreditNoteTypeCode')).toBe('381');
    expect(x.text('/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe(b.number);
    expect(x.text('/cn:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate')).toBe(b.issueDate);
    expect(x.text('//cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount')).toBe('13.50');
    expect(x.text('/cn:CreditNote/cac:TaxTotal/cbc:TaxAmount')).toBe('2.57');
    expect(x.text('//cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('16.07');
    expect((await download(`/corrections/${cn.id}/einvoice`)).bytes.equals(e.bytes)).toBe(true);

    // A charge issues a supplementary invoice: an Invoice (380) referencing the invoice, in the customer's format.
    // 20.00 net; 19 % = 3.80; 23.80.
    const charged = await post(`/bills/${b.id}/adjustments`, { type: 'charge', amountMinor: 2000, reason: 'Remote setup' });
    expect(charged.status).toBe(201);
    const supplementary = charged.body.corrections.find((c: { type: string }) => c.type === 'supplementary_invoice');
    const s = await download(`/corrections/${supplementary.id}/einvoice`);
    expect(s.status).toBe(200);
    const sx = read(s.bytes.toString('utf8'));
    expect(sx.text('/ubl:Invoice/cbc:InvoiceTypeCode')).toBe('380');
    expect(sx.text('/ubl:Invoice/cbc:ID')).toBe(supplementary.number);
    expect(sx.text('/ubl:Invoice/cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID')).toBe(b.number);
    expect(sx.text('//cac:LegalMonetaryTotal/cbc:PayableAmount')).toBe('23.80');
    expect(sx.text('/ubl:Invoice/cbc:DueDate')).toBe(supplementary.dueDate);
    expect((await t.request('GET', `/credit-notes/${supplementary.id}/einvoice`, { token: admin })).status).toBe(404); // not a credit note

    expect((await post(`/bills/${b.id}/email`, {})).status).toBe(202);
    const mail = await waitFor(async () => smtp.received.find((m) => m.attachments.some((a) => a.filename === `${b.number}.pdf`)), 60_000);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${b.number}.pdf`, 'application/pdf'],
      [`${b.number}-peppol.xml`, 'application/xml'],
    ]);
    expect(mail.attachments[1].content.equals((await download(`/bills/${b.id}/einvoice`)).bytes)).toBe(true);
  });
});
