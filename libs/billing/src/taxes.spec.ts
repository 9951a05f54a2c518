import fc from 'fast-check';
import { AmountOutOfRangeError } from './money';
import { adjustmentAmountMinor } from './totals';
import {
  billTaxFor,
  computeTaxes,
  TAX_CATEGORY_CODES,
  TAX_TREATMENTS,
  TaxBreakdown,
  TaxCategoryCode,
  TaxGroup,
  TaxInput,
  TaxInputError,
  TaxProblem,
  TaxRate,
  TaxSetupError,
  TaxTreatment,
  validateLineTaxes,
  validateTaxRate,
} from './taxes';

// Every expected amount below is computed by hand in the comment next to it, never by the code under test.

const MWST: TaxRate = { name: 'MwSt', ratePercent: 19, categoryCode: 'S' };
const VAT19: TaxRate = { name: 'VAT', ratePercent: 19, categoryCode: 'S' };
const VAT7: TaxRate = { name: 'VAT', ratePercent: '7', categoryCode: 'S' };
const GST: TaxRate = { name: 'GST', ratePercent: 5, categoryCode: 'S' };
const PST: TaxRate = { name: 'PST', ratePercent: 7, categoryCode: 'S' };
const ZERO: TaxRate = { name: 'Zero rated', ratePercent: 0, categoryCode: 'Z' };
const EXEMPT: TaxRate = { name: 'Exempt', ratePercent: '0', categoryCode: 'E', exemptionReason: 'Article 132(1)(c) 2006/112/EC' };
const OUTSIDE: TaxRate = { name: 'Outside scope', ratePercent: 0, categoryCode: 'O' };
const rate = (ratePercent: number | string, name = 'Tax'): TaxRate => ({ name, ratePercent, categoryCode: 'S' });

type Line = [netMinor: number, taxes: TaxRate[]];
const input = (treatment: TaxTreatment, lines: Line[], adjustmentsMinor: number[] = [], extra: Partial<TaxInput> = {}): TaxInput => ({
  currency: 'EUR',
  treatment,
  lines: lines.map(([netMinor, taxes]) => ({ netMinor, taxes })),
  adjustmentsMinor,
  ...extra,
});
const standard = (lines: Line[], adjustmentsMinor: number[] = [], extra: Partial<TaxInput> = {}) =>
  computeTaxes(input('standard', lines, adjustmentsMinor, extra));
const group = (
  name: string,
  categoryCode: TaxCategoryCode,
  ratePercent: string,
  baseMinor: number,
  amountMinor: number,
  exemptionReason: string | null = null,
): TaxGroup => ({ name, categoryCode, ratePercent, baseMinor, amountMinor, exemptionReason });
/** The problems a call throws (fails when it does not throw a TaxInputError). */
function problemsOf(call: () => unknown): TaxProblem[] {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(TaxInputError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as TaxInputError).code).toBe('INVALID_TAX');
    return [...(error as TaxInputError).problems];
  }
  throw new Error('expected a TaxInputError');
}
const fields = (problems: TaxProblem[]) => problems.map((p) => p.field);

describe('code lists', () => {
  it('are the EN 16931 categories (UNCL5305 subset) and the treatments', () => {
    expect(TAX_CATEGORY_CODES).toEqual(['S', 'Z', 'E', 'AE', 'K', 'G', 'O']);
    expect(TAX_TREATMENTS).toEqual(['none', 'standard', 'reverse_charge', 'exempt', 'export']);
    expect(Object.isFrozen(TAX_CATEGORY_CODES)).toBe(true);
    expect(Object.isFrozen(TAX_TREATMENTS)).toBe(true);
  });
});

describe('validateTaxRate', () => {
  it.each<[string, TaxRate]>([
    ['S 19 %', VAT19],
    ['S "7.75" %', rate('7.75')],
    ['S "33.3333" % (4 decimals)', rate('33.3333')],
    ['S 0.0001 % (the smallest)', rate(0.0001)],
    ['S 100 %', rate(100)],
    ['S "100.0000" %', rate('100.0000')],
    ['Z 0 %', ZERO],
    ['Z 0 % with a null reason', { ...ZERO, exemptionReason: null }],
    ['E with a reason', EXEMPT],
    ['AE 0 % without reason', { name: 'Reverse charge', ratePercent: 0, categoryCode: 'AE' }],
    ['AE 0 % with a reason', { name: 'Reverse charge', ratePercent: 0, categoryCode: 'AE', exemptionReason: 'Art. 196' }],
    ['K 0 %', { name: 'Intra-community', ratePercent: '0.0', categoryCode: 'K' }],
    ['G 0 %', { name: 'Export', ratePercent: 0, categoryCode: 'G' }],
    ['O 0 %', OUTSIDE],
    ['a name of 100 characters', rate(19, 'x'.repeat(100))],
    ['a name of 100 characters once trimmed', rate(19, `  ${'x'.repeat(100)}  `)],
    ['a name of 100 astral characters (counted as characters, not UTF-16 units)', rate(19, '𝐕'.repeat(100))],
  ])('accepts %s', (_, taxRate) => expect(validateTaxRate(taxRate)).toEqual([]));

  it.each<[string, TaxRate, string, RegExp]>([
    ['an unknown category', { ...VAT19, categoryCode: 'X' as never }, 'categoryCode', /one of S, Z, E, AE, K, G, O/],
    ['a lowercase category', { ...VAT19, categoryCode: 's' as never }, 'categoryCode', /one of/],
    ['a missing category', { ...VAT19, categoryCode: undefined as never }, 'categoryCode', /one of/],
    ['a percent with 5 decimals (string)', rate('19.00001'), 'ratePercent', /4 decimal/],
    ['a percent with 5 decimals (number)', rate(0.00001), 'ratePercent', /4 decimal/],
    ['a float artefact (0.1 + 0.2)', rate(0.1 + 0.2), 'ratePercent', /4 decimal/],
    ['a percent above 100', rate('100.0001'), 'ratePercent', /from 0 to 100/],
    ['101 %', rate(101), 'ratePercent', /from 0 to 100/],
    ['a negative percent', { ...ZERO, ratePercent: -1 }, 'ratePercent', /from 0 to 100/],
    ['NaN', rate(NaN), 'ratePercent', /4 decimal/],
    ['Infinity', rate(Infinity), 'ratePercent', /4 decimal/],
    ['exponent notation', rate('1e1'), 'ratePercent', /4 decimal/],
    ['a decimal comma', rate('19,5'), 'ratePercent', /4 decimal/],
    ['spaces', rate(' 19'), 'ratePercent', /4 decimal/],
    ['an empty percent', rate(''), 'ratePercent', /4 decimal/],
    ['a missing percent', rate(undefined as never), 'ratePercent', /4 decimal/],
    ['S at 0 %', rate(0), 'ratePercent', /above 0 for a standard-rated/],
    ['S at "0.0000" %', rate('0.0000'), 'ratePercent', /above 0/],
    ['Z at 7 %', { ...ZERO, ratePercent: 7 }, 'ratePercent', /must be 0 for category Z/],
    ['E at 19 %', { ...EXEMPT, ratePercent: 19 }, 'ratePercent', /must be 0 for category E/],
    ['AE at 0.0001 %', { name: 'RC', ratePercent: 0.0001, categoryCode: 'AE' }, 'ratePercent', /must be 0 for category AE/],
    ['K at 19 %', { name: 'IC', ratePercent: 19, categoryCode: 'K' }, 'ratePercent', /must be 0/],
    ['G at 19 %', { name: 'Export', ratePercent: 19, categoryCode: 'G' }, 'ratePercent', /must be 0/],
    ['O at 19 %', { ...OUTSIDE, ratePercent: 19 }, 'ratePercent', /must be 0/],
    ['E without reason', { ...EXEMPT, exemptionReason: undefined }, 'exemptionReason', /required/],
    ['E with a null reason', { ...EXEMPT, exemptionReason: null }, 'exemptionReason', /required/],
    ['E with a blank reason', { ...EXEMPT, exemptionReason: '   ' }, 'exemptionReason', /required/],
    ['S with a reason (BR-S-10)', { ...VAT19, exemptionReason: 'because' }, 'exemptionReason', /empty for category S/],
    ['Z with a reason (BR-Z-10)', { ...ZERO, exemptionReason: 'because' }, 'exemptionReason', /empty for category Z/],
    ['a reason that is not a text', { ...EXEMPT, exemptionReason: 12 as never }, 'exemptionReason', /text/],
    ['an empty name', rate(19, ''), 'name', /empty/],
    ['a blank name', rate(19, ' \t '), 'name', /empty/],
    ['a name that is not a text', rate(19, 7 as never), 'name', /empty/],
    ['a name of 101 characters', rate(19, 'x'.repeat(101)), 'name', /at most 100/],
  ])('refuses %s', (_, taxRate, field, message) => {
    const problems = validateTaxRate(taxRate);
    expect(problems).toEqual([{ field, message: expect.stringMatching(message) as string }]);
  });

  it('reports every problem at once, under the given field', () => {
    expect(
      fields(validateTaxRate({ name: '', ratePercent: 200, categoryCode: 'X' as never, exemptionReason: 5 as never }, 'taxes[0]')),
    ).toEqual(['taxes[0].name', 'taxes[0].ratePercent', 'taxes[0].categoryCode', 'taxes[0].exemptionReason']);
  });

  it('refuses what is not a rate at all', () => {
    expect(validateTaxRate(null as never)).toEqual([{ field: 'tax', message: 'must be a tax rate' }]);
    expect(validateTaxRate('19' as never, 'taxes[1]')).toEqual([{ field: 'taxes[1]', message: 'must be a tax rate' }]);
  });
});

describe('validateLineTaxes', () => {
  it('accepts no tax, one tax, and two different taxes (GST + PST), even at the same rate', () => {
    expect(validateLineTaxes([])).toEqual([]);
    expect(validateLineTaxes([VAT19])).toEqual([]);
    expect(validateLineTaxes([GST, PST])).toEqual([]);
    expect(validateLineTaxes([rate(4, 'State'), rate(4, 'City')])).toEqual([]);
  });

  it('refuses 3 taxes on a line', () => {
    expect(validateLineTaxes([GST, PST, rate(1, 'Levy')])).toEqual([{ field: 'taxes', message: 'must have at most 2 taxes' }]);
  });

  it('refuses the same tax twice: the same name, trimmed and in any case, whatever the rate', () => {
    expect(validateLineTaxes([VAT19, VAT19])).toEqual([{ field: 'taxes[1].name', message: 'is already a tax of the line' }]);
    expect(validateLineTaxes([VAT19, { ...VAT7, name: ' vat ' }])).toEqual([
      { field: 'taxes[1].name', message: 'is already a tax of the line' },
    ]);
  });

  it('names the rate of each problem', () => {
    expect(validateLineTaxes([GST, { ...PST, ratePercent: '7.00001' }], 'lines[2].taxes')).toEqual([
      { field: 'lines[2].taxes[1].ratePercent', message: expect.stringMatching(/4 decimal/) as string },
    ]);
    expect(fields(validateLineTaxes([GST, null as never]))).toEqual(['taxes[1]']);
  });

  it('refuses what is not a list', () => {
    expect(validateLineTaxes(VAT19 as never)).toEqual([{ field: 'taxes', message: 'must be a list of at most 2 taxes' }]);
    expect(fields(validateLineTaxes(undefined as never, 'lines[0].taxes'))).toEqual(['lines[0].taxes']);
  });
});

describe('computeTaxes: standard treatment', () => {
  it('German MSP: 19 % on 3 lines, a charge and a discount, rounded once for the group', () => {
    // Lines: 12 sessions × 45.00 = 540.00; 2.75 h × 45.00 = 123.75; 10 devices × 8.99 = 89.90 → subtotal 753.65.
    // Charge: on-site fee 25.00. Discount: 10 % of the subtotal = 75.365 → 75.37 (totals.ts, half away from zero).
    expect(adjustmentAmountMinor(75365, { type: 'discount', percent: 10 })).toBe(7537);
    // Net = 753.65 + 25.00 − 75.37 = 703.28. VAT = 703.28 × 19 % = 133.6232 → 133.62. Gross = 703.28 + 133.62 = 836.90.
    const result = standard(
      [
        [54000, [MWST]],
        [12375, [MWST]],
        [8990, [MWST]],
      ],
      [2500, -7537],
    );
    expect(result).toEqual<TaxBreakdown>({
      netMinor: 70328,
      taxes: [{ name: 'MwSt', categoryCode: 'S', ratePercent: '19', baseMinor: 70328, amountMinor: 13362, exemptionReason: null }],
      taxSets: [{ taxes: [0], lines: [0, 1, 2], linesNetMinor: 75365, adjustmentSharesMinor: [2500, -7537], baseMinor: 70328 }],
      taxMinor: 13362,
      grossMinor: 83690,
      note: null,
    });
  });

  it('rounds exactly half a minor unit away from zero, both signs', () => {
    // 2.50 × 1 % = 2.5 → 3; 2.49 → 2.49 → 2; 2.51 → 2.51 → 3
    expect(standard([[250, [rate(1)]]]).taxMinor).toBe(3);
    expect(standard([[249, [rate(1)]]]).taxMinor).toBe(2);
    expect(standard([[251, [rate(1)]]]).taxMinor).toBe(3);
    // 0.01 × 50 % = 0.5 → 1; 0.03 × 50 % = 1.5 → 2
    expect(standard([[1, [rate(50)]]]).taxMinor).toBe(1);
    expect(standard([[3, [rate(50)]]]).taxMinor).toBe(2);
    // A negative base (a discount above the line, allowed here; totals.ts refuses it on a bill):
    // 100 − 350 = −250 at 1 % = −2.5 → −3; gross = −250 − 3 = −253
    expect(standard([[100, [rate(1)]]], [-350])).toMatchObject({
      netMinor: -250,
      taxes: [{ baseMinor: -250, amountMinor: -3 }],
      taxMinor: -3,
      grossMinor: -253,
    });
    // 1 − 250 = −249 at 1 % = −2.49 → −2; 0 − 1 = −1 at 50 % = −0.5 → −1; 0 − 3 at 50 % = −1.5 → −2
    expect(standard([[1, [rate(1)]]], [-250]).taxMinor).toBe(-2);
    expect(standard([[0, [rate(50)]]], [-1]).taxMinor).toBe(-1);
    expect(standard([[0, [rate(50)]]], [-3]).taxMinor).toBe(-2);
  });

  it('US sales tax at 7.75 % and 8.875 %', () => {
    // 19.99 + 49.99 + 125.00 = 194.98; × 7.75 % = 15.110950 → 15.11; gross 210.09
    expect(
      standard([
        [1999, [rate('7.75', 'Sales tax')]],
        [4999, [rate('7.75', 'Sales tax')]],
        [12500, [rate('7.75', 'Sales tax')]],
      ]),
    ).toMatchObject({ netMinor: 19498, taxes: [group('Sales tax', 'S', '7.75', 19498, 1511)], taxMinor: 1511, grossMinor: 21009 });
    // 2.00 × 7.75 % = 0.155 → 0.16 (a half)
    expect(standard([[200, [rate(7.75)]]]).taxMinor).toBe(16);
    // NYC 8.875 %: 100.00 → 8.875 → 8.88 (a half); 123.45 → 10.9561875 → 10.96
    expect(standard([[10000, [rate(8.875, 'NYC sales tax')]]]).taxes).toEqual([group('NYC sales tax', 'S', '8.875', 10000, 888)]);
    expect(standard([[12345, [rate('8.875')]]]).taxMinor).toBe(1096);
  });

  it('Canada GST 5 % + PST 7 % on the same lines: two groups, each on the net (never tax on tax)', () => {
    // Net = 100.00 + 25.50 − 10.00 = 115.50. GST = 115.50 × 5 % = 5.775 → 5.78. PST = 115.50 × 7 % = 8.085 → 8.09
    // (PST on net + GST would be 121.28 × 7 % = 8.49). Tax = 13.87; gross = 129.37.
    expect(
      standard(
        [
          [10000, [GST, PST]],
          [2550, [GST, PST]],
        ],
        [-1000],
      ),
    ).toEqual<TaxBreakdown>({
      netMinor: 11550,
      taxes: [group('GST', 'S', '5', 11550, 578), group('PST', 'S', '7', 11550, 809)],
      taxSets: [{ taxes: [0, 1], lines: [0, 1], linesNetMinor: 12550, adjustmentSharesMinor: [-1000], baseMinor: 11550 }],
      taxMinor: 1387,
      grossMinor: 12937,
      note: null,
    });
    // Quebec: QST 9.975 % on 115.50 = 11.5211250 → 11.52
    expect(standard([[11550, [GST, rate('9.975', 'QST')]]]).taxes).toEqual([
      group('GST', 'S', '5', 11550, 578),
      group('QST', 'S', '9.975', 11550, 1152),
    ]);
  });

  it('the order of the taxes on a line does not make another set; groups follow their first appearance', () => {
    // One set {GST, PST}, net 10.00 + 20.00 = 30.00: GST 1.50, PST 2.10
    expect(
      standard([
        [1000, [GST, PST]],
        [2000, [PST, GST]],
      ]),
    ).toMatchObject({
      taxes: [group('GST', 'S', '5', 3000, 150), group('PST', 'S', '7', 3000, 210)],
      taxSets: [{ taxes: [0, 1], lines: [0, 1] }],
    });
  });

  it('a line with GST + PST and a PST-exempt line with GST only: the discount is split by the sets’ nets', () => {
    // Sets: {GST, PST} net 100.00, {GST} net 50.00; discount 15.00 splits 15.00 × 100/150 = 10.00 and 5.00 (exact).
    // GST base = 90.00 + 45.00 = 135.00 → 6.75; PST base = 90.00 → 6.30. Net 135.00, tax 13.05, gross 148.05.
    expect(
      standard(
        [
          [10000, [GST, PST]],
          [5000, [GST]],
        ],
        [-1500],
      ),
    ).toEqual<TaxBreakdown>({
      netMinor: 13500,
      taxes: [group('GST', 'S', '5', 13500, 675), group('PST', 'S', '7', 9000, 630)],
      taxSets: [
        { taxes: [0, 1], lines: [0], linesNetMinor: 10000, adjustmentSharesMinor: [-1000], baseMinor: 9000 },
        { taxes: [0], lines: [1], linesNetMinor: 5000, adjustmentSharesMinor: [-500], baseMinor: 4500 },
      ],
      taxMinor: 1305,
      grossMinor: 14805,
      note: null,
    });
  });

  it('JPY (0 decimals): 10 % and reduced 8 %, a discount and a charge each split by largest remainder', () => {
    // Sets: 10 % net ¥12,800, 8 % net ¥3,300; N = 16,100.
    // Discount ¥500: exact shares 500 × 12800/16100 = 397.5155…, 500 × 3300/16100 = 102.4844…; floors 397 + 102 = 499,
    //   the 1 yen left goes to the larger remainder (.5155, the 10 % set): −398, −102.
    // Charge ¥300: 300 × 12800/16100 = 238.5093…, 300 × 3300/16100 = 61.4906…; floors 238 + 61 = 299, +1 to the 10 % set: 239, 61.
    // Bases: 12800 − 398 + 239 = 12641 → 10 % = 1264.1 → 1264; 3300 − 102 + 61 = 3259 → 8 % = 260.72 → 261.
    // Net = 12800 + 3300 − 500 + 300 = 15900; tax = 1264 + 261 = 1525; gross = 15900 + 1525 = 17425.
    expect(
      standard(
        [
          [12800, [rate(10, 'JCT')]],
          [3300, [rate(8, 'JCT')]],
        ],
        [-500, 300],
        { currency: 'JPY' },
      ),
    ).toEqual<TaxBreakdown>({
      netMinor: 15900,
      taxes: [group('JCT', 'S', '10', 12641, 1264), group('JCT', 'S', '8', 3259, 261)],
      taxSets: [
        { taxes: [0], lines: [0], linesNetMinor: 12800, adjustmentSharesMinor: [-398, 239], baseMinor: 12641 },
        { taxes: [1], lines: [1], linesNetMinor: 3300, adjustmentSharesMinor: [-102, 61], baseMinor: 3259 },
      ],
      taxMinor: 1525,
      grossMinor: 17425,
      note: null,
    });
  });

  it('largest remainder gives the extra unit by remainder, not by size', () => {
    // Sets VAT 19 % net 60.00, VAT 7 % net 40.00; discount 0.07: exact 0.042 and 0.028 → floors 4 + 2 = 6 cents,
    // the cent left goes to the larger remainder .8 (the SMALLER set): −4, −3.
    // Bases 59.96 → 19 % = 11.3924 → 11.39; 39.97 → 7 % = 2.7979 → 2.80. Net 99.93, tax 14.19, gross 114.12.
    expect(
      standard(
        [
          [6000, [VAT19]],
          [4000, [VAT7]],
        ],
        [-7],
      ),
    ).toMatchObject({
      netMinor: 9993,
      taxes: [group('VAT', 'S', '19', 5996, 1139), group('VAT', 'S', '7', 3997, 280)],
      taxSets: [{ adjustmentSharesMinor: [-4] }, { adjustmentSharesMinor: [-3] }],
      taxMinor: 1419,
      grossMinor: 11412,
    });
  });

  it('breaks a tie in favour of the set of the earlier line', () => {
    // Equal nets 10.00 and 10.00, discount 0.01: 0.005 each, floors 0 + 0, the cent goes to the first line's set.
    // 19 % first: 9.99 × 19 % = 1.8981 → 1.90, 10.00 × 7 % = 0.70.
    expect(
      standard(
        [
          [1000, [VAT19]],
          [1000, [VAT7]],
        ],
        [-1],
      ),
    ).toMatchObject({
      taxes: [
        { baseMinor: 999, amountMinor: 190 },
        { baseMinor: 1000, amountMinor: 70 },
      ],
      taxMinor: 260,
    });
    // 7 % first: 9.99 × 7 % = 0.6993 → 0.70, 10.00 × 19 % = 1.90.
    expect(
      standard(
        [
          [1000, [VAT7]],
          [1000, [VAT19]],
        ],
        [-1],
      ),
    ).toMatchObject({
      taxes: [group('VAT', 'S', '7', 999, 70), group('VAT', 'S', '19', 1000, 190)],
      taxSets: [{ adjustmentSharesMinor: [-1] }, { adjustmentSharesMinor: [0] }],
    });
    // Three equal sets and 0.02: 2/3 each, floors 0, the 2 cents go to the first two sets; a charge the same, positive.
    expect(
      standard(
        [
          [1000, [VAT19]],
          [1000, [VAT7]],
          [1000, [ZERO]],
        ],
        [-2, 2],
      ).taxSets.map((set) => set.adjustmentSharesMinor),
    ).toEqual([
      [-1, 1],
      [-1, 1],
      [0, 0],
    ]);
  });

  it('a set of several lines counts all their nets, wherever the lines are', () => {
    // Sets: 19 % lines 0 and 2 (10.00 + 20.00 = 30.00), 7 % line 1 (10.00); discount 4.00 → 3.00 and 1.00.
    // 27.00 × 19 % = 5.13; 9.00 × 7 % = 0.63.
    expect(
      standard(
        [
          [1000, [VAT19]],
          [1000, [VAT7]],
          [2000, [VAT19]],
        ],
        [-400],
      ),
    ).toMatchObject({
      taxes: [group('VAT', 'S', '19', 2700, 513), group('VAT', 'S', '7', 900, 63)],
      taxSets: [
        { lines: [0, 2], linesNetMinor: 3000, adjustmentSharesMinor: [-300] },
        { lines: [1], linesNetMinor: 1000, adjustmentSharesMinor: [-100] },
      ],
    });
  });

  it('lines of 0 in several sets: an adjustment goes whole to the set of the first line', () => {
    // 5.00 charge, nothing to weigh by → 19 % set: 5.00 × 19 % = 0.95; the 7 % group stays, base 0.
    expect(
      standard(
        [
          [0, [VAT19]],
          [0, [VAT7]],
        ],
        [500],
      ),
    ).toMatchObject({
      netMinor: 500,
      taxes: [group('VAT', 'S', '19', 500, 95), group('VAT', 'S', '7', 0, 0)],
      taxMinor: 95,
      grossMinor: 595,
    });
  });

  it('BHD (3 decimals): 10 % VAT rounded to the fils', () => {
    // 12.345 + 2.500 + charge 0.150 = 14.995 BHD; × 10 % = 1.4995 → 1.500; gross 16.495
    expect(
      standard(
        [
          [12345, [rate(10, 'VAT')]],
          [2500, [rate(10, 'VAT')]],
        ],
        [150],
        { currency: 'BHD' },
      ),
    ).toMatchObject({ netMinor: 14995, taxes: [group('VAT', 'S', '10', 14995, 1500)], taxMinor: 1500, grossMinor: 16495 });
  });

  it('rounds once per group, not per line (BR-CO-17): the totals differ', () => {
    // 3 lines of 10.50 at 19 %. Per line: 10.50 × 19 % = 1.995 → 2.00, three times = 6.00.
    // Per group: 31.50 × 19 % = 5.985 → 5.99. The breakdown says 5.99.
    const perLineRoundedSum = 200 + 200 + 200;
    const result = standard([
      [1050, [VAT19]],
      [1050, [VAT19]],
      [1050, [VAT19]],
    ]);
    expect(result.taxes).toEqual([group('VAT', 'S', '19', 3150, 599)]);
    expect(result.taxMinor).toBe(599);
    expect(result.taxMinor).not.toBe(perLineRoundedSum);
  });

  it('takes 4-decimal rates and normalises the rate of a group', () => {
    // 300.00 × 33.3333 % = 99.9999 → 100.00; 10.00 × 12.345 % = 1.2345 → 1.23
    expect(standard([[30000, [rate('33.3333')]]]).taxes).toEqual([group('Tax', 'S', '33.3333', 30000, 10000)]);
    expect(standard([[1000, [rate(12.345)]]]).taxes).toEqual([group('Tax', 'S', '12.345', 1000, 123)]);
    // 19, "19.00", "19.0000" and "019" are one group "19"; " VAT " is "VAT": 4 × 10.00 = 40.00 × 19 % = 7.60
    expect(
      standard([
        [1000, [{ ...VAT19, ratePercent: 19 }]],
        [1000, [{ ...VAT19, ratePercent: '19.00' }]],
        [1000, [{ ...VAT19, ratePercent: '19.0000', name: ' VAT ' }]],
        [1000, [{ ...VAT19, ratePercent: '019' }]],
      ]).taxes,
    ).toEqual([group('VAT', 'S', '19', 4000, 760)]);
    // "7.750" → "7.75"; 100 → "100"; 0.0001 → "0.0001" (10 000.00 × 0.0001 % = 0.01)
    expect(standard([[100, [rate('7.750')]]]).taxes[0].ratePercent).toBe('7.75');
    expect(standard([[100, [rate('100.0')]]]).taxes).toEqual([group('Tax', 'S', '100', 100, 100)]);
    expect(standard([[1000000, [rate(0.0001)]]]).taxes).toEqual([group('Tax', 'S', '0.0001', 1000000, 1)]);
  });

  it('0 % groups (Z, E, O) appear in the breakdown with their base and reason', () => {
    // Z 10.00, E 20.00, O 3.00 at 0 %; VAT 5.00 × 19 % = 0.95
    expect(
      standard([
        [1000, [ZERO]],
        [2000, [EXEMPT]],
        [300, [OUTSIDE]],
        [500, [VAT19]],
      ]),
    ).toMatchObject({
      netMinor: 3800,
      taxes: [
        group('Zero rated', 'Z', '0', 1000, 0),
        group('Exempt', 'E', '0', 2000, 0, 'Article 132(1)(c) 2006/112/EC'),
        group('Outside scope', 'O', '0', 300, 0),
        group('VAT', 'S', '19', 500, 95),
      ],
      taxMinor: 95,
      grossMinor: 3895,
      note: null,
    });
  });

  it('the same name at two rates is two groups (VAT 19 % and VAT 7 % on different lines)', () => {
    // 10.00 × 19 % = 1.90; 10.00 × 7 % = 0.70
    expect(
      standard([
        [1000, [VAT19]],
        [1000, [VAT7]],
      ]).taxes,
    ).toEqual([group('VAT', 'S', '19', 1000, 190), group('VAT', 'S', '7', 1000, 70)]);
  });

  it('an exemption reason is trimmed; the same reason in two lines is one group', () => {
    // Exempt 10.00 + 20.00 = 30.00 at 0 %
    expect(
      standard([
        [1000, [{ ...EXEMPT, exemptionReason: 'Art. 132' }]],
        [2000, [{ ...EXEMPT, exemptionReason: '  Art. 132 ' }]],
      ]).taxes,
    ).toEqual([group('Exempt', 'E', '0', 3000, 0, 'Art. 132')]);
  });

  it('an empty bill has no groups and is 0', () => {
    expect(standard([])).toEqual<TaxBreakdown>({ netMinor: 0, taxes: [], taxSets: [], taxMinor: 0, grossMinor: 0, note: null });
  });

  it('computes past 2^53 inside and returns exact safe integers', () => {
    // 2^52 = 4 503 599 627 370 496 at 19 %: × 19 = 85 568 392 920 039 424, / 100 = 855 683 929 200 394.24 → …394
    // gross = 4 503 599 627 370 496 + 855 683 929 200 394 = 5 359 283 556 570 890
    expect(standard([[2 ** 52, [VAT19]]])).toMatchObject({
      netMinor: 4503599627370496,
      taxMinor: 855683929200394,
      grossMinor: 5359283556570890,
    });
  });

  it('refuses a result that is not a safe integer', () => {
    expect(() => standard([[Number.MAX_SAFE_INTEGER, [VAT19]]])).toThrow(AmountOutOfRangeError); // gross
    expect(() => standard([[Number.MAX_SAFE_INTEGER, [VAT19]]], [1])).toThrow(AmountOutOfRangeError); // net
    expect(() => computeTaxes(input('none', [[Number.MAX_SAFE_INTEGER, []]], [1]))).toThrow(AmountOutOfRangeError);
  });
});

describe('computeTaxes: treatments that do not charge the rates', () => {
  // The rates of the lines (19 % and 7 %) are ignored; one 0 % group holds the whole net and the adjustments
  // go to it whole: 540.00 + 89.90 − 20.00 = 609.90.
  const lines: Line[] = [
    [54000, [VAT19]],
    [8990, [VAT7]],
  ];
  const oneSet = { taxes: [0], lines: [0, 1], linesNetMinor: 62990, adjustmentSharesMinor: [-2000], baseMinor: 60990 };

  it('reverse charge: one AE 0 % group with the base, note reverse_charge', () => {
    expect(computeTaxes(input('reverse_charge', lines, [-2000]))).toEqual<TaxBreakdown>({
      netMinor: 60990,
      taxes: [group('Reverse charge', 'AE', '0', 60990, 0)],
      taxSets: [oneSet],
      taxMinor: 0,
      grossMinor: 60990,
      note: 'reverse_charge',
    });
    expect(computeTaxes(input('reverse_charge', lines, [-2000], { exemptionReason: ' Article 196 2006/112/EC ' })).taxes).toEqual([
      group('Reverse charge', 'AE', '0', 60990, 0, 'Article 196 2006/112/EC'),
    ]);
  });

  it('exempt: one E 0 % group with the exemption reason, note exempt; the reason is required', () => {
    expect(computeTaxes(input('exempt', lines, [-2000], { exemptionReason: 'Article 132(1)(i) 2006/112/EC' }))).toEqual<TaxBreakdown>({
      netMinor: 60990,
      taxes: [group('Exempt', 'E', '0', 60990, 0, 'Article 132(1)(i) 2006/112/EC')],
      taxSets: [oneSet],
      taxMinor: 0,
      grossMinor: 60990,
      note: 'exempt',
    });
    for (const exemptionReason of [undefined, null, '', '  ']) {
      expect(problemsOf(() => computeTaxes(input('exempt', lines, [], { exemptionReason })))).toEqual([
        { field: 'exemptionReason', message: 'is required for an exempt bill' },
      ]);
    }
  });

  it('export: one G 0 % group, note export', () => {
    expect(computeTaxes(input('export', lines, [-2000]))).toEqual<TaxBreakdown>({
      netMinor: 60990,
      taxes: [group('Export', 'G', '0', 60990, 0)],
      taxSets: [oneSet],
      taxMinor: 0,
      grossMinor: 60990,
      note: 'export',
    });
  });

  it('accepts lines without taxes, still validates the taxes lines carry, and has no group without lines', () => {
    expect(computeTaxes(input('export', [[100, []]])).taxes).toEqual([group('Export', 'G', '0', 100, 0)]);
    expect(fields(problemsOf(() => computeTaxes(input('reverse_charge', [[100, [GST, PST, VAT19]]]))))).toEqual(['lines[0].taxes']);
    expect(computeTaxes(input('reverse_charge', []))).toEqual<TaxBreakdown>({
      netMinor: 0,
      taxes: [],
      taxSets: [],
      taxMinor: 0,
      grossMinor: 0,
      note: 'reverse_charge',
    });
  });

  it('none (bills from before taxes): no group at all, tax 0, gross = net; the reason is ignored', () => {
    // 10.00 + 5.00 + charge 2.00 = 17.00
    expect(
      computeTaxes(
        input(
          'none',
          [
            [1000, [VAT19]],
            [500, []],
          ],
          [200],
          { exemptionReason: 'ignored' },
        ),
      ),
    ).toEqual<TaxBreakdown>({ netMinor: 1700, taxes: [], taxSets: [], taxMinor: 0, grossMinor: 1700, note: null });
    expect(computeTaxes(input('none', [], [300]))).toMatchObject({ netMinor: 300, grossMinor: 300, taxes: [] });
    expect(fields(problemsOf(() => computeTaxes(input('none', [[100, [VAT19, VAT19]]]))))).toEqual(['lines[0].taxes[1].name']);
  });

  it('standard ignores the bill-level exemption reason', () => {
    expect(standard([[1000, [VAT19]]], [], { exemptionReason: 'Art. 132' }).taxes).toEqual([group('VAT', 'S', '19', 1000, 190)]);
  });
});

describe('computeTaxes: invalid input is refused, every problem named by field', () => {
  it('lists every problem of the input', () => {
    const problems = problemsOf(() =>
      computeTaxes({
        currency: 'usd',
        treatment: 'vat' as never,
        lines: [
          { netMinor: -1, taxes: [] },
          { netMinor: 1.5, taxes: [GST, PST, rate(1, 'Levy')] },
        ],
        adjustmentsMinor: [0.5, Number.MAX_SAFE_INTEGER + 1],
        exemptionReason: 3 as never,
      }),
    );
    expect(fields(problems)).toEqual([
      'currency',
      'treatment',
      'exemptionReason',
      'adjustmentsMinor[0]',
      'adjustmentsMinor[1]',
      'lines[0].netMinor',
      'lines[1].netMinor',
      'lines[1].taxes',
    ]);
  });

  it.each<[string, TaxInput, string[]]>([
    ['an unknown currency', input('standard', [[100, [VAT19]]], [], { currency: 'XYZ' }), ['currency']],
    ['an unknown category', input('standard', [[100, [{ ...VAT19, categoryCode: 'VAT' as never }]]]), ['lines[0].taxes[0].categoryCode']],
    ['5 decimals', input('standard', [[100, [rate('7.12345')]]]), ['lines[0].taxes[0].ratePercent']],
    ['more than 100 %', input('standard', [[100, [rate(100.5)]]]), ['lines[0].taxes[0].ratePercent']],
    ['3 taxes on a line', input('standard', [[100, [GST, PST, rate(1, 'Levy')]]]), ['lines[0].taxes']],
    ['S at 0 %', input('standard', [[100, [rate(0)]]]), ['lines[0].taxes[0].ratePercent']],
    ['E without reason', input('standard', [[100, [{ ...EXEMPT, exemptionReason: null }]]]), ['lines[0].taxes[0].exemptionReason']],
    ['the same tax twice on a line', input('standard', [[100, [VAT19, VAT7]]]), ['lines[0].taxes[1].name']],
    [
      'a line without tax under standard',
      input('standard', [
        [100, [VAT19]],
        [200, []],
      ]),
      ['lines[1].taxes'],
    ],
    ['a negative line', input('standard', [[-100, [VAT19]]]), ['lines[0].netMinor']],
    ['a fractional line', input('standard', [[0.5, [VAT19]]]), ['lines[0].netMinor']],
    ['an unsafe line', input('standard', [[2 ** 53, [VAT19]]]), ['lines[0].netMinor']],
    ['a fractional adjustment', input('standard', [[100, [VAT19]]], [1, 0.1]), ['adjustmentsMinor[1]']],
    ['an adjustment without a line to carry it', input('standard', [], [100]), ['adjustmentsMinor']],
    ['an adjustment without a line, exempt', input('exempt', [], [-100], { exemptionReason: 'x' }), ['adjustmentsMinor']],
    [
      'two reasons for the same exempt tax',
      input('standard', [
        [100, [{ ...EXEMPT, exemptionReason: 'Art. 132' }]],
        [200, [VAT19]],
        [300, [{ ...EXEMPT, exemptionReason: 'Art. 135' }]],
      ]),
      ['lines[2].taxes[0].exemptionReason'],
    ],
    ['a missing line list', { ...input('standard', []), lines: undefined as never }, ['lines']],
    ['a missing adjustment list', { ...input('standard', []), adjustmentsMinor: null as never }, ['adjustmentsMinor']],
    ['a line that is not a line', { ...input('standard', []), lines: [null as never] }, ['lines[0].netMinor', 'lines[0].taxes']],
  ])('refuses %s', (_, taxInput, expected) => {
    expect(fields(problemsOf(() => computeTaxes(taxInput)))).toEqual(expected);
  });

  it('says why, in the error message too', () => {
    expect(() => standard([[100, []]])).toThrow(/lines\[0\]\.taxes: must have a tax under the standard treatment \(category O/);
    const [problem] = problemsOf(() =>
      standard([
        [100, [{ ...EXEMPT, exemptionReason: 'A' }]],
        [100, [{ ...EXEMPT, exemptionReason: 'B' }]],
      ]),
    );
    expect(problem).toEqual({
      field: 'lines[1].taxes[0].exemptionReason',
      message: 'differs from the exemption reason of the same tax on lines[0]',
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties, against an independent model: exact rationals (bigint numerator / denominator) and its own rounding.

/** A decimal text ("7.75", "19", "0.0001") as an exact fraction [numerator, denominator]. */
function decimalFraction(text: string): [bigint, bigint] {
  const [whole, fraction = ''] = text.split('.');
  return [BigInt(whole + fraction), 10n ** BigInt(fraction.length)];
}
/** n / d (d > 0) rounded to the nearest integer, halves away from zero: sign × floor((2|n| + d) / 2d). */
function modelRound(n: bigint, d: bigint): bigint {
  const magnitude = n < 0n ? -n : n;
  const rounded = (2n * magnitude + d) / (2n * d);
  return n < 0n ? -rounded : rounded;
}
function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b);
}
/** The fraction of the base a rate takes: percent / 100, in lowest terms, as "n/d". */
function rateKey(ratePercent: number | string): string {
  const [n, d] = decimalFraction(String(ratePercent));
  const g = gcd(n, d * 100n) || 1n;
  return `${n / g}/${(d * 100n) / g}`;
}

/** Palette: several rates collide on name (VAT 19 / VAT 7) or rate (PST 7 / VAT 7), so sets and groups overlap. */
const PALETTE: TaxRate[] = [
  VAT19,
  VAT7,
  GST,
  { ...PST, ratePercent: '7.0' },
  rate('9.975', 'QST'),
  rate(8.875, 'Sales tax'),
  ZERO,
  EXEMPT,
  OUTSIDE,
];
const arbitraryInput: fc.Arbitrary<TaxInput> = fc
  .record({
    extraRatesE4: fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 3 }),
    treatment: fc.oneof(
      { arbitrary: fc.constant<TaxTreatment>('standard'), weight: 3 },
      { arbitrary: fc.constantFrom(...TAX_TREATMENTS), weight: 2 },
    ),
  })
  .chain(({ extraRatesE4, treatment }) => {
    // extra rates written with 4 decimals, trailing zeros kept ("7.5000"), to exercise normalisation
    const extras = extraRatesE4.map((e4, k) => rate(`${Math.floor(e4 / 10_000)}.${String(e4 % 10_000).padStart(4, '0')}`, `Extra ${k}`));
    const pool = [...PALETTE, ...extras];
    const taxes = fc
      .uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), {
        minLength: treatment === 'standard' ? 1 : 0,
        maxLength: 2,
        selector: (i) => pool[i].name,
      })
      .map((indexes) => indexes.map((i) => pool[i]));
    // equal nets and tiny adjustments make ties of remainders common
    const netMinor = fc.oneof(fc.constantFrom(0, 1000), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1e12 }));
    return fc.record({
      currency: fc.constantFrom('EUR', 'USD', 'JPY', 'BHD', 'CAD'),
      treatment: fc.constant(treatment),
      lines: fc.array(fc.record({ netMinor, taxes }), { minLength: 1, maxLength: 8 }),
      adjustmentsMinor: fc.array(
        fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1e12, max: 1e12 })),
        {
          maxLength: 4,
        },
      ),
      exemptionReason: treatment === 'exempt' ? fc.constant('Exempt under Article 132') : fc.constantFrom(null, 'A reason'),
    });
  });

const CATEGORY_OF: Record<string, string> = { reverse_charge: 'AE', exempt: 'E', export: 'G' };

describe('computeTaxes properties (independent model)', () => {
  it('net, tax and gross identities; each group is the model’s rounding of its base × rate', () => {
    fc.assert(
      fc.property(arbitraryInput, (i) => {
        const r = computeTaxes(i);
        const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + BigInt(x), 0n);
        const net = sum(i.lines.map((l) => l.netMinor)) + sum(i.adjustmentsMinor);
        expect(BigInt(r.netMinor)).toBe(net);
        expect(BigInt(r.taxMinor)).toBe(sum(r.taxes.map((t) => t.amountMinor)));
        expect(BigInt(r.grossMinor)).toBe(net + BigInt(r.taxMinor));
        for (const value of [r.netMinor, r.taxMinor, r.grossMinor, ...r.taxes.flatMap((t) => [t.baseMinor, t.amountMinor])]) {
          expect(Number.isSafeInteger(value)).toBe(true);
        }

        if (i.treatment === 'none') {
          expect(r).toMatchObject({ taxes: [], taxSets: [], taxMinor: 0, note: null });
          return;
        }
        if (i.treatment !== 'standard') {
          // one 0 % group of the treatment's category holding the whole net
          expect(r.taxes).toEqual([
            {
              name: expect.any(String) as string,
              categoryCode: CATEGORY_OF[i.treatment],
              ratePercent: '0',
              baseMinor: r.netMinor,
              amountMinor: 0,
              exemptionReason: i.exemptionReason ?? null,
            },
          ]);
          expect(r.note).toBe(i.treatment);
          return;
        }

        // Model groups: (trimmed name, category, exact rate), in order of first appearance.
        const keys: string[] = [];
        const keyOfRate = (t: TaxRate) => `${t.name.trim()}|${t.categoryCode}|${rateKey(t.ratePercent)}`;
        const modelRates = new Map<string, TaxRate>();
        for (const line of i.lines) {
          for (const t of line.taxes) {
            if (!keys.includes(keyOfRate(t))) keys.push(keyOfRate(t));
            modelRates.set(keyOfRate(t), t);
          }
        }
        expect(r.taxes.map((t) => `${t.name}|${t.categoryCode}|${rateKey(t.ratePercent)}`)).toEqual(keys);
        for (const t of r.taxes) expect(t.ratePercent).toMatch(/^(0|[1-9]\d*)(\.\d*[1-9])?$/); // no trailing zeros

        // Model sets: lines with the same groups, in order of their first line.
        const setKeys: string[] = [];
        const setLines: number[][] = [];
        i.lines.forEach((line, index) => {
          const key = JSON.stringify(line.taxes.map((t) => keys.indexOf(keyOfRate(t))).sort((a, b) => a - b));
          if (!setKeys.includes(key)) {
            setKeys.push(key);
            setLines.push([]);
          }
          setLines[setKeys.indexOf(key)].push(index);
        });
        expect(r.taxSets.map((s) => JSON.stringify(s.taxes))).toEqual(setKeys);
        expect(r.taxSets.map((s) => s.lines)).toEqual(setLines);
        const weights = setLines.map((ls) => sum(ls.map((l) => i.lines[l].netMinor)));
        expect(r.taxSets.map((s) => BigInt(s.linesNetMinor))).toEqual(weights);

        // Each adjustment: shares sum to it and satisfy the largest-remainder rule.
        const total = weights.reduce((s, w) => s + w, 0n);
        i.adjustmentsMinor.forEach((adjustment, k) => {
          const shares = r.taxSets.map((s) => BigInt(s.adjustmentSharesMinor[k]));
          expect(shares.reduce((s, x) => s + x, 0n)).toBe(BigInt(adjustment));
          if (weights.length === 1 || total === 0n) {
            expect(shares).toEqual(weights.map((_, s) => (s === 0 ? BigInt(adjustment) : 0n)));
            return;
          }
          const sign = adjustment < 0 ? -1n : 1n;
          const magnitude = BigInt(adjustment) * sign;
          // exact share of set s = magnitude × w_s / total = floor_s + frac_s / total
          const floors = weights.map((w) => (magnitude * w) / total);
          const fracs = weights.map((w, s) => magnitude * w - floors[s] * total);
          const extra = shares.map((share, s) => share * sign - floors[s]);
          for (const e of extra) expect(e === 0n || e === 1n).toBe(true);
          extra.forEach((e, s) => {
            if (e === 1n) expect(fracs[s] > 0n).toBe(true);
          });
          // every set that got the extra unit has a larger remainder than one that did not, or an equal one and an earlier line
          for (let s = 0; s < weights.length; s += 1) {
            for (let t = 0; t < weights.length; t += 1) {
              if (extra[s] === 1n && extra[t] === 0n) expect(fracs[s] > fracs[t] || (fracs[s] === fracs[t] && s < t)).toBe(true);
            }
          }
        });

        // Group base = Σ over its sets of (lines' net + shares); tax = model rounding of base × rate.
        r.taxes.forEach((t, g) => {
          let base = 0n;
          r.taxSets.forEach((s, index) => {
            if (s.taxes.includes(g)) base += weights[index] + s.adjustmentSharesMinor.reduce((x, y) => x + BigInt(y), 0n);
          });
          expect(BigInt(t.baseMinor)).toBe(base);
          const [n, d] = decimalFraction(String(modelRates.get(keys[g])!.ratePercent));
          expect(BigInt(t.amountMinor)).toBe(modelRound(base * n, d * 100n));
        });
        expect(r.note).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('is symmetric: negating every adjustment negates every share', () => {
    fc.assert(
      fc.property(arbitraryInput, (i) => {
        const negated = { ...i, adjustmentsMinor: i.adjustmentsMinor.map((a) => -a) };
        const shares = computeTaxes(i).taxSets.map((s) => s.adjustmentSharesMinor);
        const negatedShares = computeTaxes(negated).taxSets.map((s) => s.adjustmentSharesMinor.map((a) => -a));
        expect(negatedShares.map((xs) => xs.map((x) => x + 0))).toEqual(shares.map((xs) => xs.map((x) => x + 0))); // +0: −0 is 0
      }),
      { numRuns: 200 },
    );
  });
});

describe('billTaxFor', () => {
  const vat = { name: 'VAT', ratePercent: '19', categoryCode: 'S' as const };

  it('standard with rates taxes them; standard without any is untaxed (none)', () => {
    expect(billTaxFor({ treatment: 'standard', rates: [vat] })).toEqual({
      treatment: 'standard',
      rates: [{ ...vat, exemptionReason: null }],
      exemptionReason: null,
    });
    expect(billTaxFor({ treatment: 'standard', rates: [] })).toEqual({ treatment: 'none', rates: [], exemptionReason: null });
  });

  it('reverse charge needs both VAT IDs', () => {
    expect(() => billTaxFor({ treatment: 'reverse_charge', rates: [], buyerVatId: 'ATU13585627' })).toThrow(TaxSetupError);
    expect(() => billTaxFor({ treatment: 'reverse_charge', rates: [], sellerVatId: 'DE136695976', buyerVatId: ' ' })).toThrow(
      /customer's VAT ID/,
    );
    expect(billTaxFor({ treatment: 'reverse_charge', rates: [vat], sellerVatId: 'DE136695976', buyerVatId: 'ATU13585627' })).toEqual({
      treatment: 'reverse_charge',
      rates: [{ ...vat, exemptionReason: null }],
      exemptionReason: null,
    });
  });

  it('exempt needs its reason (trimmed); export keeps an optional one', () => {
    expect(() => billTaxFor({ treatment: 'exempt', rates: [] })).toThrow(expect.objectContaining({ code: 'TAX_SETUP_INCOMPLETE' }));
    expect(billTaxFor({ treatment: 'exempt', rates: [], exemptionReason: ' Art. 132 ' }).exemptionReason).toBe('Art. 132');
    expect(billTaxFor({ treatment: 'export', rates: [] })).toEqual({ treatment: 'export', rates: [], exemptionReason: null });
  });
});
