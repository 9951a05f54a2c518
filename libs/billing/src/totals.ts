/**
 * Bill totals, derived from lines, adjustments and payments (never stored alone).
 *
 * Rules:
 * - subtotal = sum of the line amounts (the bill's charges before adjustments).
 * - A percentage adjustment is a percent of the SUBTOTAL; every percentage uses that same base
 *   (no compounding) and is rounded half-up once. An adjustment amount is a non-negative
 *   magnitude; its type gives the sign (charge +, discount −).
 * - net = subtotal + charges − discounts. Taxes (taxes.ts `computeTaxes`) are computed on the net: every
 *   line carries the bill's rates, and each adjustment carries the tax of the lines. total = net + tax
 *   (the gross); paid = sum of non-reversed payments; balance = total + supplementary invoices − credit notes
 *   − paid (corrections.ts: the documents issued after the bill, by their gross). Without `tax` (or with
 *   treatment 'none') the bill is untaxed: tax 0, total = net.
 * - A bill is `paid` whenever its balance is 0 (including 0 at issue); `overdue` is computed in SQL
 *   (`OVERDUE` in apps/api/src/billing/bills.repository.ts), not here.
 */
import { assertSafeInteger, parsePercent, percentOf, toSafeNumber } from './money';
import { computeTaxes, TaxGroup, TaxNote, TaxRate, TaxTreatment } from './taxes';

/** An additional charge or a discount: a fixed amount or a percent of the subtotal (exactly one of them). */
export interface AdjustmentInput {
  type: 'charge' | 'discount';
  amountMinor?: number | null;
  percent?: number | string | null;
}

/** A confirmed payment; a reversed one no longer counts. */
export interface PaymentInput {
  amountMinor: number;
  reversed?: boolean;
}

/** How a bill is taxed: its treatment, and the rates (0..2) every one of its lines carries. */
export interface BillTaxInput {
  currency: string;
  treatment: TaxTreatment;
  rates: readonly TaxRate[];
  exemptionReason?: string | null;
}

/** What a bill's totals are computed from. */
export interface BillTotalsInput {
  lines: readonly { amountMinor: number }[];
  adjustments: readonly AdjustmentInput[];
  payments: readonly PaymentInput[];
  /** absent: untaxed (treatment 'none') */
  tax?: BillTaxInput | null;
  /** the credit notes and supplementary invoices issued for the bill after issue (their gross totals) */
  corrections?: readonly { type: 'credit_note' | 'supplementary_invoice'; totalMinor: number }[];
}

/** A bill's derived totals, all in minor units. */
export interface BillTotals {
  subtotalMinor: number;
  chargesMinor: number;
  discountsMinor: number;
  /** charges − discounts */
  adjustmentsMinor: number;
  /** subtotal + adjustments: the bill before tax */
  netMinor: number;
  /** Σ of the tax groups */
  taxMinor: number;
  /** the tax breakdown (EN 16931 BG-23); empty when untaxed */
  taxes: TaxGroup[];
  /** the note of a treatment that does not charge the rates (reverse charge, exempt, export) */
  taxNote: TaxNote | null;
  /** net + tax: the gross the customer owes */
  totalMinor: number;
  /** sum of non-reversed payments */
  paidMinor: number;
  /** Σ gross of the credit notes issued for the bill */
  creditedMinor: number;
  /** Σ gross of the supplementary invoices issued for the bill */
  supplementaryMinor: number;
  /** total + supplementary − credited − paid: the amount due */
  balanceMinor: number;
}

/**
 * Stored bill status: `draft` (under review: no number yet, drafts.ts), then `unpaid`, `paid` or `void`;
 * `overdue` is not a status but computed in SQL (`OVERDUE`).
 */
export type BillStatus = 'draft' | 'unpaid' | 'paid' | 'void';

/** Domain error codes of the checks below (the API maps them to 409). */
export type TotalsErrorCode = 'INVALID_ADJUSTMENT' | 'DISCOUNT_EXCEEDS_TOTAL' | 'INVALID_PAYMENT_AMOUNT' | 'PAYMENT_EXCEEDS_BALANCE';

/**
 * Magnitude (>= 0) of an adjustment on a bill whose subtotal is `subtotalMinor` (>= 0): its fixed
 * `amountMinor`, or `percent` % of the subtotal rounded half-up once. Exactly one of the two must
 * be set; throws `RangeError` otherwise, or on a negative amount/percent or more than 4 decimals.
 */
export function adjustmentAmountMinor(subtotalMinor: number, adjustment: AdjustmentInput): number {
  assertSafeInteger(subtotalMinor, 'subtotalMinor');
  if (subtotalMinor < 0) throw new RangeError(`subtotalMinor must be >= 0, got ${subtotalMinor}`);
  if (adjustment.type !== 'charge' && adjustment.type !== 'discount') {
    throw new RangeError(`Unknown adjustment type: ${String(adjustment.type)}`);
  }
  const { amountMinor, percent } = adjustment;
  if ((amountMinor == null) === (percent == null)) {
    throw new RangeError('An adjustment has either amountMinor or percent, not both or neither');
  }
  if (amountMinor != null) {
    assertSafeInteger(amountMinor, 'amountMinor');
    if (amountMinor < 0) throw new RangeError(`amountMinor must be >= 0, got ${amountMinor}`);
    return amountMinor;
  }
  if (parsePercent(percent as number | string) < 0n) throw new RangeError(`percent must be >= 0, got ${percent}`);
  return percentOf(subtotalMinor, percent as number | string);
}

/**
 * Derives subtotal, charges, discounts, net, taxes, total (gross), paid and balance from lines, adjustments,
 * payments and the bill's tax. Throws `TaxInputError` (a RangeError) when the tax input is invalid.
 */
export function billTotals(input: BillTotalsInput): BillTotals {
  let subtotal = 0n;
  for (const line of input.lines) {
    assertSafeInteger(line.amountMinor, 'line amountMinor');
    subtotal += BigInt(line.amountMinor);
  }
  const subtotalMinor = toSafeNumber(subtotal, 'subtotal');
  let charges = 0n;
  let discounts = 0n;
  const signedAdjustments: number[] = [];
  for (const adjustment of input.adjustments) {
    const magnitude = adjustmentAmountMinor(subtotalMinor, adjustment);
    const amount = BigInt(magnitude);
    if (adjustment.type === 'charge') charges += amount;
    else discounts += amount;
    signedAdjustments.push(adjustment.type === 'charge' ? magnitude : -magnitude);
  }
  const tax = input.tax;
  const breakdown = tax
    ? computeTaxes({
        currency: tax.currency,
        treatment: tax.treatment,
        lines: input.lines.map((line) => ({ netMinor: line.amountMinor, taxes: tax.rates })),
        adjustmentsMinor: signedAdjustments,
        exemptionReason: tax.exemptionReason ?? null,
      })
    : { netMinor: toSafeNumber(subtotal + charges - discounts, 'net'), taxMinor: 0, taxes: [], note: null };
  let paid = 0n;
  for (const payment of input.payments) {
    assertSafeInteger(payment.amountMinor, 'payment amountMinor');
    if (!payment.reversed) paid += BigInt(payment.amountMinor);
  }
  const total = subtotal + charges - discounts + BigInt(breakdown.taxMinor);
  let credited = 0n;
  let supplementary = 0n;
  for (const correction of input.corrections ?? []) {
    assertSafeInteger(correction.totalMinor, 'correction totalMinor');
    if (correction.type === 'credit_note') credited += BigInt(correction.totalMinor);
    else supplementary += BigInt(correction.totalMinor);
  }
  return {
    subtotalMinor,
    chargesMinor: toSafeNumber(charges, 'charges'),
    discountsMinor: toSafeNumber(discounts, 'discounts'),
    adjustmentsMinor: toSafeNumber(charges - discounts, 'adjustments'),
    netMinor: breakdown.netMinor,
    taxMinor: breakdown.taxMinor,
    taxes: breakdown.taxes,
    taxNote: breakdown.note,
    totalMinor: toSafeNumber(total, 'total'),
    paidMinor: toSafeNumber(paid, 'paid'),
    creditedMinor: toSafeNumber(credited, 'credited'),
    supplementaryMinor: toSafeNumber(supplementary, 'supplementary'),
    balanceMinor: toSafeNumber(total + supplementary - credited - paid, 'balance'),
  };
}

/**
 * Checks a new adjustment against a bill: 'INVALID_ADJUSTMENT' when it is malformed (neither or
 * both of amount and percent, zero or negative, more than 4 decimals, or an unsafe result);
 * 'DISCOUNT_EXCEEDS_TOTAL' when a discount would take the total below 0 or below what was
 * already paid; otherwise null. Charges are always accepted.
 */
export function checkAdjustment(bill: BillTotalsInput, adjustment: AdjustmentInput): TotalsErrorCode | null {
  billTotals(bill); // the bill as it stands must be consistent: its errors are not the new adjustment's
  let after: BillTotals;
  try {
    after = billTotals({ ...bill, adjustments: [...bill.adjustments, adjustment] });
    const positive = adjustment.amountMinor != null ? adjustment.amountMinor > 0 : parsePercent(adjustment.percent as number | string) > 0n;
    if (!positive) return 'INVALID_ADJUSTMENT';
  } catch (error) {
    if (error instanceof RangeError) return 'INVALID_ADJUSTMENT';
    throw error;
  }
  if (adjustment.type === 'charge') return null;
  return after.totalMinor < 0 || after.totalMinor < after.paidMinor ? 'DISCOUNT_EXCEEDS_TOTAL' : null;
}

/**
 * Checks a new payment against a bill: 'INVALID_PAYMENT_AMOUNT' unless the amount is a safe
 * integer > 0; 'PAYMENT_EXCEEDS_BALANCE' when it is above the current balance (so a bill with
 * balance 0 accepts no payment); otherwise null. Paying exactly the balance settles the bill.
 */
export function checkPayment(bill: BillTotalsInput, payment: Pick<PaymentInput, 'amountMinor'>): TotalsErrorCode | null {
  if (!Number.isSafeInteger(payment.amountMinor) || payment.amountMinor <= 0) return 'INVALID_PAYMENT_AMOUNT';
  return payment.amountMinor > billTotals(bill).balanceMinor ? 'PAYMENT_EXCEEDS_BALANCE' : null;
}

/** The stored status a non-void bill should have: 'paid' when its balance is 0 or less, else 'unpaid'. */
export function settledStatus(totals: Pick<BillTotals, 'balanceMinor'>): 'paid' | 'unpaid' {
  return totals.balanceMinor <= 0 ? 'paid' : 'unpaid';
}
