import { CUSTOMER_EINVOICE_FORMATS } from '@app/invoicing';
import type { CustomerEInvoiceFormat } from '@app/invoicing';
import { TAX_CATEGORY_CODES } from '@app/billing';
import type { BillLineKind, BillLineUnit, BillStatus, CorrectionType, TaxCategoryCode, TaxTreatment } from '@app/billing';
import { ApiProperty } from '@nestjs/swagger';
import { ApiDay, ApiId, ApiInstant, ApiInteger, ApiMinor, ApiNullableObject, ApiObject } from '../common/openapi';
import { SELLER_ADDRESS_SCHEMA, SellerAddressView } from '../organizations/organization.view';
import type { InvoiceLanguage } from '../organizations/organization.view';
import { CATEGORY_CODE_DOC } from '../taxes/tax-rates.view';

/**
 * `period`: the bill of one period of its association ([periodStart, periodEnd); a short last period ends at
 * the association's end); `late_usage`: an ended association's sessions that arrived after its final bill.
 */
export type BillKind = 'period' | 'late_usage' | 'block';

/** A named reference to another resource. */
export class RefView {
  @ApiId() id: string;
  name: string;
}

export class BillSummaryView {
  @ApiId() id: string;
  /** Gapless per organization, e.g. `INV-000042`; null on a draft (numbered when it is issued) */
  number: string | null;
  /** `draft`: under review, not issued yet (no number); `unpaid`, `paid`, `void` once issued */
  status: BillStatus;
  /** `draft` until it is issued, then `issued` (whatever it was paid or voided since): the name of ../shared/API.md */
  state: 'draft' | 'issued';
  /** Unpaid after its due date (in the bill's time zone). */
  overdue: boolean;
  @ApiProperty({
    enum: [...CUSTOMER_EINVOICE_FORMATS],
    description: "The customer's e-invoice format now (its e-mails attach it; GET /bills/:id/einvoice answers it); none: the PDF alone",
  })
  einvoiceFormat: CustomerEInvoiceFormat;
  kind: BillKind;
  @ApiInstant() periodStart: string;
  @ApiInstant() periodEnd: string;
  /** The issue day (a draft's: the day it is scheduled to be issued) */
  @ApiDay() issueDate: string;
  @ApiDay() dueDate: string;
  /** A draft's end of review: the cron issues it from then; null once issued */
  @ApiInstant({ nullable: true }) reviewUntil: string | null;
  /** When it was issued; null on a draft */
  @ApiInstant({ nullable: true }) issuedAt: string | null;
  /** The association's IANA time zone when the bill was made. */
  timeZone: string;
  /** ISO 4217 */
  currency: string;
  department: RefView;
  plan: RefView;
  @ApiId() associationId: string;
  @ApiMinor() subtotalMinor: number;
  @ApiMinor({ description: 'charges minus discounts, integer minor units' }) adjustmentsMinor: number;
  @ApiMinor({ description: 'subtotal + adjustments: the bill before tax, integer minor units' }) netMinor: number;
  @ApiMinor({ description: 'the sum of the tax breakdown, integer minor units' }) taxMinor: number;
  @ApiMinor({ description: 'the gross, net + tax, integer minor units (payments and the balance count against it)' }) totalMinor: number;
  @ApiMinor() paidMinor: number;
  /** The gross of the credit notes issued for the bill after issue */
  @ApiMinor() creditedMinor: number;
  /** The gross of the supplementary invoices issued for the bill after issue */
  @ApiMinor() supplementaryMinor: number;
  /** What is due: total + supplementary − credited − paid */
  @ApiMinor() balanceMinor: number;
  /**
   * How the bill is taxed: `standard` (the rates), `reverse_charge`, `exempt`, `export` (one 0 % group and a note),
   * or `none` (untaxed: bills from before taxes, and customers with no rate at all)
   */
  taxTreatment: TaxTreatment;
  @ApiInstant() createdAt: string;
}

/** What one line of a bill counts. */
export class BillLineQuantityView {
  kind: BillLineKind;
  /** Sessions, hours (decimal) or devices */
  quantity: number;
  unit: BillLineUnit;
}

/** A list item: the summary plus what each line counts (the console's "charge details"). */
export class BillListItemView extends BillSummaryView {
  lineSummary: BillLineQuantityView[];
}

export class BillLineView {
  kind: BillLineKind;
  description: string;
  quantity: number;
  unit: BillLineUnit;
  @ApiMinor() unitAmountMinor: number;
  @ApiMinor() amountMinor: number;
}

export class AdjustmentView {
  @ApiId() id: string;
  type: 'charge' | 'discount';
  /** What it adds to the total (negative for a discount). */
  @ApiMinor() amountMinor: number;
  /** The fixed amount entered, or null for a percent. */
  @ApiMinor({ nullable: true }) fixedAmountMinor: number | null;
  /** The percent of the subtotal entered, or null for a fixed amount. */
  percent: number | null;
  reason: string;
  author: AuthorView;
  @ApiInstant() createdAt: string;
}

/** Who did it; `id` is null for an API key or a deleted user. */
export class AuthorView {
  @ApiId({ nullable: true }) id: string | null;
  name: string;
}

export class PaymentView {
  @ApiId() id: string;
  @ApiMinor() amountMinor: number;
  @ApiInstant() paidAt: string;
  method: string | null;
  reference: string | null;
  /** The name of who recorded it. */
  recordedBy: string;
  reversed: boolean;
  @ApiInstant({ nullable: true }) reversedAt: string | null;
  reversalReason: string | null;
  reversedBy: string | null;
  @ApiInstant() createdAt: string;
}

/** One group of the tax breakdown (EN 16931 BG-23): a tax at one rate and category, its base and its amount. */
export class BillTaxView {
  /** The rate's name ("VAT", "GST"); "Reverse charge", "Exempt" or "Export" for the one group of those treatments */
  name: string;
  @ApiProperty({ enum: [...TAX_CATEGORY_CODES], description: CATEGORY_CODE_DOC })
  categoryCode: TaxCategoryCode;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 100, description: 'Percent, at most 4 decimals' })
  ratePercent: number;
  /** The group's share of the net (its lines, plus or minus its share of the adjustments) */
  @ApiMinor() baseMinor: number;
  /** base × rate, rounded half away from zero once for the group */
  @ApiMinor() amountMinor: number;
  exemptionReason: string | null;
}

/** A rate the bill applied to each of its lines, as it was when the bill was made. */
export class BillTaxRateView {
  name: string;
  @ApiProperty({ type: 'number', minimum: 0, maximum: 100, description: 'Percent, at most 4 decimals' })
  ratePercent: number;
  @ApiProperty({ enum: [...TAX_CATEGORY_CODES], description: CATEGORY_CODE_DOC })
  categoryCode: TaxCategoryCode;
  exemptionReason: string | null;
}

/** The seller's logo on the bill, without its bytes (the PDF embeds them). */
export class BillSellerLogoView {
  contentType: 'image/png' | 'image/jpeg';
  sha256: string;
  @ApiInteger() width: number;
  @ApiInteger() height: number;
}

/** The seller profile as it was when the bill was made (Settings > Organization); null where it was not set. */
export class BillSellerView {
  /** The organization's name (printed when there is no legal name) */
  name: string;
  legalName: string | null;
  @ApiNullableObject<SellerAddressView>(SELLER_ADDRESS_SCHEMA, "The seller's address; null: none")
  address: SellerAddressView | null;
  vatId: string | null;
  taxNumber: string | null;
  companyRegistration: string | null;
  contactEmail: string | null;
  phone: string | null;
  website: string | null;
  accountHolder: string | null;
  iban: string | null;
  bic: string | null;
  paymentInstructions: string | null;
  paymentTerms: string | null;
  invoiceFooter: string | null;
  @ApiNullableObject<BillSellerLogoView>(
    {
      contentType: { type: 'string', enum: ['image/png', 'image/jpeg'] },
      sha256: { type: 'string' },
      width: { type: 'integer' },
      height: { type: 'integer' },
    },
    'The logo printed on the invoice; null: none',
  )
  logo: BillSellerLogoView | null;
}

/** The customer as the invoice names it, as it was when the bill was made. */
export class BillBuyerView {
  /** The department's name */
  name: string;
  legalName: string | null;
  vatId: string | null;
  /** EN 16931 BT-10 (the Leitweg-ID of German public buyers) */
  buyerReference: string | null;
  /** EN 16931 BT-13 */
  purchaseOrder: string | null;
}

/** The rate version a part of the bill's period was rated with (issue #18). */
export class BillRateVersionView {
  @ApiInteger({ description: "The plan's rate version (GET /plans/:id lists them)" }) version: number;
  @ApiInstant({ description: 'The part of the period it rated: from …' }) from: string;
  @ApiInstant({ description: '… until (exclusive)' }) until: string;
}

export class BillDetailView extends BillSummaryView {
  /** The department's billing address when the bill was made. */
  @ApiObject() billingAddress: Record<string, unknown>;
  recipients: string[];
  /** The plan's rates when the bill was made. */
  @ApiObject() planSnapshot: Record<string, unknown>;
  /** The plan's rate versions its period was rated with, in time order (one, or one per part when rates changed within the period); [] on bills made before rate versions and on late-usage and block bills */
  rateVersions: BillRateVersionView[];
  /** The tax breakdown, in order of first appearance; empty when untaxed. A 0 % group still appears. */
  taxes: BillTaxView[];
  /** The 0..2 rates every line carries (the customer's override, else the plan's, when the bill was made) */
  taxRates: BillTaxRateView[];
  /** The customer's reason under `exempt` (optional under reverse charge and export) */
  taxExemptionReason: string | null;
  /** The invoice's language: the customer's, else the organization's, when the bill was made */
  language: InvoiceLanguage;
  seller: BillSellerView;
  buyer: BillBuyerView;
  lines: BillLineView[];
  /** The charges and discounts of the invoice itself (added while it was a draft, or before corrections existed) */
  adjustments: AdjustmentView[];
  /** The credit notes and supplementary invoices issued for it after issue, oldest first */
  corrections: CorrectionView[];
  payments: PaymentView[];
  voidReason: string | null;
  @ApiInstant({ nullable: true }) voidedAt: string | null;
}

/** One line of a credit note or supplementary invoice (positive amounts: the document's type gives the sign). */
export class CorrectionLineView {
  kind: 'correction';
  /** The admin's reason, as entered */
  description: string;
  quantity: number;
  unit: 'item';
  @ApiMinor() unitAmountMinor: number;
  @ApiMinor() amountMinor: number;
}

/**
 * A credit note or a supplementary invoice: a document of its own, issued for an issued bill (never changed after).
 * Its amounts are positive; a credit note lowers what is due on its bill, a supplementary invoice raises it.
 */
export class CorrectionView {
  @ApiId() id: string;
  /** `credit_note` (its own series, e.g. `CN-000001`) or `supplementary_invoice` (numbered as invoices) */
  type: CorrectionType;
  number: string;
  /** `adjustment`: a charge or discount on the issued bill; `void`: the credit note that cancelled the bill */
  cause: 'adjustment' | 'void';
  /** The bill it corrects */
  @ApiId() billId: string;
  /** The same (the name of ../shared/API.md) */
  @ApiId() correctsBillId: string;
  billNumber: string;
  @ApiDay() billIssueDate: string;
  @ApiDay() issueDate: string;
  /** A supplementary invoice's due date; a credit note's is its bill's (not printed) */
  @ApiDay() dueDate: string;
  @ApiInstant() issuedAt: string;
  /** ISO 4217, the bill's */
  currency: string;
  reason: string;
  /** The fixed amount entered, or null (a percent, or a void) */
  @ApiMinor({ nullable: true }) fixedAmountMinor: number | null;
  /** The percent of the bill's subtotal entered, or null */
  percent: number | null;
  lines: CorrectionLineView[];
  @ApiMinor() netMinor: number;
  @ApiMinor() taxMinor: number;
  /** The gross: net + tax */
  @ApiMinor() totalMinor: number;
  /** Its own tax breakdown at the bill's rates; empty when untaxed */
  taxes: BillTaxView[];
  author: AuthorView;
  @ApiInstant() createdAt: string;
}

/** What discarding a draft did. */
export class DiscardedView {
  @ApiId() id: string;
  /** Sessions the draft had taken, unbilled again: the association's next bill takes them */
  @ApiInteger() sessionsReleased: number;
}
