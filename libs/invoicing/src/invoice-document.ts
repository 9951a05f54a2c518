/**
 * Everything needed to print one bill, as plain data.
 *
 * The API builds an `InvoiceDocument` from a stored bill (with its lines, adjustments, payments, taxes and the
 * seller and buyer data it snapshotted) and hands it to the HTML template, the PDF renderer and the e-mail
 * composer. Nothing here is computed again: totals and the tax breakdown are the bill's own, so the printed bill
 * always matches the API.
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
 * - Fixed texts are printed in `language`; the seller's and the customer's own texts (names, reasons, payment
 *   terms, footer, tax names under `standard`) are printed as entered.
 * - A correction of an issued invoice is a document of its own (`documentType` `credit_note` or
 *   `supplementary_invoice`, referencing `precedingInvoice`): `bill` is the correction's own number, issue date and
 *   due date (a credit note prints no due date) with the original's service period; `lines` are its own (typically
 *   one of kind `correction`, quantity 1, unit `item`), `taxes` and `totals` its own, every amount positive (the
 *   title says a credit note credits); `adjustments` and `payments` are empty.
 */

import type { BillStatus, TaxCategoryCode, TaxTreatment } from '@app/billing';
import type { InvoiceLanguage } from './i18n/languages';

export type { InvoiceLanguage } from './i18n/languages';

/** The bill's stored status (`@app/billing` declares it once). */
export type InvoiceBillStatus = BillStatus;

/** What kind of document this is: an invoice, or a correction of an issued invoice. */
export type InvoiceDocumentType = 'invoice' | 'credit_note' | 'supplementary_invoice';

/** A correction of an issued invoice: a credit note or a supplementary invoice. */
export type InvoiceCorrectionType = Exclude<InvoiceDocumentType, 'invoice'>;

/** The invoice a correction corrects (EN 16931 BG-3). */
export interface InvoicePrecedingInvoice {
  /** e.g. `INV-000012` */
  number: string;
  /** its issue date, `YYYY-MM-DD` */
  issueDate: string;
}

/** `correction`: the one line of a credit note or supplementary invoice; its description (the admin's text) is printed as given. */
export type InvoiceLineKind = 'sessions' | 'hours' | 'devices' | 'late_usage' | 'correction' | (string & {});

/** How the bill is taxed; `none`: untaxed (printed without a tax breakdown). */
export type InvoiceTaxTreatment = TaxTreatment;

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

export interface InvoicePlan {
  name: string;
}

/** A postal address; `country` is an ISO 3166-1 alpha-2 code (any other value is printed as given). */
export interface InvoicePostalAddress {
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}

export interface InvoiceBillingAddress extends InvoicePostalAddress {
  /** the addressee (the billing name) */
  name: string;
}

/** The seller's logo, embedded as a `data:` URI (never a URL). Anything but a PNG or a JPEG is left out. */
export interface InvoiceLogo {
  contentType: 'image/png' | 'image/jpeg';
  /** the image's bytes, base64 */
  dataBase64: string;
}

/** The seller (the organization's seller profile as the bill snapshotted it); null where it was not set. */
export interface InvoiceSeller {
  /** the organization's name: printed where `legalName` is not set, and in e-mails */
  name: string;
  legalName: string | null;
  address: InvoicePostalAddress | null;
  vatId: string | null;
  taxNumber: string | null;
  companyRegistration: string | null;
  contactEmail: string | null;
  phone: string | null;
  website: string | null;
  accountHolder: string | null;
  /** electronic format (no spaces); printed in groups of four */
  iban: string | null;
  bic: string | null;
  paymentInstructions: string | null;
  paymentTerms: string | null;
  /** printed at the end of the invoice */
  footer: string | null;
  logo: InvoiceLogo | null;
  /** EN 16931 BT-34 (the Peppol endpoint): needed by Peppol and XRechnung e-invoices, never printed */
  electronicAddress?: InvoiceElectronicAddress | null;
}

/** An electronic address (EN 16931 BT-34 / BT-49): the EAS scheme code (`0088`, `9930`, `EM`…) and the id in it. */
export interface InvoiceElectronicAddress {
  scheme: string;
  id: string;
}

/** The customer as the invoice names it. */
export interface InvoiceBuyer {
  /** the department's name */
  name: string;
  /** the registered legal name; null: the billing address's name is the buyer */
  legalName: string | null;
  vatId: string | null;
  /** EN 16931 BT-10 */
  buyerReference: string | null;
  /** EN 16931 BT-13 */
  purchaseOrder: string | null;
  /** EN 16931 BT-49 (the Peppol endpoint): needed by Peppol and XRechnung e-invoices, never printed */
  electronicAddress?: InvoiceElectronicAddress | null;
}

export interface InvoiceLine {
  /** printed in the invoice's language by its kind; a kind not listed prints `description` */
  kind: InvoiceLineKind;
  /** the line's stored (English) text */
  description: string;
  /** count of sessions/devices, or hours (may be fractional) */
  quantity: number;
  /** `session`, `hour`, `device`, `item` (in words, singular or plural); any other unit is printed as given */
  unit: string;
  unitAmountMinor: number;
  /** net */
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

/** One group of the tax breakdown (EN 16931 BG-23). */
export interface InvoiceTaxGroup {
  /** the rate's name ("VAT", "GST"); the one group of reverse charge / exempt / export is printed in the invoice's language */
  name: string;
  categoryCode: TaxCategoryCode;
  ratePercent: number;
  baseMinor: number;
  amountMinor: number;
  exemptionReason: string | null;
}

export interface InvoiceTotals {
  /** sum of the lines */
  subtotalMinor: number;
  /** signed sum of the adjustments (charges positive, discounts negative) */
  adjustmentsMinor: number;
  /** subtotal + adjustments: before tax */
  netMinor: number;
  /** sum of the tax groups */
  taxMinor: number;
  /** the gross: net + tax */
  totalMinor: number;
  /** sum of the payments that are not reversed */
  paidMinor: number;
  /** total - paid */
  balanceMinor: number;
}

export interface InvoiceDocument {
  /** What kind of document this is; absent: 'invoice'. */
  documentType?: InvoiceDocumentType;
  /** The invoice a credit note or supplementary invoice corrects (EN 16931 BG-3). */
  precedingInvoice?: InvoicePrecedingInvoice | null;
  /**
   * The archived document as issued: printed without a status badge (what happens to it later, payments or lateness,
   * is not part of the issued document: the caller passes it with nothing paid). Absent: as it is now.
   */
  asIssued?: boolean;
  /** the language of every fixed text, and (through its locale) of dates, numbers and money */
  language: InvoiceLanguage;
  seller: InvoiceSeller;
  buyer: InvoiceBuyer;
  bill: InvoiceBill;
  plan: InvoicePlan;
  billingAddress: InvoiceBillingAddress;
  lines: InvoiceLine[];
  adjustments: InvoiceAdjustment[];
  payments: InvoicePayment[];
  taxTreatment: InvoiceTaxTreatment;
  /** the customer's reason under `exempt` (optional under reverse charge and export) */
  taxExemptionReason: string | null;
  /** the breakdown, in order; empty when untaxed. A 0 % group is printed too */
  taxes: InvoiceTaxGroup[];
  totals: InvoiceTotals;
  /** IANA time zone of the association, e.g. `Europe/Berlin` */
  timeZone: string;
  /**
   * Which tax groups each line carries, and each set's share of the adjustments (libs/billing `computeTaxes`'s
   * `taxSets`). Absent: one set, every line carries every group of `taxes` and every adjustment goes to it whole (a
   * bill's lines share the bill's rates). Only e-invoices read it (an EN 16931 line has one VAT category).
   */
  taxSets?: InvoiceTaxSet[];
  /** The billed sessions, attached to an e-invoice as its session statement (EN 16931 BG-24) when given. */
  sessionStatement?: InvoiceStatementSession[] | null;
}

/** Lines sharing the same tax groups (libs/billing `TaxSet`). */
export interface InvoiceTaxSet {
  /** indexes into `taxes` */
  taxes: number[];
  /** indexes into `lines` */
  lines: number[];
  /** this set's share of each adjustment, in the order of `adjustments`, signed as `adjustments[i]` adds to the net */
  adjustmentSharesMinor: number[];
}

/** One billed session of the session statement. */
export interface InvoiceStatementSession {
  externalId: string;
  /** ISO instant */
  startedAt: string;
  /** ISO instant */
  endedAt: string;
  technician: string | null;
  type: string;
  durationSeconds: number;
  /** what the bill counted, after the plan's increment and minimum (per_session plans: the duration) */
  billableSeconds: number;
}
