import { AdjustmentInput, CorrectionAmounts, DEFAULT_CREDIT_NOTE_PREFIX, correctionFor } from '@app/billing';
import type { BillDetailView, CorrectionView } from '@app/contracts';
import { errorCode, errorMessage } from '../../core/errors';
import { showMoney } from '../../core/money';
import { taxTreatmentLabel } from '../../core/taxes';
import type { ShownBill } from './bill-actions';

/**
 * Corrections of an issued bill, for people: an issued invoice never changes, so a charge after issue is a
 * supplementary invoice and a discount (or the void) a credit note, each a document of its own (issue #15).
 */

/** "Credit note", "Supplementary invoice". */
export function correctionTypeLabel(type: CorrectionView['type']): string {
  return type === 'credit_note' ? 'Credit note' : 'Supplementary invoice';
}

/** "credit note CN-000001", "supplementary invoice INV-000043": a correction in a sentence. */
export function correctionName(c: Pick<CorrectionView, 'type' | 'number'>): string {
  return `${correctionTypeLabel(c.type).toLowerCase()} ${c.number}`;
}

/** Is the bill issued (numbered)? Then it never changes: charges and discounts issue documents of their own. */
export function isIssued(bill: Pick<ShownBill, 'status'>): boolean {
  return bill.status !== 'draft';
}

/** The prefix of a number: "CN-000001" → "CN-". */
function prefixOf(number: string | null | undefined): string | null {
  const prefix = number?.replace(/\d+$/, '');
  return prefix ? prefix : null;
}

/**
 * "CN-…" / "INV-…": how the document an adjustment issues will be numbered. Supplementary invoices share the invoice
 * series (the bill's own prefix); credit notes have theirs (an earlier credit note's prefix, else the default).
 */
export function upcomingNumber(bill: ShownBill, type: CorrectionView['type']): string {
  if (type === 'supplementary_invoice') return `${prefixOf(bill.number) ?? ''}…`;
  const earlier = 'corrections' in bill ? bill.corrections.find((c) => c.type === 'credit_note') : undefined;
  return `${prefixOf(earlier?.number) ?? DEFAULT_CREDIT_NOTE_PREFIX}…`;
}

/**
 * The document an adjustment on an issued bill issues, computed as the API does (`correctionFor` of @app/billing: the
 * net, then each of the bill's rates on it, rounded half-up). Null while the input is not a valid adjustment, and
 * `taxKnown: false` when the bill's rates are not at hand (a list item): then only the net is exact.
 */
export function previewCorrection(bill: ShownBill, adjustment: AdjustmentInput): { amounts: CorrectionAmounts; taxKnown: boolean } | null {
  const detail = 'taxRates' in bill ? (bill as BillDetailView) : null;
  const taxKnown = bill.taxTreatment === 'none' || detail !== null;
  try {
    const amounts = correctionFor(
      bill.subtotalMinor,
      detail && detail.taxTreatment !== 'none'
        ? { currency: detail.currency, treatment: detail.taxTreatment, rates: detail.taxRates, exemptionReason: detail.taxExemptionReason }
        : null,
      adjustment,
    );
    return amounts.netMinor > 0 ? { amounts, taxKnown } : null;
  } catch {
    return null;
  }
}

/** "€11.90 (€10.00 + €1.90 VAT)", "€100.00 (reverse charge: no tax)", "€10.00". */
export function correctionAmountText(
  bill: Pick<ShownBill, 'currency' | 'taxTreatment'>,
  a: Pick<CorrectionAmounts, 'netMinor' | 'taxMinor' | 'totalMinor' | 'taxes'>,
): string {
  const money = (minor: number) => showMoney(minor, bill.currency);
  if (a.taxMinor > 0) {
    const names = [...new Set(a.taxes.filter((t) => t.amountMinor > 0).map((t) => t.name))];
    return `${money(a.totalMinor)} (${money(a.netMinor)} + ${money(a.taxMinor)} ${names.length === 1 ? names[0] : 'tax'})`;
  }
  if (bill.taxTreatment === 'none' || bill.taxTreatment === 'standard') return money(a.totalMinor);
  return `${money(a.totalMinor)} (${taxTreatmentLabel(bill.taxTreatment).toLowerCase()}: no tax)`;
}

/**
 * What Add Charges on an issued bill will issue, in sentences: "INV-000012 is issued and can not change. This
 * discount issues a credit note (numbered CN-…) for €11.90 (€10.00 + €1.90 VAT), and lowers the balance to €107.10."
 * `adjustment` null: nothing valid typed yet (the general rule is said).
 */
export function correctionExplanation(bill: ShownBill, adjustment: AdjustmentInput | null): { text: string; exceeds: boolean } {
  const issued = `${bill.number ?? 'The bill'} is issued and can not change.`;
  const creditNote = `a credit note (numbered ${upcomingNumber(bill, 'credit_note')})`;
  const supplementary = `a supplementary invoice (numbered ${upcomingNumber(bill, 'supplementary_invoice')})`;
  const preview = adjustment ? previewCorrection(bill, adjustment) : null;
  if (!adjustment || !preview) {
    return {
      text: `${issued} A discount issues ${creditNote}, a charge ${supplementary}, each taxed at the bill's rates.`,
      exceeds: false,
    };
  }
  const money = (minor: number) => showMoney(minor, bill.currency);
  const { amounts, taxKnown } = preview;
  const discount = adjustment.type === 'discount';
  const what = discount ? `This discount issues ${creditNote}` : `This charge issues ${supplementary}`;
  if (!taxKnown) {
    return { text: `${issued} ${what} for ${money(amounts.netMinor)} net; tax is added at the bill's rates.`, exceeds: false };
  }
  const amount = correctionAmountText(bill, amounts);
  if (!discount) {
    return {
      text: `${issued} ${what} for ${amount}, and raises the balance to ${money(bill.balanceMinor + amounts.totalMinor)}.`,
      exceeds: false,
    };
  }
  if (amounts.totalMinor > bill.balanceMinor) {
    return {
      text: `${issued} ${what} for ${amount}: that is more than the balance due of ${money(bill.balanceMinor)}, so it can not be issued.`,
      exceeds: true,
    };
  }
  return {
    text: `${issued} ${what} for ${amount}, and lowers the balance to ${money(bill.balanceMinor - amounts.totalMinor)}.`,
    exceeds: false,
  };
}

/** A refused Add Charges as a sentence (409 DISCOUNT_EXCEEDS_TOTAL, BILL_PAID, BILL_VOID), else the API's message. */
export function adjustmentFailure(err: unknown, bill: ShownBill): string {
  const money = (minor: number) => showMoney(minor, bill.currency);
  switch (errorCode(err)) {
    case 'DISCOUNT_EXCEEDS_TOTAL':
      return isIssued(bill)
        ? `Not added: the credit note would be more than the balance due (${money(bill.balanceMinor)}). A credit note can not exceed what is still due on the bill.`
        : `Not added: the discount would take the total below what is already paid, or below 0.`;
    case 'BILL_PAID':
      return 'Not added: the bill is paid. Reverse the payment first, then add the charge or discount.';
    case 'BILL_VOID':
      return 'Not added: the bill is void and takes no charges or discounts.';
    default:
      return errorMessage(err, 'The adjustment could not be added');
  }
}
