/**
 * Everything needed to print one bill, as plain data.
 *
 * The API builds an `InvoiceDocument` from a stored bill (with its lines, adjustments and payments)
 * and hands it to the HTML template, the PDF renderer and the e-mail composer. Nothing here is
 * computed again: totals are the bill's own totals, so the printed bill always matches the API.
 *
 * Conventions
 * - Every `…Minor` field is an integer count of the currency's minor units (JPY 0 decimals, USD 2,
 *   BHD 3), as many as the ISO 4217 table of `@app/billing` says (not `Intl`).
 * - `periodStart`/`periodEnd` and `payments[].paidAt` are ISO 8601 instants; the period is
 *   half-open [periodStart, periodEnd) and is printed as local days in `timeZone`.
 * - `issueDate`/`dueDate` are local calendar dates, `YYYY-MM-DD`.
 * - Adjustment amounts may be given either as a positive magnitude or signed (discounts negative):
 *   the template prints a discount as a reduction either way. `totals.adjustmentsMinor` is signed
 *   (negative when discounts outweigh charges).
 */

import type { BillStatus } from '@app/billing';

/** The bill's stored status (`@app/billing` declares it once). */
export type InvoiceBillStatus = BillStatus;

export type InvoiceLineKind = 'sessions' | 'hours' | 'devices' | 'late_usage' | (string & {});

export interface InvoiceOrganization {
  name: string;
}

export interface InvoiceBill {
  /** e.g. `INV-000001` */
  number: string;
  status: InvoiceBillStatus;
  /** unpaid and the association's local today is after the due date */
  overdue: boolean;
  /** ISO instant, inclusive */
  periodStart: string;
  /** ISO instant, exclusive */
  periodEnd: string;
  /** `YYYY-MM-DD`, local */
  issueDate: string;
  /** `YYYY-MM-DD`, local */
  dueDate: string;
  /** ISO 4217 code, e.g. `USD` */
  currency: string;
}

export interface InvoiceDepartment {
  name: string;
}

export interface InvoicePlan {
  name: string;
}

export interface InvoiceBillingAddress {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** country name or ISO 3166 code, printed as given */
  country: string;
}

export interface InvoiceLine {
  kind: InvoiceLineKind;
  description: string;
  /** count of sessions/devices, or hours (may be fractional) */
  quantity: number;
  /** e.g. `session`, `hour`, `device` */
  unit: string;
  unitAmountMinor: number;
  amountMinor: number;
}

export interface InvoiceAdjustment {
  type: 'charge' | 'discount';
  /** the reason given by the admin */
  description: string;
  /** set for percentage adjustments (e.g. 10 for 10 %), null/absent for fixed amounts */
  percent?: number | null;
  amountMinor: number;
}

export interface InvoicePayment {
  /** ISO instant */
  paidAt: string;
  method?: string | null;
  reference?: string | null;
  amountMinor: number;
  /** a reversed payment is listed (struck through) but not counted in `totals.paidMinor` */
  reversed: boolean;
}

export interface InvoiceTotals {
  /** sum of the lines */
  subtotalMinor: number;
  /** signed sum of the adjustments (charges positive, discounts negative) */
  adjustmentsMinor: number;
  /** subtotal + adjustments */
  totalMinor: number;
  /** sum of the payments that are not reversed */
  paidMinor: number;
  /** total - paid */
  balanceMinor: number;
}

export interface InvoiceDocument {
  organization: InvoiceOrganization;
  bill: InvoiceBill;
  department: InvoiceDepartment;
  plan: InvoicePlan;
  billingAddress: InvoiceBillingAddress;
  lines: InvoiceLine[];
  adjustments: InvoiceAdjustment[];
  payments: InvoicePayment[];
  totals: InvoiceTotals;
  /** IANA time zone of the association, e.g. `Europe/Berlin` */
  timeZone: string;
}
