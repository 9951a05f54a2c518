/**
 * Test fixtures: complete invoices of a German seller (EUR, 19 % VAT) in each treatment, every field set, with
 * figures worked out by hand (below). (File name ends in `spec.ts`, so it stays out of the library build.)
 *
 * Lines: 4 hours × 95.00 = 380.00; 1 device × 15.00 = 15.00; late usage 2.5 hours × 95.00 = 237.50.
 * Subtotal 632.50; discount 10 % = 63.25; net 569.25.
 * Standard, 19 %: tax = 569.25 × 0.19 = 108.1575 → 108.16; gross 677.41; paid 200.00; balance 477.41.
 * Reverse charge / export / exempt: one 0 % group on 569.25, tax 0.00; gross 569.25; paid 200.00; balance 369.25.
 *
 * Corrections of INV-000042 (issued 2026-11-30), both issued 2026-12-05, one line of 1 item each:
 * - German credit note CN-000001 "Discount: goodwill for the outage" 100.00; 19 % = 19.00; credited 119.00.
 * - German supplementary invoice INV-000043 "Charge: weekend call-out" 50.00; 19 % = 9.50; gross 59.50, due 2026-12-19.
 * - English (export, 0 %) credit note CN-000001 "Cancellation of invoice INV-000042": the open 369.25, tax 0.00.
 * - English (export, 0 %) supplementary invoice INV-000043 "Charge: weekend call-out" 50.00, tax 0.00, due 2026-12-19.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { InvoiceCorrectionType, InvoiceDocument, InvoiceSeller, InvoiceTaxGroup } from './invoice-document';
import { sampleInvoiceDocument } from './sample-invoice';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of one colour. */
export function png(width: number, height: number, rgb: [number, number, number] = [0x1f, 0x4e, 0x8c]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const LOGO_PNG = png(120, 40);

export const GERMAN_SELLER: InvoiceSeller = {
  name: 'Muster IT',
  legalName: 'Muster IT-Service GmbH',
  address: { line1: 'Hauptstraße 5', line2: '3. OG', postalCode: '10115', city: 'Berlin', region: null, country: 'DE' },
  vatId: 'DE136695976',
  taxNumber: '27/123/45678',
  companyRegistration: 'Amtsgericht Charlottenburg HRB 123456',
  contactEmail: 'rechnung@muster.example',
  phone: '+49 30 1234567',
  website: 'https://muster.example',
  accountHolder: 'Muster IT-Service GmbH',
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  paymentInstructions: 'Bitte die Rechnungsnummer als Verwendungszweck angeben.',
  paymentTerms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug.',
  footer: 'Geschäftsführer: Max Muster · Sitz: Berlin',
  logo: { contentType: 'image/png', dataBase64: LOGO_PNG.toString('base64') },
};

const LINES: InvoiceDocument['lines'] = [
  { kind: 'hours', description: 'Session hours', quantity: 4, unit: 'hour', unitAmountMinor: 9500, amountMinor: 38000 },
  { kind: 'devices', description: 'Unattended devices', quantity: 1, unit: 'device', unitAmountMinor: 1500, amountMinor: 1500 },
  {
    kind: 'late_usage',
    description: 'Late usage from earlier periods',
    quantity: 2.5,
    unit: 'hour',
    unitAmountMinor: 9500,
    amountMinor: 23750,
  },
];

const COMMON = {
  seller: GERMAN_SELLER,
  bill: {
    number: 'INV-000042',
    status: 'unpaid',
    overdue: false,
    periodStart: '2026-10-31T23:00:00.000Z',
    periodEnd: '2026-11-30T23:00:00.000Z',
    issueDate: '2026-11-30',
    dueDate: '2026-12-14',
    currency: 'EUR',
  },
  plan: { name: 'Support Pro' },
  lines: LINES,
  adjustments: [{ type: 'discount', description: 'Treuerabatt', percent: 10, amountMinor: 6325 }],
  payments: [{ paidAt: '2026-12-02T10:15:00.000Z', method: 'SEPA', reference: 'TRX-77', amountMinor: 20000, reversed: false }],
  timeZone: 'Europe/Berlin',
} satisfies Partial<InvoiceDocument>;

/** German customer, German invoice, 19 % VAT. */
export function germanStandardInvoice(): InvoiceDocument {
  return sampleInvoiceDocument({
    ...COMMON,
    language: 'de',
    buyer: {
      name: 'Buchhaltung',
      legalName: 'Beispiel AG',
      vatId: 'DE811569869',
      buyerReference: '04011000-12345-67',
      purchaseOrder: 'PO-2026-118',
    },
    billingAddress: {
      name: 'Beispiel AG Kreditorenbuchhaltung',
      line1: 'Friedrichstraße 10',
      line2: null,
      postalCode: '10117',
      city: 'Berlin',
      region: null,
      country: 'DE',
    },
    taxTreatment: 'standard',
    taxExemptionReason: null,
    taxes: [{ name: 'MwSt.', categoryCode: 'S', ratePercent: 19, baseMinor: 56925, amountMinor: 10816, exemptionReason: null }],
    totals: {
      subtotalMinor: 63250,
      adjustmentsMinor: -6325,
      netMinor: 56925,
      taxMinor: 10816,
      totalMinor: 67741,
      paidMinor: 20000,
      balanceMinor: 47741,
    },
  });
}

const ZERO_RATED_TOTALS = {
  subtotalMinor: 63250,
  adjustmentsMinor: -6325,
  netMinor: 56925,
  taxMinor: 0,
  totalMinor: 56925,
  paidMinor: 20000,
  balanceMinor: 36925,
};

/** A French business customer, French invoice, reverse charge. */
export function frenchReverseChargeInvoice(): InvoiceDocument {
  return sampleInvoiceDocument({
    ...COMMON,
    language: 'fr',
    buyer: {
      name: 'Comptabilité',
      legalName: 'Exemple SARL',
      vatId: 'FR40303265045',
      buyerReference: 'REF-FR-9',
      purchaseOrder: 'BC-4471',
    },
    billingAddress: {
      name: 'Service fournisseurs',
      line1: '12 rue de la Paix',
      line2: null,
      postalCode: '75002',
      city: 'Paris',
      region: null,
      country: 'FR',
    },
    taxTreatment: 'reverse_charge',
    taxExemptionReason: null,
    taxes: [{ name: 'Reverse charge', categoryCode: 'AE', ratePercent: 0, baseMinor: 56925, amountMinor: 0, exemptionReason: null }],
    totals: ZERO_RATED_TOTALS,
  });
}

/** A US customer, English invoice, export (zero-rated). */
export function englishExportInvoice(): InvoiceDocument {
  return sampleInvoiceDocument({
    ...COMMON,
    language: 'en',
    buyer: { name: 'IT Operations', legalName: 'Globex Corporation', vatId: null, buyerReference: 'GLX-REF-1', purchaseOrder: 'PO 7781' },
    billingAddress: {
      name: 'Accounts Payable',
      line1: '1 Industrial Way',
      line2: 'Building 4',
      postalCode: '97403',
      city: 'Springfield',
      region: 'OR',
      country: 'US',
    },
    taxTreatment: 'export',
    taxExemptionReason: null,
    taxes: [{ name: 'Export', categoryCode: 'G', ratePercent: 0, baseMinor: 56925, amountMinor: 0, exemptionReason: null }],
    totals: ZERO_RATED_TOTALS,
  });
}

/** An exempt customer with its reason (in `language`). */
export function exemptInvoice(language: InvoiceDocument['language'], reason: string): InvoiceDocument {
  return {
    ...englishExportInvoice(),
    language,
    taxTreatment: 'exempt',
    taxExemptionReason: reason,
    taxes: [{ name: 'Exempt', categoryCode: 'E', ratePercent: 0, baseMinor: 56925, amountMinor: 0, exemptionReason: reason }],
  };
}

/** A correction of `original` (INV-000042 of 2026-11-30): one line of 1 item, its own number, dates, taxes and totals. */
function correctionOf(
  original: InvoiceDocument,
  type: InvoiceCorrectionType,
  description: string,
  netMinor: number,
  taxes: InvoiceTaxGroup[],
  taxMinor: number,
): InvoiceDocument {
  const credit = type === 'credit_note';
  const totalMinor = netMinor + taxMinor;
  return {
    ...original,
    documentType: type,
    precedingInvoice: { number: original.bill.number, issueDate: original.bill.issueDate },
    bill: {
      ...original.bill,
      number: credit ? 'CN-000001' : 'INV-000043',
      issueDate: '2026-12-05',
      // a credit note carries the original's due date (it is not printed); a supplementary invoice its own
      dueDate: credit ? original.bill.dueDate : '2026-12-19',
    },
    lines: [{ kind: 'correction', description, quantity: 1, unit: 'item', unitAmountMinor: netMinor, amountMinor: netMinor }],
    adjustments: [],
    payments: [],
    taxes,
    totals: {
      subtotalMinor: netMinor,
      adjustmentsMinor: 0,
      netMinor,
      taxMinor,
      totalMinor,
      paidMinor: 0,
      balanceMinor: totalMinor,
    },
  };
}

const vat19 = (baseMinor: number, amountMinor: number): InvoiceTaxGroup[] => [
  { name: 'MwSt.', categoryCode: 'S', ratePercent: 19, baseMinor, amountMinor, exemptionReason: null },
];

const exportGroup = (baseMinor: number): InvoiceTaxGroup[] => [
  { name: 'Export', categoryCode: 'G', ratePercent: 0, baseMinor, amountMinor: 0, exemptionReason: null },
];

/** Credit note CN-000001 on the German invoice: 100.00 + 19 % (19.00) = 119.00 credited. */
export function germanCreditNote(): InvoiceDocument {
  return correctionOf(germanStandardInvoice(), 'credit_note', 'Discount: goodwill for the outage', 10000, vat19(10000, 1900), 1900);
}

/** Supplementary invoice INV-000043 on the German invoice: 50.00 + 19 % (9.50) = 59.50, due 2026-12-19. */
export function germanSupplementaryInvoice(): InvoiceDocument {
  return correctionOf(germanStandardInvoice(), 'supplementary_invoice', 'Charge: weekend call-out', 5000, vat19(5000, 950), 950);
}

/** Credit note CN-000001 cancelling what is open of the English export invoice: 369.25, 0 %. */
export function englishCreditNote(): InvoiceDocument {
  return correctionOf(englishExportInvoice(), 'credit_note', 'Cancellation of invoice INV-000042', 36925, exportGroup(36925), 0);
}

/** Supplementary invoice INV-000043 on the English export invoice: 50.00, 0 %, due 2026-12-19. */
export function englishSupplementaryInvoice(): InvoiceDocument {
  return correctionOf(englishExportInvoice(), 'supplementary_invoice', 'Charge: weekend call-out', 5000, exportGroup(5000), 0);
}
