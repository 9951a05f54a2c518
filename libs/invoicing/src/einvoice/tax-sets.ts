import type { InvoiceAdjustment, InvoiceDocument, InvoiceTaxSet } from '../invoice-document';

/** An adjustment's signed effect on the net: charges +, discounts − (documents may carry either sign). */
export function signedAdjustment(a: InvoiceAdjustment): number {
  return a.type === 'discount' ? -Math.abs(a.amountMinor) : Math.abs(a.amountMinor);
}

/**
 * The document's tax sets: its own, or the one set of a bill whose lines all share the bill's rates (every line
 * carries every group, every adjustment goes to it whole). Empty when the document has no tax group.
 */
export function taxSetsOf(doc: InvoiceDocument): InvoiceTaxSet[] {
  if (doc.taxSets) return doc.taxSets;
  if (doc.taxes.length === 0) return [];
  return [
    {
      taxes: doc.taxes.map((_, i) => i),
      lines: doc.lines.map((_, i) => i),
      adjustmentSharesMinor: doc.adjustments.map(signedAdjustment),
    },
  ];
}
