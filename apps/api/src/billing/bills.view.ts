import type { BillLineKind, BillLineUnit, BillStatus } from '@app/billing';
import { ApiDay, ApiId, ApiInstant, ApiMinor, ApiObject } from '../common/openapi';

/**
 * `period`: the bill of one period of its association ([periodStart, periodEnd); a short last period ends at
 * the association's end); `late_usage`: an ended association's sessions that arrived after its final bill.
 */
export type BillKind = 'period' | 'late_usage';

/** A named reference to another resource. */
export class RefView {
  @ApiId() id: string;
  name: string;
}

export class BillSummaryView {
  @ApiId() id: string;
  /** Gapless per organization, e.g. `INV-000042` */
  number: string;
  status: BillStatus;
  /** Unpaid after its due date (in the bill's time zone). */
  overdue: boolean;
  kind: BillKind;
  @ApiInstant() periodStart: string;
  @ApiInstant() periodEnd: string;
  @ApiDay() issueDate: string;
  @ApiDay() dueDate: string;
  /** The association's IANA time zone when the bill was made. */
  timeZone: string;
  /** ISO 4217 */
  currency: string;
  department: RefView;
  plan: RefView;
  @ApiId() associationId: string;
  @ApiMinor() subtotalMinor: number;
  @ApiMinor({ description: 'charges minus discounts, integer minor units' }) adjustmentsMinor: number;
  @ApiMinor() totalMinor: number;
  @ApiMinor() paidMinor: number;
  @ApiMinor() balanceMinor: number;
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

export class BillDetailView extends BillSummaryView {
  /** The department's billing address when the bill was made. */
  @ApiObject() billingAddress: Record<string, unknown>;
  recipients: string[];
  /** The plan's rates when the bill was made. */
  @ApiObject() planSnapshot: Record<string, unknown>;
  lines: BillLineView[];
  adjustments: AdjustmentView[];
  payments: PaymentView[];
  voidReason: string | null;
  @ApiInstant({ nullable: true }) voidedAt: string | null;
}
