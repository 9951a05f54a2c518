/**
 * Corrections of an issued bill (issue #15): an issued invoice never changes, so a change after issue is a
 * document of its own that references it.
 *
 * Rules:
 * - A charge on an issued bill issues a *supplementary invoice* (numbered in the invoice series); a discount
 *   issues a *credit note* (its own series, `CN-` by default). A percentage is a percent of the original bill's
 *   subtotal, rounded half-up once, as on a draft.
 * - A correction is taxed like its bill: one line carrying the bill's rates (the bill's treatment, rates and
 *   exemption reason as the bill copied them), its tax computed on its own net (computeTaxes), so every document
 *   is consistent by itself (EN 16931 BR-CO-17). Amounts on a correction are positive; its type gives the sign.
 * - The amount due on the original: total + Σ supplementary totals − Σ credit note totals − payments
 *   (billTotals with `corrections`).
 * - A credit note may not exceed that amount due (DISCOUNT_EXCEEDS_TOTAL), and a correction that comes to 0
 *   (a percentage of a 0 subtotal, say) is refused (ADJUSTMENT_IS_ZERO): a document of nothing says nothing.
 * - Voiding an issued bill issues the credit note that cancels its open amount: its net and every tax group are
 *   the invoice's plus the supplementary invoices' minus the earlier credit notes' (group by group), so after it
 *   the documents sum to exactly 0. Nothing is issued when that amount is already 0.
 */
import { adjustmentAmountMinor, AdjustmentInput, BillTaxInput, BillTotalsInput, billTotals, TotalsErrorCode } from './totals';
import { computeTaxes, TaxGroup } from './taxes';
import { toSafeNumber } from './money';

export type CorrectionType = 'credit_note' | 'supplementary_invoice';

/** The amounts of a correction document (positive; `type` gives the sign on the original's account). */
export interface CorrectionAmounts {
  type: CorrectionType;
  netMinor: number;
  taxMinor: number;
  /** the gross: net + tax */
  totalMinor: number;
  /** the correction's own breakdown (EN 16931 BG-23); empty when untaxed */
  taxes: TaxGroup[];
}

/** The document an adjustment on an issued bill issues: a credit note for a discount, a supplementary invoice for a charge. */
export function correctionFor(subtotalMinor: number, tax: BillTaxInput | null | undefined, adjustment: AdjustmentInput): CorrectionAmounts {
  const netMinor = adjustmentAmountMinor(subtotalMinor, adjustment);
  const type: CorrectionType = adjustment.type === 'discount' ? 'credit_note' : 'supplementary_invoice';
  if (!tax || tax.treatment === 'none') return { type, netMinor, taxMinor: 0, totalMinor: netMinor, taxes: [] };
  const breakdown = computeTaxes({
    currency: tax.currency,
    treatment: tax.treatment,
    lines: [{ netMinor, taxes: tax.rates }],
    adjustmentsMinor: [],
    exemptionReason: tax.exemptionReason ?? null,
  });
  return { type, netMinor, taxMinor: breakdown.taxMinor, totalMinor: breakdown.grossMinor, taxes: breakdown.taxes };
}

/** Why an adjustment on an issued bill issues nothing. */
export type CorrectionErrorCode = TotalsErrorCode | 'ADJUSTMENT_IS_ZERO';

/**
 * Checks an adjustment on an issued bill (`bill` with its corrections and payments): 'INVALID_ADJUSTMENT' when
 * it is malformed, 'ADJUSTMENT_IS_ZERO' when it comes to 0 on this bill, 'DISCOUNT_EXCEEDS_TOTAL' when its credit
 * note would exceed the amount due; otherwise the correction it issues.
 */
export function checkCorrection(
  bill: BillTotalsInput,
  adjustment: AdjustmentInput,
): { problem: CorrectionErrorCode; correction?: undefined } | { problem: null; correction: CorrectionAmounts } {
  const totals = billTotals(bill); // the bill as it stands must be consistent: its errors are not the adjustment's
  let correction: CorrectionAmounts;
  try {
    correction = correctionFor(totals.subtotalMinor, bill.tax, adjustment);
  } catch (error) {
    if (error instanceof RangeError) return { problem: 'INVALID_ADJUSTMENT' };
    throw error;
  }
  const positive = adjustment.amountMinor != null ? adjustment.amountMinor > 0 : Number(adjustment.percent) > 0;
  if (!positive) return { problem: 'INVALID_ADJUSTMENT' };
  if (correction.netMinor === 0) return { problem: 'ADJUSTMENT_IS_ZERO' };
  if (correction.type === 'credit_note' && correction.totalMinor > totals.balanceMinor) return { problem: 'DISCOUNT_EXCEEDS_TOTAL' };
  return { problem: null, correction };
}

/** The key that makes two tax groups the same group. */
function groupKey(g: Pick<TaxGroup, 'name' | 'categoryCode' | 'ratePercent' | 'exemptionReason'>): string {
  return JSON.stringify([g.name, g.categoryCode, String(g.ratePercent), g.exemptionReason ?? null]);
}

/**
 * The credit note that cancels what is still open of an issued bill: the invoice's net and tax groups plus its
 * supplementary invoices' minus its credit notes'. Null when nothing is open (already fully credited, or 0).
 * Payments are not considered: a bill with payments is not voided (the API refuses it first).
 */
export function cancellationOf(
  invoice: { netMinor: number; taxes: readonly TaxGroup[] },
  corrections: readonly Pick<CorrectionAmounts, 'type' | 'netMinor' | 'taxes'>[],
): CorrectionAmounts | null {
  let net = BigInt(invoice.netMinor);
  const groups = new Map<string, { group: TaxGroup; base: bigint; amount: bigint }>();
  const add = (taxes: readonly TaxGroup[], sign: 1n | -1n) => {
    for (const g of taxes) {
      const key = groupKey(g);
      const entry = groups.get(key) ?? { group: { ...g, ratePercent: String(g.ratePercent) }, base: 0n, amount: 0n };
      entry.base += sign * BigInt(g.baseMinor);
      entry.amount += sign * BigInt(g.amountMinor);
      groups.set(key, entry);
    }
  };
  add(invoice.taxes, 1n);
  for (const c of corrections) {
    const sign = c.type === 'credit_note' ? -1n : 1n;
    net += sign * BigInt(c.netMinor);
    add(c.taxes, sign);
  }
  const taxes = [...groups.values()]
    .filter((e) => e.base !== 0n || e.amount !== 0n)
    .map((e) => ({ ...e.group, baseMinor: toSafeNumber(e.base, 'tax base'), amountMinor: toSafeNumber(e.amount, 'tax') }));
  const tax = taxes.reduce((sum, g) => sum + BigInt(g.amountMinor), 0n);
  if (net + tax <= 0n) return null;
  return {
    type: 'credit_note',
    netMinor: toSafeNumber(net, 'net'),
    taxMinor: toSafeNumber(tax, 'tax'),
    totalMinor: toSafeNumber(net + tax, 'total'),
    taxes,
  };
}
