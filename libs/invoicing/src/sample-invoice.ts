/**
 * A realistic invoice document, for tests, benchmarks and template previews.
 * `sampleInvoiceDocument({ bill: { number: 'INV-000042' } })` overrides parts of it (one level deep).
 *
 * The sample is untaxed (treatment `none`); `invoicePreviewDocument` is the same bill with one tax group, as the
 * preview of the seller profile prints it.
 */
import type { InvoiceDocument, InvoiceLanguage, InvoiceSeller } from './invoice-document';
import { LABELS } from './i18n';

type Overrides = {
  [K in keyof InvoiceDocument]?: InvoiceDocument[K] extends unknown[] | string ? InvoiceDocument[K] : Partial<InvoiceDocument[K]>;
};

export function sampleInvoiceDocument(overrides: Overrides = {}): InvoiceDocument {
  const base: InvoiceDocument = {
    language: 'en',
    seller: {
      name: 'Acme Remote Support',
      legalName: null,
      address: { line1: '500 Market Street', line2: null, postalCode: '94105', city: 'San Francisco', region: 'CA', country: 'US' },
      vatId: null,
      taxNumber: null,
      companyRegistration: null,
      contactEmail: 'billing@acme.example',
      phone: null,
      website: null,
      accountHolder: null,
      iban: null,
      bic: null,
      paymentInstructions: null,
      paymentTerms: null,
      footer: null,
      logo: null,
    },
    buyer: { name: 'Finance Department', legalName: null, vatId: null, buyerReference: null, purchaseOrder: null },
    bill: {
      number: 'INV-000001',
      status: 'unpaid',
      overdue: false,
      periodStart: '2026-10-31T23:00:00.000Z', // 2026-11-01 00:00 in Europe/Berlin
      periodEnd: '2026-11-30T23:00:00.000Z', // 2026-12-01 00:00 in Europe/Berlin
      issueDate: '2026-11-30',
      dueDate: '2026-12-15',
      currency: 'USD',
    },
    plan: { name: 'Standard hourly' },
    billingAddress: {
      name: 'Globex Corporation',
      line1: '1 Industrial Way',
      line2: 'Building 4',
      city: 'Springfield',
      region: 'OR',
      postalCode: '97403',
      country: 'US',
    },
    lines: [
      { kind: 'hours', description: 'Session hours', quantity: 12.5, unit: 'hour', unitAmountMinor: 6000, amountMinor: 75000 },
      { kind: 'devices', description: 'Unattended devices', quantity: 8, unit: 'device', unitAmountMinor: 1250, amountMinor: 10000 },
      {
        kind: 'late_usage',
        description: 'Late usage from earlier periods',
        quantity: 0.75,
        unit: 'hour',
        unitAmountMinor: 6000,
        amountMinor: 4500,
      },
    ],
    adjustments: [
      { type: 'discount', description: 'Loyalty discount', percent: 10, amountMinor: 8950 },
      { type: 'charge', description: 'Weekend call-out', percent: null, amountMinor: 2500 },
    ],
    payments: [{ paidAt: '2026-12-02T10:15:00.000Z', method: 'bank transfer', reference: 'TRX-5521', amountMinor: 50000, reversed: false }],
    taxTreatment: 'none',
    taxExemptionReason: null,
    taxes: [],
    totals: {
      subtotalMinor: 89500,
      adjustmentsMinor: -6450,
      netMinor: 83050,
      taxMinor: 0,
      totalMinor: 83050,
      paidMinor: 50000,
      balanceMinor: 33050,
    },
    timeZone: 'Europe/Berlin',
  };
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    merged[key] = Array.isArray(value) || typeof value !== 'object' || value === null ? value : { ...(current as object), ...value };
  }
  return merged as unknown as InvoiceDocument;
}

/** Euro-area members (ISO 3166-1), whose sellers preview in EUR. */
const EURO_AREA = new Set('AT BE HR CY EE FI FR DE GR IE IT LV LT LU MT NL PT SK SI ES AD MC SM VA ME XK'.split(' '));
const CURRENCY_BY_COUNTRY: Record<string, string> = { GB: 'GBP', CH: 'CHF', LI: 'CHF', US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD' };

/** The currency a seller in `country` most likely invoices in (EUR in the euro area; USD when unknown). */
export function previewCurrency(country: string | null | undefined): string {
  const code = country?.toUpperCase() ?? '';
  return EURO_AREA.has(code) ? 'EUR' : (CURRENCY_BY_COUNTRY[code] ?? 'USD');
}

/**
 * The sample invoice with the seller's current profile, in `language`: a domestic customer (in the seller's
 * country), the sample's lines, charges and discounts, and one standard tax group at 20 % (figures worked out
 * by hand: net 830.50, tax 166.10, gross 996.60, paid 500.00, balance 496.60) in the currency of the seller's
 * country. It is printed with a SAMPLE watermark (`renderInvoiceHtml(doc, { sample: true })`).
 */
export function invoicePreviewDocument(seller: InvoiceSeller, language: InvoiceLanguage): InvoiceDocument {
  const country = seller.address?.country ?? 'US';
  return sampleInvoiceDocument({
    language,
    seller,
    buyer: { legalName: 'Globex Corporation', vatId: null, buyerReference: 'PO-BOX-7', purchaseOrder: '4500012345' },
    bill: { number: 'INV-000000', currency: previewCurrency(country) },
    billingAddress: { name: 'Accounts Payable', country },
    taxTreatment: 'standard',
    taxes: [
      {
        name: LABELS[language].sampleTaxName,
        categoryCode: 'S',
        ratePercent: 20,
        baseMinor: 83050,
        amountMinor: 16610,
        exemptionReason: null,
      },
    ],
    totals: { netMinor: 83050, taxMinor: 16610, totalMinor: 99660, paidMinor: 50000, balanceMinor: 49660 },
  });
}
