/**
 * Bill totals, derived from lines, adjustments and payments (never stored alone).
 *
 * Rules:
 * - subtotal = sum of the line amounts (the bill's charges before adjustments).
 * - A percentage adjustment is a percent of the SUBTOTAL; every percentage uses that same base
 *   (no compounding) and is rounded half-up once. An adjustment amount is a non-negative
 *   magnitude; its type gives the sign (charge +, discount −).
 * - total = subtotal + charges − discounts; paid = sum of non-reversed payments;
 *   balance = total − paid.
 * - A bill is `paid` whenever its balance is 0 (including 0 at issue); `overdue` is computed in SQL
 *   (`OVERDUE` in apps/api/src/billing/bills.repository.ts), not here.
 */
import { assertSafeInteger, parsePercent, percentOf, toSafeNumber } from './money';

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

/** What a bill's totals are computed from. */
export interface BillTotalsInput {
  lines: readonly { amountMinor: number }[];
  adjustments: readonly AdjustmentInput[];
  payments: readonly PaymentInput[];
}

/** A bill's derived totals, all in minor units. */
export interface BillTotals {
  subtotalMinor: number;
  chargesMinor: number;
  discountsMinor: number;
  /** charges − discounts */
  adjustmentsMinor: number;
  /** subtotal + adjustments */
  totalMinor: number;
  /** sum of non-reversed payments */
  paidMinor: number;
  /** total − paid */
  balanceMinor: number;
}

/** Stored bill status; `overdue` is not a status but computed in SQL (`OVERDUE`). */
export type BillStatus = 'unpaid' | 'paid' | 'void';

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

/** Derives subtotal, charges, discounts, total, paid and balance from lines, adjustments and payments. */
export function billTotals(input: BillTotalsInput): BillTotals {
  let subtotal = 0n;
  for (const line of input.lines) {
    assertSafeInteger(line.amountMinor, 'line amountMinor');
    subtotal += BigInt(line.amountMinor);
  }
  const subtotalMinor = toSafeNumber(subtotal, 'subtotal');
  let charges = 0n;
  let discounts = 0n;
  for (const adjustment of input.adjustments) {
    const amount = BigInt(adjustmentAmountMinor(subtotalMinor, adjustment));
    if (adjustment.type === 'charge') charges += amount;
    else discounts += amount;
  }
  let paid = 0n;
  for (const payment of input.payments) {
    assertSafeInteger(payment.amountMinor, 'payment amountMinor');
    if (!payment.reversed) paid += BigInt(payment.amountMinor);
  }
  const total = subtotal + charges - discounts;
  return {
    subtotalMinor,
    chargesMinor: toSafeNumber(charges, 'charges'),
    discountsMinor: toSafeNumber(discounts, 'discounts'),
    adjustmentsMinor: toSafeNumber(charges - discounts, 'adjustments'),
    totalMinor: toSafeNumber(total, 'total'),
    paidMinor: toSafeNumber(paid, 'paid'),
    balanceMinor: toSafeNumber(total - paid, 'balance'),
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
