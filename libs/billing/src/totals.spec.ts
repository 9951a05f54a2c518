import fc from 'fast-check';
import { percentOf } from './money';
import {
  AdjustmentInput,
  adjustmentAmountMinor,
  billTotals,
  BillTotalsInput,
  checkAdjustment,
  checkPayment,
  PaymentInput,
  settledStatus,
} from './totals';

const lines = (...amounts: number[]) => amounts.map((amountMinor) => ({ amountMinor }));
const bill = (overrides: Partial<BillTotalsInput> = {}): BillTotalsInput => ({
  lines: lines(700, 300),
  adjustments: [],
  payments: [],
  ...overrides,
});

describe('adjustmentAmountMinor', () => {
  it('is the fixed amount, or a percent of the subtotal rounded half-up once', () => {
    expect(adjustmentAmountMinor(1000, { type: 'charge', amountMinor: 250 })).toBe(250);
    expect(adjustmentAmountMinor(1000, { type: 'discount', percent: 10 })).toBe(100);
    expect(adjustmentAmountMinor(999, { type: 'discount', percent: 12.5 })).toBe(125); // 124.875
    expect(adjustmentAmountMinor(5, { type: 'charge', percent: 10 })).toBe(1); // 0.5 → 1
    expect(adjustmentAmountMinor(4, { type: 'charge', percent: 10 })).toBe(0);
    expect(adjustmentAmountMinor(1000, { type: 'discount', percent: '33.3333', amountMinor: null })).toBe(333);
    expect(adjustmentAmountMinor(0, { type: 'discount', percent: 50 })).toBe(0);
  });

  it.each<[string, AdjustmentInput]>([
    ['neither amount nor percent', { type: 'charge' }],
    ['both amount and percent', { type: 'charge', amountMinor: 1, percent: 1 }],
    ['a negative amount', { type: 'discount', amountMinor: -1 }],
    ['a fractional amount', { type: 'discount', amountMinor: 1.5 }],
    ['a negative percent', { type: 'discount', percent: -10 }],
    ['a percent with 5 decimals', { type: 'discount', percent: 1.00001 }],
    ['an unknown type', { type: 'refund' as never, amountMinor: 1 }],
  ])('rejects %s', (_, adjustment) => expect(() => adjustmentAmountMinor(1000, adjustment)).toThrow(RangeError));

  it('rejects a negative subtotal', () => expect(() => adjustmentAmountMinor(-1, { type: 'charge', amountMinor: 1 })).toThrow(RangeError));
});

describe('billTotals', () => {
  it('derives every total from lines, adjustments and payments', () => {
    expect(
      billTotals({
        lines: lines(1000, 500, 0),
        adjustments: [
          { type: 'discount', percent: 10 },
          { type: 'discount', percent: 10 }, // no compounding: 150 + 150
          { type: 'charge', amountMinor: 200 },
          { type: 'charge', percent: 5 }, // 75
        ],
        payments: [{ amountMinor: 400 }, { amountMinor: 999, reversed: true }, { amountMinor: 100, reversed: false }],
      }),
    ).toEqual({
      subtotalMinor: 1500,
      chargesMinor: 275,
      discountsMinor: 300,
      adjustmentsMinor: -25,
      netMinor: 1475,
      taxMinor: 0,
      taxes: [],
      taxNote: null,
      totalMinor: 1475,
      paidMinor: 500,
      balanceMinor: 975,
      creditedMinor: 0,
      supplementaryMinor: 0,
    });
  });

  it('is all zero for an empty bill', () => {
    expect(billTotals({ lines: [], adjustments: [], payments: [] })).toEqual({
      subtotalMinor: 0,
      chargesMinor: 0,
      discountsMinor: 0,
      adjustmentsMinor: 0,
      netMinor: 0,
      taxMinor: 0,
      taxes: [],
      taxNote: null,
      totalMinor: 0,
      paidMinor: 0,
      balanceMinor: 0,
      creditedMinor: 0,
      supplementaryMinor: 0,
    });
  });

  describe('taxed', () => {
    const vat19 = { name: 'VAT', ratePercent: '19', categoryCode: 'S' as const };
    const gst = { name: 'GST', ratePercent: 5, categoryCode: 'S' as const };
    const pst = { name: 'PST', ratePercent: 7, categoryCode: 'S' as const };
    const eur = (rates: (typeof vat19 | typeof gst)[], treatment: 'standard' | 'reverse_charge' = 'standard') => ({
      currency: 'EUR',
      treatment,
      rates,
    });

    it('taxes the net once per group, and the gross is what the customer owes and pays', () => {
      // Lines 1050 + 1050 + 1050 = 3150; discount 10 % of 3150 = 315; net 2835; 19 % of 2835 = 538.65 → 539.
      const t = billTotals({
        lines: lines(1050, 1050, 1050),
        adjustments: [{ type: 'discount', percent: 10 }],
        payments: [{ amountMinor: 1000 }],
        tax: eur([vat19]),
      });
      expect(t).toEqual({
        subtotalMinor: 3150,
        chargesMinor: 0,
        discountsMinor: 315,
        adjustmentsMinor: -315,
        netMinor: 2835,
        taxMinor: 539,
        taxes: [{ name: 'VAT', categoryCode: 'S', ratePercent: '19', baseMinor: 2835, amountMinor: 539, exemptionReason: null }],
        taxNote: null,
        totalMinor: 3374,
        paidMinor: 1000,
        balanceMinor: 2374,
        creditedMinor: 0,
        supplementaryMinor: 0,
      });
    });

    it('GST and PST each on the net (never tax on tax)', () => {
      // Net 10 000 + charge 2 000 = 12 000; GST 5 % = 600; PST 7 % = 840; gross 13 440.
      const t = billTotals({
        lines: lines(10_000),
        adjustments: [{ type: 'charge', amountMinor: 2000 }],
        payments: [],
        tax: eur([gst, pst]),
      });
      expect(t.taxes.map((g) => [g.name, g.baseMinor, g.amountMinor])).toEqual([
        ['GST', 12_000, 600],
        ['PST', 12_000, 840],
      ]);
      expect([t.netMinor, t.taxMinor, t.totalMinor, t.balanceMinor]).toEqual([12_000, 1440, 13_440, 13_440]);
    });

    it('reverse charge: one 0 % group with its note, gross = net', () => {
      const t = billTotals({ lines: lines(5000, 2500), adjustments: [], payments: [], tax: eur([vat19], 'reverse_charge') });
      expect(t.taxes).toEqual([
        { name: 'Reverse charge', categoryCode: 'AE', ratePercent: '0', baseMinor: 7500, amountMinor: 0, exemptionReason: null },
      ]);
      expect([t.taxMinor, t.totalMinor, t.taxNote]).toEqual([0, 7500, 'reverse_charge']);
    });

    it('a payment of the gross settles a taxed bill; a payment above it is refused', () => {
      const taxed: BillTotalsInput = { lines: lines(1000), adjustments: [], payments: [], tax: eur([vat19]) }; // 1000 + 190
      expect(checkPayment(taxed, { amountMinor: 1191 })).toBe('PAYMENT_EXCEEDS_BALANCE');
      expect(checkPayment(taxed, { amountMinor: 1190 })).toBeNull();
      expect(settledStatus(billTotals({ ...taxed, payments: [{ amountMinor: 1190 }] }))).toBe('paid');
    });

    it('a discount may not take the gross below what was paid', () => {
      // Paid 1000 of a gross 1190: a discount of 160 net leaves 840 + 159.6 → 160 = 1000 (allowed); 161 leaves 839 + 159 = 998.
      const paid: BillTotalsInput = { lines: lines(1000), adjustments: [], payments: [{ amountMinor: 1000 }], tax: eur([vat19]) };
      expect(checkAdjustment(paid, { type: 'discount', amountMinor: 160 })).toBeNull();
      expect(checkAdjustment(paid, { type: 'discount', amountMinor: 161 })).toBe('DISCOUNT_EXCEEDS_TOTAL');
    });

    it('an invalid rate is refused with the field named', () => {
      expect(() => billTotals({ lines: lines(1), adjustments: [], payments: [], tax: eur([{ ...vat19, ratePercent: '0' }]) })).toThrow(
        /lines\[0\]\.taxes\[0\]\.ratePercent/,
      );
    });
  });

  it('rejects non-integer or unsafe amounts', () => {
    expect(() => billTotals(bill({ lines: lines(0.5) }))).toThrow(RangeError);
    expect(() => billTotals(bill({ lines: lines(Number.MAX_SAFE_INTEGER, 1) }))).toThrow(RangeError);
    expect(() => billTotals(bill({ payments: [{ amountMinor: NaN }] }))).toThrow(RangeError);
  });

  const adjustment: fc.Arbitrary<AdjustmentInput> = fc.oneof(
    fc.record({ type: fc.constantFrom('charge' as const, 'discount' as const), amountMinor: fc.integer({ min: 0, max: 1e9 }) }),
    fc.record({
      type: fc.constantFrom('charge' as const, 'discount' as const),
      percent: fc.integer({ min: 0, max: 1_000_000 }).map((scaled) => scaled / 10_000),
    }),
  );
  const payment: fc.Arbitrary<PaymentInput> = fc.record({ amountMinor: fc.integer({ min: 0, max: 1e9 }), reversed: fc.boolean() });
  const input = fc.record({
    lines: fc.array(fc.record({ amountMinor: fc.integer({ min: 0, max: 1e10 }) }), { maxLength: 6 }),
    adjustments: fc.array(adjustment, { maxLength: 6 }),
    payments: fc.array(payment, { maxLength: 6 }),
  });

  it('total = sum of lines + charges − discounts, each percent on the same base; balance = total − paid', () => {
    fc.assert(
      fc.property(input, (i) => {
        const t = billTotals(i);
        const subtotal = i.lines.reduce((s, l) => s + l.amountMinor, 0);
        const magnitude = (a: AdjustmentInput) => (a.amountMinor != null ? a.amountMinor : percentOf(subtotal, a.percent as number));
        const charges = i.adjustments.filter((a) => a.type === 'charge').reduce((s, a) => s + magnitude(a), 0);
        const discounts = i.adjustments.filter((a) => a.type === 'discount').reduce((s, a) => s + magnitude(a), 0);
        const paid = i.payments.filter((p) => !p.reversed).reduce((s, p) => s + p.amountMinor, 0);
        expect(t).toEqual({
          subtotalMinor: subtotal,
          chargesMinor: charges,
          discountsMinor: discounts,
          adjustmentsMinor: charges - discounts,
          netMinor: subtotal + charges - discounts,
          taxMinor: 0,
          taxes: [],
          taxNote: null,
          totalMinor: subtotal + charges - discounts,
          paidMinor: paid,
          balanceMinor: subtotal + charges - discounts - paid,
          creditedMinor: 0,
          supplementaryMinor: 0,
        });
        for (const value of Object.values(t)) if (typeof value === 'number') expect(Number.isSafeInteger(value)).toBe(true);
        for (const value of [t.subtotalMinor, t.chargesMinor, t.discountsMinor, t.paidMinor]) expect(value).toBeGreaterThanOrEqual(0);
        // Order of adjustments does not matter (no compounding).
        expect(billTotals({ ...i, adjustments: [...i.adjustments].reverse() })).toEqual(t);
      }),
    );
  });

  it('accepted discounts and payments never take the total below paid or the balance below 0', () => {
    fc.assert(
      fc.property(
        input,
        fc.array(
          fc.oneof(
            adjustment.map((a) => ({ adjustment: a })),
            payment.map((p) => ({ payment: { amountMinor: p.amountMinor } })),
          ),
          { maxLength: 10 },
        ),
        (start, actions) => {
          let current: BillTotalsInput = { ...start, adjustments: [], payments: [] };
          for (const action of actions) {
            if ('adjustment' in action) {
              if (checkAdjustment(current, action.adjustment) === null)
                current = { ...current, adjustments: [...current.adjustments, action.adjustment] };
            } else if (checkPayment(current, action.payment) === null) {
              current = { ...current, payments: [...current.payments, action.payment] };
            }
            const t = billTotals(current);
            expect(t.totalMinor).toBeGreaterThanOrEqual(0);
            expect(t.balanceMinor).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('checkAdjustment', () => {
  const paid600 = bill({ payments: [{ amountMinor: 600 }] }); // total 1000, paid 600

  it('accepts charges and discounts that keep the total at or above what was paid', () => {
    expect(checkAdjustment(bill(), { type: 'discount', percent: 100 })).toBeNull(); // total 0, nothing paid
    expect(checkAdjustment(bill(), { type: 'discount', amountMinor: 1000 })).toBeNull();
    expect(checkAdjustment(paid600, { type: 'discount', amountMinor: 400 })).toBeNull(); // total 600 = paid
    expect(checkAdjustment(paid600, { type: 'charge', percent: 250 })).toBeNull();
    expect(
      checkAdjustment(bill({ payments: [{ amountMinor: 1000, reversed: true }] }), { type: 'discount', amountMinor: 1000 }),
    ).toBeNull();
  });

  it('refuses a discount below 0 or below what was already paid', () => {
    expect(checkAdjustment(bill(), { type: 'discount', amountMinor: 1001 })).toBe('DISCOUNT_EXCEEDS_TOTAL');
    expect(checkAdjustment(bill(), { type: 'discount', percent: 100.0001 })).toBeNull(); // 1000.001 rounds to 1000
    expect(checkAdjustment(bill(), { type: 'discount', percent: 100.05 })).toBe('DISCOUNT_EXCEEDS_TOTAL'); // 1000.5 → 1001
    expect(checkAdjustment(paid600, { type: 'discount', amountMinor: 401 })).toBe('DISCOUNT_EXCEEDS_TOTAL');
    expect(checkAdjustment(paid600, { type: 'discount', percent: 41 })).toBe('DISCOUNT_EXCEEDS_TOTAL');
    const discounted = bill({ adjustments: [{ type: 'discount', percent: 60 }] });
    expect(checkAdjustment(discounted, { type: 'discount', percent: 40 })).toBeNull();
    expect(checkAdjustment(discounted, { type: 'discount', percent: 40.05 })).toBe('DISCOUNT_EXCEEDS_TOTAL');
  });

  it.each<[string, AdjustmentInput]>([
    ['a zero amount', { type: 'charge', amountMinor: 0 }],
    ['a zero percent', { type: 'discount', percent: 0 }],
    ['a negative amount', { type: 'discount', amountMinor: -5 }],
    ['neither amount nor percent', { type: 'charge', amountMinor: null, percent: null }],
    ['both', { type: 'charge', amountMinor: 5, percent: 5 }],
    ['5 decimals', { type: 'charge', percent: 0.00001 }],
    ['an unsafe charge', { type: 'charge', amountMinor: Number.MAX_SAFE_INTEGER }],
  ])('refuses %s as INVALID_ADJUSTMENT', (_, adjustment) => expect(checkAdjustment(bill(), adjustment)).toBe('INVALID_ADJUSTMENT'));
});

describe('checkPayment', () => {
  it.each([0, -1, 1.5, NaN, Infinity])('refuses amount %p as INVALID_PAYMENT_AMOUNT', (amountMinor) =>
    expect(checkPayment(bill(), { amountMinor })).toBe('INVALID_PAYMENT_AMOUNT'),
  );

  it('accepts up to the balance and refuses more', () => {
    expect(checkPayment(bill(), { amountMinor: 1000 })).toBeNull();
    expect(checkPayment(bill(), { amountMinor: 1 })).toBeNull();
    expect(checkPayment(bill(), { amountMinor: 1001 })).toBe('PAYMENT_EXCEEDS_BALANCE');
    expect(checkPayment(bill({ payments: [{ amountMinor: 999 }] }), { amountMinor: 2 })).toBe('PAYMENT_EXCEEDS_BALANCE');
    expect(checkPayment(bill({ lines: lines(0) }), { amountMinor: 1 })).toBe('PAYMENT_EXCEEDS_BALANCE');
  });
});

describe('status', () => {
  it('a bill is paid whenever its balance is 0', () => {
    expect(settledStatus(billTotals(bill({ lines: lines(0) })))).toBe('paid');
    expect(settledStatus(billTotals(bill({ payments: [{ amountMinor: 1000 }] })))).toBe('paid');
    expect(settledStatus(billTotals(bill({ payments: [{ amountMinor: 1000, reversed: true }] })))).toBe('unpaid');
  });
});
