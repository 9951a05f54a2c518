import { cancellationOf, checkCorrection, correctionFor } from './corrections';
import { billTotals, BillTaxInput, BillTotalsInput } from './totals';

const VAT19: BillTaxInput = { currency: 'EUR', treatment: 'standard', rates: [{ name: 'VAT', ratePercent: '19', categoryCode: 'S' }] };
const GST_PST: BillTaxInput = {
  currency: 'CAD',
  treatment: 'standard',
  rates: [
    { name: 'GST', ratePercent: '5', categoryCode: 'S' },
    { name: 'PST', ratePercent: '7', categoryCode: 'S' },
  ],
};

/** A bill of one 100.00 line at 19 % VAT: total 119.00. */
function bill(extra: Partial<BillTotalsInput> = {}): BillTotalsInput {
  return { lines: [{ amountMinor: 10_000 }], adjustments: [], payments: [], tax: VAT19, ...extra };
}

describe('correctionFor', () => {
  it('makes a discount a credit note and a charge a supplementary invoice, each taxed at the bill’s rates on its own net', () => {
    // 10 % of 100.00 = 10.00; VAT 19 % of it = 1.90.
    expect(correctionFor(10_000, VAT19, { type: 'discount', percent: 10 })).toEqual({
      type: 'credit_note',
      netMinor: 1000,
      taxMinor: 190,
      totalMinor: 1190,
      taxes: [{ name: 'VAT', categoryCode: 'S', ratePercent: '19', baseMinor: 1000, amountMinor: 190, exemptionReason: null }],
    });
    // 25.00 + 19 % = 4.75.
    expect(correctionFor(10_000, VAT19, { type: 'charge', amountMinor: 2500 })).toMatchObject({
      type: 'supplementary_invoice',
      netMinor: 2500,
      taxMinor: 475,
      totalMinor: 2975,
    });
  });

  it('carries both taxes of a stacked rate set, each rounded half-up', () => {
    // 9.99: GST 5 % = 0.4995 → 0.50; PST 7 % = 0.6993 → 0.70.
    const c = correctionFor(50_000, GST_PST, { type: 'discount', amountMinor: 999 });
    expect(c.taxes.map((g) => [g.name, g.baseMinor, g.amountMinor])).toEqual([
      ['GST', 999, 50],
      ['PST', 999, 70],
    ]);
    expect(c.totalMinor).toBe(999 + 120);
  });

  it('keeps the treatment of the bill: one 0 % group under reverse charge, no tax when untaxed', () => {
    const rc: BillTaxInput = { currency: 'EUR', treatment: 'reverse_charge', rates: VAT19.rates };
    expect(correctionFor(10_000, rc, { type: 'discount', amountMinor: 500 })).toMatchObject({
      netMinor: 500,
      taxMinor: 0,
      totalMinor: 500,
      taxes: [{ categoryCode: 'AE', ratePercent: '0', baseMinor: 500, amountMinor: 0 }],
    });
    expect(correctionFor(10_000, null, { type: 'charge', amountMinor: 500 })).toEqual({
      type: 'supplementary_invoice',
      netMinor: 500,
      taxMinor: 0,
      totalMinor: 500,
      taxes: [],
    });
  });
});

describe('checkCorrection', () => {
  it('refuses a credit note above the amount due, counting payments and earlier corrections', () => {
    // total 119.00, paid 110.00 → 9.00 due. 10 % = 10.00 + 1.90 = 11.90 > 9.00; 7.00 + 1.33 = 8.33 fits.
    const partlyPaid = bill({ payments: [{ amountMinor: 11_000 }] });
    expect(checkCorrection(partlyPaid, { type: 'discount', percent: 10 }).problem).toBe('DISCOUNT_EXCEEDS_TOTAL');
    expect(checkCorrection(partlyPaid, { type: 'discount', amountMinor: 700 })).toMatchObject({
      problem: null,
      correction: { totalMinor: 833 },
    });
    // A supplementary invoice of 29.75 raises the amount due to 38.75: now the 11.90 credit note fits.
    const supplemented = bill({ payments: [{ amountMinor: 11_000 }], corrections: [{ type: 'supplementary_invoice', totalMinor: 2975 }] });
    expect(checkCorrection(supplemented, { type: 'discount', percent: 10 }).problem).toBeNull();
    // A charge always fits.
    expect(checkCorrection(partlyPaid, { type: 'charge', amountMinor: 1 }).problem).toBeNull();
  });

  it('refuses malformed adjustments and corrections of nothing', () => {
    expect(checkCorrection(bill(), { type: 'discount', amountMinor: 0 }).problem).toBe('INVALID_ADJUSTMENT');
    expect(checkCorrection(bill(), { type: 'discount', percent: -1 }).problem).toBe('INVALID_ADJUSTMENT');
    expect(checkCorrection(bill(), { type: 'discount', amountMinor: 1, percent: 1 }).problem).toBe('INVALID_ADJUSTMENT');
    // 10 % of a 0 subtotal is 0: nothing to document (the request itself was fine).
    expect(checkCorrection(bill({ lines: [{ amountMinor: 0 }] }), { type: 'charge', percent: 10 }).problem).toBe('ADJUSTMENT_IS_ZERO');
  });
});

describe('billTotals with corrections', () => {
  it('owes total + supplementary − credit notes − payments; the bill’s own total does not change', () => {
    const t = billTotals(
      bill({
        payments: [{ amountMinor: 5000 }],
        corrections: [
          { type: 'supplementary_invoice', totalMinor: 2975 },
          { type: 'credit_note', totalMinor: 1190 },
        ],
      }),
    );
    expect(t).toMatchObject({ totalMinor: 11_900, supplementaryMinor: 2975, creditedMinor: 1190, paidMinor: 5000 });
    expect(t.balanceMinor).toBe(11_900 + 2975 - 1190 - 5000);
  });
});

describe('cancellationOf', () => {
  const invoiceTaxes = [
    { name: 'VAT', categoryCode: 'S' as const, ratePercent: '19', baseMinor: 10_000, amountMinor: 1900, exemptionReason: null },
  ];

  it('credits what is open, group by group, so the documents sum to 0', () => {
    const supp = correctionFor(10_000, VAT19, { type: 'charge', amountMinor: 2500 }); // 25.00 + 4.75
    const cn = correctionFor(10_000, VAT19, { type: 'discount', amountMinor: 333 }); // 3.33 + 0.63
    const c = cancellationOf({ netMinor: 10_000, taxes: invoiceTaxes }, [supp, cn])!;
    // net 100.00 + 25.00 − 3.33 = 121.67; VAT 19.00 + 4.75 − 0.63 = 23.12 (not round(121.67 × 19 %) = 23.1173 → 23.12 either way here)
    expect(c).toEqual({
      type: 'credit_note',
      netMinor: 12_167,
      taxMinor: 2312,
      totalMinor: 14_479,
      taxes: [{ name: 'VAT', categoryCode: 'S', ratePercent: '19', baseMinor: 12_167, amountMinor: 2312, exemptionReason: null }],
    });
    expect(11_900 + supp.totalMinor - cn.totalMinor - c.totalMinor).toBe(0);
  });

  it('sums the parts even where rounding the whole would differ by a cent', () => {
    // Two credit notes of 0.05 each: VAT 0.0095 → 0.01 each. Open: 99.90 net, 19.00 − 0.02 = 18.98 VAT
    // (round(99.90 × 19 %) = 18.981 → 18.98 too); three of 0.05: 99.85 and 18.97 (round: 18.9715 → 18.97).
    const small = correctionFor(10_000, VAT19, { type: 'discount', amountMinor: 5 });
    expect(small.taxMinor).toBe(1);
    const c = cancellationOf({ netMinor: 10_000, taxes: invoiceTaxes }, [small, small, small])!;
    expect([c.netMinor, c.taxMinor, c.totalMinor]).toEqual([9985, 1897, 11_882]);
    expect(11_900 - 3 * small.totalMinor - c.totalMinor).toBe(0);
  });

  it('issues nothing when nothing is open', () => {
    const all = correctionFor(10_000, VAT19, { type: 'discount', percent: 100 });
    expect(cancellationOf({ netMinor: 10_000, taxes: invoiceTaxes }, [all])).toBeNull();
    expect(cancellationOf({ netMinor: 0, taxes: [] }, [])).toBeNull();
  });
});
