import fc from 'fast-check';
import { DEFAULT_BILL_NUMBER_PREFIX, formatBillNumber } from './bill-number';

describe('formatBillNumber', () => {
  it.each([
    ['INV-', 1, 'INV-000001'],
    ['INV-', 42, 'INV-000042'],
    ['INV-', 999999, 'INV-999999'],
    ['INV-', 1234567, 'INV-1234567'],
    ['', 7, '000007'],
    ['ACME/2026/', 12, 'ACME/2026/000012'],
  ])('%p + %i → %p', (prefix, sequence, expected) => expect(formatBillNumber(prefix, sequence)).toBe(expected));

  it('defaults to INV-', () => expect(DEFAULT_BILL_NUMBER_PREFIX).toBe('INV-'));

  it.each([0, -1, 1.5, NaN, Number.MAX_SAFE_INTEGER + 1])('rejects sequence %p', (sequence) =>
    expect(() => formatBillNumber('INV-', sequence)).toThrow(RangeError),
  );

  it('keeps every digit, pads to 6, and sorts like the sequence below a million', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const number = formatBillNumber('INV-', n);
        expect(number.startsWith('INV-')).toBe(true);
        expect(BigInt(number.slice(4))).toBe(BigInt(n));
        expect(number.length - 4).toBe(Math.max(6, String(n).length));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 1, max: 999_999 }), (a, b) => {
        expect(formatBillNumber('INV-', a) < formatBillNumber('INV-', b)).toBe(a < b);
      }),
    );
  });
});
