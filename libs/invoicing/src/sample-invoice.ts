/**
 * A realistic invoice document, for tests, benchmarks and template previews.
 * `sampleInvoiceDocument({ bill: { number: 'INV-000042' } })` overrides parts of it (one level deep).
 */
import type { InvoiceDocument } from './invoice-document';

type Overrides = { [K in keyof InvoiceDocument]?: InvoiceDocument[K] extends unknown[] ? InvoiceDocument[K] : Partial<InvoiceDocument[K]> };

export function sampleInvoiceDocument(overrides: Overrides = {}): InvoiceDocument {
  const base: InvoiceDocument = {
    organization: { name: 'Acme Remote Support' },
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
    department: { name: 'Finance Department' },
    plan: { name: 'Standard hourly' },
    billingAddress: {
      name: 'Globex Corporation',
      line1: '1 Industrial Way',
      line2: 'Building 4',
      city: 'Springfield',
      region: 'OR',
      postalCode: '97403',
      country: 'United States',
    },
    lines: [
      { kind: 'hours', description: 'Remote support hours', quantity: 12.5, unit: 'hour', unitAmountMinor: 6000, amountMinor: 75000 },
      { kind: 'devices', description: 'Unattended devices', quantity: 8, unit: 'device', unitAmountMinor: 1250, amountMinor: 10000 },
      {
        kind: 'late_usage',
        description: 'Late usage from October',
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
    totals: {
      subtotalMinor: 89500,
      adjustmentsMinor: -6450,
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
