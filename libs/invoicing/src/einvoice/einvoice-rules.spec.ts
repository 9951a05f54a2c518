/**
 * The project's own rule checks of the e-invoices (issue #16, point 5): every scenario of
 * einvoice-scenarios.helper-spec.ts in every format is generated (`generateEInvoice`), read back by the independent
 * reader of en16931-check.helper-spec.ts (for Factur-X: extracted from the PDF first), checked against the EN 16931
 * rules and those of its CIUS, and its totals, VAT breakdown, lines and allowances/charges are compared with the
 * scenario's hand-computed figures. Then what a format cannot express must be refused (problems.ts).
 *
 * EINVOICE_OUT=<dir> writes every generated file there (`<scenario>.<format>.xml`; Factur-X: `<scenario>.facturx.pdf`
 * and the extracted `<scenario>.facturx.xml`) for the official validators outside the project (CEN EN 16931 1.3.x,
 * Peppol BIS 3.0.x, KoSIT XRechnung 3.0, and a PDF/A validator such as veraPDF for the Factur-X PDF).
 *
 * The first runs found five generator bugs, fixed in generate-einvoice.ts: CII without ApplicableHeaderTradeDelivery,
 * without the preceding invoice (BG-3) and without the session statement (BG-24), unpadded base64 refused, and a net
 * price with more than 2 decimals refused. Each has its test below.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeTaxes } from '@app/billing';
import { FakePdfRenderer } from '../fake-pdf-renderer';
import type { InvoiceDocument } from '../invoice-document';
import { renderInvoiceHtml } from '../invoice-html';
import {
  checkEInvoice,
  Dec,
  parseCsv,
  readEInvoice,
  readFacturXMetadata,
  readFacturXPdf,
  type Cius,
  type EInvoice,
  type FacturXPdf,
  type Violation,
} from './en16931-check.helper-spec';
import { EINVOICE_SCENARIOS, scenarioDocument, STATEMENT, type EInvoiceScenario } from './einvoice-scenarios.helper-spec';
import { EINVOICE_FORMATS, type EInvoiceFormat } from './formats';
import { EInvoiceRefusedError, generateEInvoice } from './generate-einvoice';
import type { EInvoiceProblemCode } from './problems';
import { sessionStatementCsv } from './session-statement';

const CIUS: Readonly<Record<EInvoiceFormat, Cius>> = {
  peppol: 'peppol',
  xrechnung_ubl: 'xrechnung',
  xrechnung_cii: 'xrechnung',
  facturx: 'en16931',
};
interface Generated {
  bytes: Buffer;
  xml: string;
  read: EInvoice;
  /** Factur-X: the input PDF and the output read back */
  inputPdf?: FacturXPdf;
  pdf?: FacturXPdf;
}

async function pdfOf(doc: InvoiceDocument): Promise<Buffer> {
  return new FakePdfRenderer().render(renderInvoiceHtml(doc));
}

async function generate(doc: InvoiceDocument, format: EInvoiceFormat): Promise<Generated> {
  if (format !== 'facturx') {
    const out = await generateEInvoice(doc, format);
    const xml = out.bytes.toString('utf8');
    return { bytes: out.bytes, xml, read: readEInvoice(xml) };
  }
  const input = await pdfOf(doc);
  const out = await generateEInvoice(doc, format, input);
  const pdf = await readFacturXPdf(out.bytes);
  const xml = pdf.embeddedFiles.find((f) => f.name === 'factur-x.xml')?.content.toString('utf8') ?? '';
  return { bytes: out.bytes, xml, read: readEInvoice(xml), inputPdf: await readFacturXPdf(input), pdf };
}

/** The checks of a scenario's own expectations that the rules cannot know: BT-3 and its UBL root, BG-3, BG-24, BT-10/34/49. */
function expectationViolations(scenario: EInvoiceScenario, read: EInvoice): Violation[] {
  const out: Violation[] = [];
  const need = (rule: string, ok: boolean, message: string) => {
    if (!ok) out.push({ rule, message });
  };
  const { doc, expected } = scenario;
  need('BT-3', read.typeCode === expected.typeCode, `BT-3 ${read.typeCode}, expected ${expected.typeCode}`);
  if (read.syntax === 'UBL') {
    need(
      'BT-3',
      read.root === (expected.typeCode === '381' ? 'CreditNote' : 'Invoice'),
      `UBL root ${read.root} for BT-3 ${expected.typeCode}`,
    );
  }
  const preceding = expected.precedingInvoice;
  need(
    'BG-3',
    preceding
      ? read.precedingInvoices.length === 1 &&
          read.precedingInvoices[0].number === preceding.number &&
          read.precedingInvoices[0].issueDate === preceding.issueDate
      : read.precedingInvoices.length === 0,
    `BG-3 ${JSON.stringify(read.precedingInvoices)}, expected ${JSON.stringify(preceding ?? null)}`,
  );
  need('BT-10', read.buyerReference === doc.buyer.buyerReference, `BT-10 ${read.buyerReference}`);
  const same = (a: EInvoice['seller']['electronicAddress'], b: InvoiceDocument['seller']['electronicAddress']) =>
    b ? a?.scheme === b.scheme && a.id === b.id : a === null;
  need(
    'BT-34',
    same(read.seller.electronicAddress, doc.seller.electronicAddress),
    `BT-34 ${JSON.stringify(read.seller.electronicAddress)}`,
  );
  need('BT-49', same(read.buyer.electronicAddress, doc.buyer.electronicAddress), `BT-49 ${JSON.stringify(read.buyer.electronicAddress)}`);
  out.push(...statementViolations(read, expected.sessions));
  return out;
}

/** BG-24: one CSV attachment listing every session (id, start, end, technician, billable seconds), or none. */
function statementViolations(read: EInvoice, sessions: EInvoiceScenario['expected']['sessions']): Violation[] {
  if (!sessions)
    return read.attachments.length === 0 ? [] : [{ rule: 'BG-24', message: `unexpected attachments ${read.attachments.length}` }];
  if (read.attachments.length !== 1)
    return [{ rule: 'BG-24', message: `${read.attachments.length} attachments, expected the session statement` }];
  const [a] = read.attachments;
  const out: Violation[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) out.push({ rule: 'BG-24', message });
  };
  need(a.mimeCode === 'text/csv', `mime code ${a.mimeCode}`);
  need(/\.csv$/.test(a.filename ?? ''), `file name ${a.filename}`);
  need(read.syntax === 'UBL' || a.typeCode === '916', `CII attachment type code ${a.typeCode}, expected 916 (supporting document)`);
  const rows = parseCsv(Buffer.from(a.content ?? '', 'base64').toString('utf8'));
  const [header, ...body] = rows;
  const col = (name: string) => header?.indexOf(name) ?? -1;
  for (const name of ['session', 'started_at', 'ended_at', 'technician', 'billable_seconds'])
    need(col(name) >= 0, `CSV has no column ${name}`);
  need(body.length === sessions.length, `CSV has ${body.length} rows for ${sessions.length} sessions`);
  for (const s of sessions) {
    const row = body.find((r) => r[col('session')] === s.externalId);
    need(
      row !== undefined &&
        row[col('started_at')] === s.startedAt &&
        row[col('ended_at')] === s.endedAt &&
        row[col('technician')] === (s.technician ?? '') &&
        row[col('billable_seconds')] === String(s.billableSeconds),
      `CSV row of ${s.externalId}: ${JSON.stringify(row)}`,
    );
  }
  return out;
}

function violations(scenario: EInvoiceScenario, format: EInvoiceFormat, g: Generated): Violation[] {
  return [...checkEInvoice(g.read, CIUS[format]), ...expectationViolations(scenario, g.read)];
}

/** The figures read, in the shape of the scenario's expectations. */
function figures(read: EInvoice) {
  const rate = (d: Dec | null) => (d === null ? null : String(Number(d.toString())));
  return {
    totals: {
      lineNet: read.totals.lineNet?.text ?? null,
      allowances: read.totals.allowances?.text ?? null,
      charges: read.totals.charges?.text ?? null,
      taxExclusive: read.totals.taxExclusive?.text ?? null,
      tax: read.totals.tax?.text ?? null,
      taxInclusive: read.totals.taxInclusive?.text ?? null,
      payable: read.totals.payable?.text ?? null,
    },
    vat: read.vat.map((g) => ({
      category: g.category,
      rate: rate(g.rate),
      base: g.taxable.text,
      tax: g.tax.text,
      ...(g.exemptionReason !== null && { exemptionReason: g.exemptionReason }),
      ...(g.exemptionReasonCode !== null && { exemptionReasonCode: g.exemptionReasonCode }),
    })),
    lines: read.lines.map((l) => ({
      unitCode: l.unitCode,
      quantity: l.quantityText,
      price: l.priceText,
      net: l.net?.text ?? null,
      category: l.category,
      rate: rate(l.rate),
    })),
    allowanceCharges: read.allowanceCharges.map((a) => ({
      charge: a.charge,
      amount: a.amount.text,
      category: a.category,
      rate: rate(a.rate),
      reason: a.reason,
    })),
  };
}

/** What each scenario × format generated (or the error it threw, thrown again by `get`). */
const generated = new Map<string, Generated | { error: unknown }>();
const key = (scenario: string, format: EInvoiceFormat) => `${scenario}.${format}`;
const get = (scenario: string, format: EInvoiceFormat): Generated => {
  const g = generated.get(key(scenario, format));
  if (!g) throw new Error(`${key(scenario, format)} was not generated`);
  if ('error' in g) throw g.error;
  return g;
};

beforeAll(async () => {
  const out = process.env.EINVOICE_OUT;
  if (out) mkdirSync(out, { recursive: true });
  for (const scenario of EINVOICE_SCENARIOS) {
    for (const format of EINVOICE_FORMATS) {
      const g = await generate(structuredClone(scenario.doc), format).catch((error: unknown) => ({ error }));
      generated.set(key(scenario.name, format), g);
      if (out && !('error' in g)) {
        if (format === 'facturx') writeFileSync(join(out, `${scenario.name}.facturx.pdf`), g.bytes);
        writeFileSync(join(out, `${scenario.name}.${format}.xml`), g.xml);
      }
    }
  }
});

describe.each(EINVOICE_SCENARIOS)('e-invoice of $name', (scenario) => {
  describe.each(EINVOICE_FORMATS)('as %s', (format) => {
    it(`passes the EN 16931 rules and those of its CIUS`, () => {
      expect(violations(scenario, format, get(scenario.name, format))).toEqual([]);
    });

    it('carries the hand-computed totals, VAT breakdown, lines and allowances/charges', () => {
      const { expected } = scenario;
      expect(figures(get(scenario.name, format).read)).toEqual({
        totals: expected.totals,
        vat: expected.vat,
        lines: expected.lines,
        allowanceCharges: expected.allowanceCharges,
      });
    });
  });
});

describe('the several-rates scenario', () => {
  it('has the tax sets and groups libs/billing computes for its lines and discount', () => {
    const doc = scenarioDocument('several-rates');
    const breakdown = computeTaxes({
      currency: 'EUR',
      treatment: 'standard',
      lines: [
        { netMinor: 80000, taxes: [{ name: 'MwSt. 19 %', ratePercent: 19, categoryCode: 'S' }] },
        { netMinor: 9999, taxes: [{ name: 'MwSt. 7 %', ratePercent: 7, categoryCode: 'S' }] },
      ],
      adjustmentsMinor: [-5000],
    });
    expect(breakdown.taxSets.map(({ taxes, lines, adjustmentSharesMinor }) => ({ taxes, lines, adjustmentSharesMinor }))).toEqual(
      doc.taxSets,
    );
    expect(breakdown.taxes.map((t) => [t.baseMinor, t.amountMinor])).toEqual(doc.taxes.map((t) => [t.baseMinor, t.amountMinor]));
    expect([breakdown.netMinor, breakdown.taxMinor, breakdown.grossMinor]).toEqual([84999, 15017, 100016]);
  });
});

describe('Factur-X', () => {
  it.each(EINVOICE_SCENARIOS.map((s) => s.name))('%s: is the invoice PDF with factur-x.xml attached as Factur-X requires', (name) => {
    const g = get(name, 'facturx');
    const input = g.inputPdf!;
    const pdf = g.pdf!;
    // the PDF given is a real one, and the result is still it (same pages) to a person
    expect(input.header).toMatch(/^%PDF-1\.[0-7]/);
    expect(input.pageCount).toBeGreaterThanOrEqual(1);
    expect(pdf.header).toMatch(/^%PDF-1\.[0-7]/);
    expect(pdf.pageCount).toBe(input.pageCount);
    // one associated file factur-x.xml, text/xml, related as Alternative (or Data), listed in the catalog's /AF
    expect(pdf.embeddedFiles.map((f) => ({ ...f, content: f.content.length > 0 }))).toEqual([
      {
        name: 'factur-x.xml',
        fileName: 'factur-x.xml',
        unicodeFileName: 'factur-x.xml',
        afRelationship: expect.stringMatching(/^(Alternative|Data)$/),
        subtype: 'text/xml',
        inCatalogAF: true,
        content: true,
      },
    ]);
    // XMP: PDF/A-3 and the Factur-X extension schema with its four properties, EN 16931 conformance level
    const xmp = readFacturXMetadata(pdf.xmp ?? '');
    expect(xmp).toMatchObject({
      pdfaPart: '3',
      pdfaConformance: expect.stringMatching(/^[ABU]$/),
      documentType: 'INVOICE',
      documentFileName: 'factur-x.xml',
      version: '1.0',
      conformanceLevel: 'EN 16931',
    });
    expect(xmp.extensionSchemas).toContainEqual({
      schema: expect.any(String),
      namespaceURI: 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#',
      prefix: 'fx',
      properties: expect.arrayContaining(['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']),
    });
    // the embedded XML is the CII the rules were checked on
    expect(g.read.syntax).toBe('CII');
  });

  it('needs no electronic address (EN 16931 alone)', async () => {
    const doc = scenarioDocument('standard');
    doc.seller.electronicAddress = null;
    doc.buyer.electronicAddress = null;
    const g = await generate(doc, 'facturx');
    expect(checkEInvoice(g.read, 'en16931')).toEqual([]);
  });
});

describe('fixed generator bugs', () => {
  it('a session statement whose CSV is a multiple of 3 bytes long (base64 without padding) is generated', async () => {
    // @e-invoice-eu/core 2.3.4's pattern for a binary object demanded base64 padding ("=" or "=="): an attachment of
    // 3n bytes (valid base64 without padding) made generateEInvoice throw (generate-einvoice.ts allowUnpaddedBase64)
    const doc = scenarioDocument('session-statement');
    const rows = [0, 1, 2].map((extra) => [{ ...STATEMENT[0], externalId: `S-${'1'.repeat(extra + 1)}` }]);
    doc.sessionStatement = rows.find((r) => Buffer.byteLength(sessionStatementCsv(r)) % 3 === 0)!;
    for (const format of EINVOICE_FORMATS) {
      const g = await generate(doc, format);
      expect(statementViolations(g.read, doc.sessionStatement)).toEqual([]);
    }
  });
});

describe('what a format cannot express is refused, nothing produced (problems.ts)', () => {
  const withTaxes = (taxes: InvoiceDocument['taxes'], taxSets?: InvoiceDocument['taxSets']) => (doc: InvoiceDocument) => {
    doc.taxes = taxes;
    doc.taxSets = taxSets;
  };
  const cases: {
    label: string;
    scenario: string;
    change: (doc: InvoiceDocument) => void;
    formats: readonly EInvoiceFormat[];
    code: EInvoiceProblemCode;
  }[] = [
    {
      label: 'two taxes on a line (GST + PST)',
      scenario: 'standard',
      change: withTaxes([
        { name: 'GST', categoryCode: 'S', ratePercent: 5, baseMinor: 38050, amountMinor: 1903, exemptionReason: null },
        { name: 'PST', categoryCode: 'S', ratePercent: 7, baseMinor: 38050, amountMinor: 2664, exemptionReason: null },
      ]),
      formats: EINVOICE_FORMATS,
      code: 'TWO_TAXES_ON_LINE',
    },
    {
      label: 'a currency with 3 decimals (BHD)',
      scenario: 'standard',
      change: (doc) => {
        doc.bill.currency = 'BHD';
      },
      formats: EINVOICE_FORMATS,
      code: 'CURRENCY_DECIMALS',
    },
    {
      label: 'XRechnung without the buyer reference (BR-DE-15)',
      scenario: 'standard',
      change: (doc) => {
        doc.buyer.buyerReference = null;
      },
      formats: ['xrechnung_ubl', 'xrechnung_cii'],
      code: 'BUYER_REFERENCE_MISSING',
    },
    {
      // 04011000-1234512345-06 is valid (MOD 97-10 gives 1); -07 leaves 2
      label: 'XRechnung with a Leitweg-ID whose check digits are wrong',
      scenario: 'standard',
      change: (doc) => {
        doc.buyer.buyerReference = '04011000-1234512345-07';
      },
      formats: ['xrechnung_ubl', 'xrechnung_cii'],
      code: 'BUYER_REFERENCE_INVALID',
    },
    {
      label: 'Peppol with neither buyer reference nor purchase order (PEPPOL-EN16931-R003)',
      scenario: 'standard',
      change: (doc) => {
        doc.buyer.buyerReference = null;
        doc.buyer.purchaseOrder = null;
      },
      formats: ['peppol'],
      code: 'BUYER_REFERENCE_MISSING',
    },
    {
      label: "without the seller's electronic address (PEPPOL-EN16931-R020)",
      scenario: 'standard',
      change: (doc) => {
        doc.seller.electronicAddress = null;
      },
      formats: ['peppol', 'xrechnung_ubl', 'xrechnung_cii'],
      code: 'SELLER_ELECTRONIC_ADDRESS_MISSING',
    },
    {
      label: "without the buyer's electronic address (PEPPOL-EN16931-R010)",
      scenario: 'standard',
      change: (doc) => {
        doc.buyer.electronicAddress = null;
      },
      formats: ['peppol', 'xrechnung_ubl', 'xrechnung_cii'],
      code: 'BUYER_ELECTRONIC_ADDRESS_MISSING',
    },
    {
      label: "reverse charge without the buyer's VAT ID (BR-AE-02)",
      scenario: 'reverse-charge',
      change: (doc) => {
        doc.buyer.vatId = null;
      },
      formats: EINVOICE_FORMATS,
      code: 'BUYER_VAT_ID_MISSING',
    },
    {
      label: 'category O beside S (BR-O-11)',
      scenario: 'standard',
      change: withTaxes(
        [
          { name: 'MwSt.', categoryCode: 'S', ratePercent: 19, baseMinor: 34035, amountMinor: 6467, exemptionReason: null },
          { name: 'Not subject', categoryCode: 'O', ratePercent: 0, baseMinor: 4015, amountMinor: 0, exemptionReason: 'Outside the scope' },
        ],
        [
          { taxes: [0], lines: [0], adjustmentSharesMinor: [-3800, 2405] },
          { taxes: [1], lines: [1], adjustmentSharesMinor: [-150, 95] },
        ],
      ),
      formats: EINVOICE_FORMATS,
      code: 'OUTSIDE_SCOPE_MIXED',
    },
    {
      label: 'an untaxed bill (BR-CO-18)',
      scenario: 'standard',
      change: (doc) => {
        doc.taxTreatment = 'none';
        doc.taxes = [];
      },
      formats: EINVOICE_FORMATS,
      code: 'UNTAXED',
    },
  ];

  it.each(cases.flatMap((c) => c.formats.map((format) => ({ ...c, format }))))(
    '$label: $format → $code',
    async ({ scenario, change, format, code }) => {
      const doc = scenarioDocument(scenario);
      change(doc);
      const pdf = await pdfOf(scenarioDocument(scenario));
      const before = Buffer.from(pdf);
      const error: unknown = await generateEInvoice(doc, format, pdf).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EInvoiceRefusedError);
      const refused = error as EInvoiceRefusedError;
      expect(refused.code).toBe(code);
      expect(refused.format).toBe(format);
      expect(refused.problems[0].code).toBe(code);
      expect(pdf.equals(before)).toBe(true); // the PDF given is left as it was
    },
  );
});

describe('the checker catches what it checks (one change to a valid document, one rule broken)', () => {
  const csvOf = (xml: string) => /filename="[^"]+\.csv">([^<]+)</.exec(xml)?.[1] ?? '';
  const editCsv = (from: string, to: string) => (xml: string) => {
    const base64 = csvOf(xml);
    return xml.replace(base64, Buffer.from(Buffer.from(base64, 'base64').toString('utf8').replace(from, to)).toString('base64'));
  };
  const cases: { rule: string; scenario: string; format: EInvoiceFormat; edit: (xml: string) => string }[] = [
    {
      rule: 'BR-CO-10',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>380.00</cbc:LineExtensionAmount>', '>380.01</cbc:LineExtensionAmount>'),
    },
    {
      rule: 'BR-CO-11',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>39.50</cbc:AllowanceTotalAmount>', '>39.40</cbc:AllowanceTotalAmount>'),
    },
    {
      rule: 'BR-CO-12',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:ChargeTotalAmount>25.00<', '<ram:ChargeTotalAmount>25.10<'),
    },
    {
      rule: 'BR-CO-13',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>380.50</cbc:TaxExclusiveAmount>', '>380.60</cbc:TaxExclusiveAmount>'),
    },
    {
      rule: 'BR-CO-14',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('currencyID="EUR">72.30<', 'currencyID="EUR">72.31<'),
    },
    {
      rule: 'BR-CO-15',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>452.80</cbc:TaxInclusiveAmount>', '>452.81</cbc:TaxInclusiveAmount>'),
    },
    {
      rule: 'BR-CO-15',
      scenario: 'standard',
      format: 'facturx',
      edit: (x) => x.replace('<ram:TaxTotalAmount currencyID="EUR">', '<ram:TaxTotalAmount>'),
    },
    {
      rule: 'XSD-CII-date',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<udt:DateTimeString format="102">20261130<', '<udt:DateTimeString format="102">2026-11-30<'),
    },
    {
      rule: 'BR-CO-16',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:DuePayableAmount>452.80<', '<ram:DuePayableAmount>452.70<'),
    },
    {
      rule: 'BR-CO-17',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replaceAll('currencyID="EUR">72.30<', 'currencyID="EUR">72.29<'),
    },
    { rule: 'BR-CO-18', scenario: 'exempt', format: 'peppol', edit: (x) => x.replace(/<cac:TaxSubtotal>[\s\S]*<\/cac:TaxSubtotal>/, '') },
    {
      rule: 'BR-S-08',
      scenario: 'several-rates',
      format: 'peppol',
      edit: (x) => x.replace('>755.56</cbc:TaxableAmount>', '>755.57</cbc:TaxableAmount>'),
    },
    {
      rule: 'BR-S-08',
      scenario: 'several-rates',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:ActualAmount>5.56<', '<ram:ActualAmount>5.55<'),
    },
    {
      rule: 'BR-S-05',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace(/(<cac:ClassifiedTaxCategory>\s*<cbc:ID>S<\/cbc:ID>\s*<cbc:Percent>)19</, '$10<'),
    },
    {
      rule: 'BR-AE-08',
      scenario: 'reverse-charge',
      format: 'peppol',
      edit: (x) => x.replace('>855.00</cbc:TaxableAmount>', '>900.00</cbc:TaxableAmount>'),
    },
    {
      rule: 'BR-AE-10',
      scenario: 'reverse-charge',
      format: 'peppol',
      edit: (x) => x.replace(/<cbc:TaxExemptionReason(Code)?>[^<]*<\/cbc:TaxExemptionReason(Code)?>/g, ''),
    },
    {
      rule: 'BR-AE-02',
      scenario: 'reverse-charge',
      format: 'xrechnung_cii',
      edit: (x) =>
        x.replace(/<ram:SpecifiedTaxRegistration>\s*<ram:ID schemeID="VA">FR[^<]*<\/ram:ID>\s*<\/ram:SpecifiedTaxRegistration>/, ''),
    },
    {
      rule: 'BR-E-08',
      scenario: 'exempt',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:BasisAmount>300.00<', '<ram:BasisAmount>299.00<'),
    },
    {
      rule: 'BR-E-10',
      scenario: 'exempt',
      format: 'xrechnung_cii',
      edit: (x) => x.replace(/<ram:ExemptionReason>[^<]*<\/ram:ExemptionReason>/, ''),
    },
    {
      rule: 'BR-G-08',
      scenario: 'export',
      format: 'peppol',
      edit: (x) => x.replace('>160.00</cbc:TaxableAmount>', '>145.00</cbc:TaxableAmount>'),
    },
    {
      rule: 'BR-G-10',
      scenario: 'export',
      format: 'facturx',
      edit: (x) => x.replace(/<ram:ExemptionReason(Code)?>[^<]*<\/ram:ExemptionReason(Code)?>/g, ''),
    },
    {
      rule: 'BR-G-05',
      scenario: 'export',
      format: 'peppol',
      edit: (x) => x.replace(/(<cac:ClassifiedTaxCategory>\s*<cbc:ID>G<\/cbc:ID>\s*<cbc:Percent>)0</, '$119<'),
    },
    {
      rule: 'BR-DEC-09',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>395.00</cbc:LineExtensionAmount>', '>395.000</cbc:LineExtensionAmount>'),
    },
    {
      rule: 'BR-DEC-19',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:BasisAmount>380.50<', '<ram:BasisAmount>380.500<'),
    },
    {
      rule: 'BR-DEC-23',
      scenario: 'standard',
      format: 'facturx',
      edit: (x) => x.replace('<ram:LineTotalAmount>15.00<', '<ram:LineTotalAmount>15.001<'),
    },
    {
      rule: 'PEPPOL-EN16931-R120',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>95.00</cbc:PriceAmount>', '>95.01</cbc:PriceAmount>'),
    },
    {
      rule: 'PEPPOL-EN16931-R001',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace(/<cbc:ProfileID>[^<]*<\/cbc:ProfileID>/, ''),
    },
    {
      rule: 'PEPPOL-EN16931-R003',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) =>
        x.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '').replace(/<cac:OrderReference>[\s\S]*?<\/cac:OrderReference>/, ''),
    },
    {
      rule: 'PEPPOL-EN16931-R004',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('poacc:billing:3.0</cbc:CustomizationID>', 'poacc:billing:2.0</cbc:CustomizationID>'),
    },
    {
      rule: 'PEPPOL-EN16931-R008',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('<cbc:BuyerReference>', '<cbc:Note/><cbc:BuyerReference>'),
    },
    {
      rule: 'PEPPOL-EN16931-R010',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace(/<cbc:EndpointID schemeID="0204">[^<]*<\/cbc:EndpointID>/, ''),
    },
    {
      rule: 'PEPPOL-EN16931-R020',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace(/<cbc:EndpointID schemeID="9930">[^<]*<\/cbc:EndpointID>/, ''),
    },
    {
      rule: 'PEPPOL-EN16931-R051',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('currencyID="EUR">15.00<', 'currencyID="USD">15.00<'),
    },
    { rule: 'PEPPOL-EN16931-CL008', scenario: 'standard', format: 'peppol', edit: (x) => x.replace('schemeID="9930"', 'schemeID="0147"') },
    {
      rule: 'PEPPOL-COMMON-R040',
      scenario: 'several-rates',
      format: 'peppol',
      edit: (x) => x.replace('>4000001000005<', '>4000001000006<'),
    },
    {
      rule: 'BR-DE-1',
      scenario: 'standard',
      format: 'xrechnung_ubl',
      edit: (x) => x.replace(/<cac:PaymentMeans>[\s\S]*<\/cac:PaymentMeans>/, ''),
    },
    {
      rule: 'BR-DE-2',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace(/<ram:DefinedTradeContact>[\s\S]*<\/ram:DefinedTradeContact>/, ''),
    },
    {
      rule: 'BR-DE-4',
      scenario: 'standard',
      format: 'xrechnung_ubl',
      edit: (x) => x.replace('<cbc:PostalZone>10115</cbc:PostalZone>', ''),
    },
    {
      rule: 'BR-DE-6',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace(/<ram:TelephoneUniversalCommunication>[\s\S]*?<\/ram:TelephoneUniversalCommunication>/, ''),
    },
    {
      rule: 'BR-DE-7',
      scenario: 'standard',
      format: 'xrechnung_ubl',
      edit: (x) => x.replace(/<cbc:ElectronicMail>[^<]*<\/cbc:ElectronicMail>/, ''),
    },
    {
      rule: 'BR-DE-9',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:PostcodeCode>10117</ram:PostcodeCode>', ''),
    },
    {
      rule: 'BR-DE-14',
      scenario: 'exempt',
      format: 'xrechnung_ubl',
      edit: (x) => x.replace(/(<cac:TaxSubtotal>[\s\S]*?)<cbc:Percent>0<\/cbc:Percent>/, '$1'),
    },
    {
      rule: 'BR-DE-15',
      scenario: 'standard',
      format: 'xrechnung_ubl',
      edit: (x) => x.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, ''),
    },
    { rule: 'BR-DE-21', scenario: 'standard', format: 'xrechnung_cii', edit: (x) => x.replace('xrechnung_3.0<', 'xrechnung_2.3<') },
    {
      rule: 'XR-BT-49',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace(/<ram:URIUniversalCommunication>\s*<ram:URIID schemeID="0204">[\s\S]*?<\/ram:URIUniversalCommunication>/, ''),
    },
    {
      rule: 'FX-BT-24',
      scenario: 'standard',
      format: 'facturx',
      edit: (x) => x.replace('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>', '<ram:ID>urn:factur-x.eu:1p0:basic</ram:ID>'),
    },
    {
      rule: 'BR-CL-01',
      scenario: 'credit-note',
      format: 'peppol',
      edit: (x) => x.replace('>381</cbc:CreditNoteTypeCode>', '>380</cbc:CreditNoteTypeCode>'),
    },
    {
      rule: 'BR-CL-04',
      scenario: 'standard',
      format: 'xrechnung_cii',
      edit: (x) => x.replace('<ram:InvoiceCurrencyCode>EUR<', '<ram:InvoiceCurrencyCode>EUX<'),
    },
    {
      rule: 'BR-CL-14',
      scenario: 'export',
      format: 'peppol',
      edit: (x) => x.replace('<cbc:IdentificationCode>US<', '<cbc:IdentificationCode>XX<'),
    },
    {
      rule: 'BR-CL-16',
      scenario: 'standard',
      format: 'peppol',
      edit: (x) => x.replace('>58</cbc:PaymentMeansCode>', '>99</cbc:PaymentMeansCode>'),
    },
    { rule: 'BR-CL-17', scenario: 'exempt', format: 'peppol', edit: (x) => x.replace(/(<cac:TaxSubtotal>[\s\S]*?<cbc:ID>)E</, '$1Q<') },
    { rule: 'BR-CL-23', scenario: 'standard', format: 'peppol', edit: (x) => x.replace('unitCode="HUR"', 'unitCode="HOUR"') },
    { rule: 'BR-CL-25', scenario: 'standard', format: 'xrechnung_cii', edit: (x) => x.replace('schemeID="9930"', 'schemeID="9999"') },
    { rule: 'XSD-UBL-root', scenario: 'credit-note', format: 'peppol', edit: (x) => x.replaceAll('CreditNoteTypeCode', 'InvoiceTypeCode') },
    {
      rule: 'XSD-UBL-lines',
      scenario: 'credit-note',
      format: 'xrechnung_ubl',
      edit: (x) => x.replaceAll('CreditedQuantity', 'InvoicedQuantity'),
    },
    { rule: 'BT-3', scenario: 'credit-note', format: 'xrechnung_cii', edit: (x) => x.replace('<ram:TypeCode>381<', '<ram:TypeCode>380<') },
    {
      rule: 'BG-3',
      scenario: 'credit-note',
      format: 'peppol',
      edit: (x) => x.replace(/<cac:BillingReference>[\s\S]*<\/cac:BillingReference>/, ''),
    },
    { rule: 'BG-24', scenario: 'session-statement', format: 'peppol', edit: editCsv('S-20261110-07', 'S-20261110-08') },
    { rule: 'BG-24', scenario: 'session-statement', format: 'xrechnung_ubl', edit: editCsv('"Müller, Anna"', 'Müller') },
  ];

  it.each(cases)('$rule ($scenario as $format)', ({ rule, scenario, format, edit }) => {
    const g = get(scenario, format);
    const xml = edit(g.xml);
    expect(xml).not.toBe(g.xml);
    const found = violations(
      EINVOICE_SCENARIOS.find((s) => s.name === scenario)!,
      format,
      { ...g, xml, read: readEInvoice(xml) },
    );
    expect(found.map((x) => x.rule)).toContain(rule);
  });

  it('PEPPOL-EN16931-R120 allows 0.02 exactly: 4 × 95.005 = 380.02 for a line of 380.00', () => {
    const g = get('standard', 'peppol');
    const xml = g.xml.replace('>95.00</cbc:PriceAmount>', '>95.005</cbc:PriceAmount>');
    expect(xml).not.toBe(g.xml);
    expect(checkEInvoice(readEInvoice(xml), 'peppol').filter((x) => x.rule === 'PEPPOL-EN16931-R120')).toEqual([]);
  });
});
