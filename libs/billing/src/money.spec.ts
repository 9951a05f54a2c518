import fc from 'fast-check';
import {
  CURRENCY_CODES,
  currencyExponent,
  formatMoney,
  fromMinor,
  isCurrencyCode,
  multiplyRate,
  parsePercent,
  percentOf,
  roundHalfUp,
  sumMinor,
  toMinor,
  toSafeNumber,
} from './money';

/** Reference rounding: floor((2|n| + |d|) / 2|d|) with the sign of n/d. */
function referenceRound(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const a = n < 0n ? -n : n;
  const b = d < 0n ? -d : d;
  const q = (2n * a + b) / (2n * b);
  return negative ? -q : q;
}

const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const currency = fc.constantFrom(...CURRENCY_CODES);

describe('currency table (ISO 4217, not Intl)', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['USD', 2],
    ['EUR', 2],
    ['BHD', 3],
    ['KWD', 3],
    ['JOD', 3],
    ['OMR', 3],
    ['TND', 3],
    ['LYD', 3],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
    ['HUF', 2],
    ['IDR', 2],
    ['COP', 2],
    ['ISK', 0],
    ['VND', 0],
    ['XAF', 0],
    ['XOF', 0],
    ['XPF', 0],
    ['UGX', 0],
    ['PYG', 0],
    ['RWF', 0],
    ['KMF', 0],
    ['GNF', 0],
    ['DJF', 0],
    ['BIF', 0],
    ['VUV', 0],
    ['CLP', 0],
    ['UYI', 0],
    ['GBP', 2],
    ['CHF', 2],
    ['XCG', 2],
    ['ZWG', 2],
    ['SLE', 2],
    ['VED', 2],
    ['MRU', 2],
    ['STN', 2],
    ['MGA', 2],
  ])('%s has %i decimals', (code, exponent) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(currencyExponent(code)).toBe(exponent);
  });

  it.each(['XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XSU', 'XUA', 'XBA', 'XBB', 'XBC', 'XBD', 'XTS', 'XXX'])(
    'rejects %s (no minor unit)',
    (code) => {
      expect(isCurrencyCode(code)).toBe(false);
      expect(() => currencyExponent(code)).toThrow(RangeError);
    },
  );

  it.each(['usd', 'Usd', 'US', 'USDX', '', ' USD', 'ABC', 'HRK', 'ZWL', 'ANG', 'BGN', 'CUC', 'SLL'])('rejects %p', (code) =>
    expect(isCurrencyCode(code)).toBe(false),
  );

  it('exposes a sorted, unique list of three-letter codes', () => {
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(currencyExponent(code));
    }
    expect(Object.isFrozen(CURRENCY_CODES)).toBe(true);
  });
});

describe('roundHalfUp', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [7n, 2n, 4n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [-1n, 3n, 0n],
    [0n, 7n, 0n],
    [5n, -2n, -3n],
    [-5n, -2n, 3n],
    [1499n, 1000n, 1n],
    [1500n, 1000n, 2n],
    [-1500n, 1000n, -2n],
    [-1499n, 1000n, -1n],
    [10n, 5n, 2n],
  ])('%p / %p → %p', (n, d, expected) => expect(roundHalfUp(n, d)).toBe(expected));

  it('throws on division by zero', () => expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError));

  it('matches the reference, is symmetric for negatives and within half a unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((d) => d !== 0n),
        (n, d) => {
          const q = roundHalfUp(n, d);
          expect(q).toBe(referenceRound(n, d));
          expect(roundHalfUp(-n, d)).toBe(-q);
          expect(roundHalfUp(n, -d)).toBe(-q);
          const error = n - q * d;
          const absError = error < 0n ? -error : error;
          const absD = d < 0n ? -d : d;
          expect(2n * absError <= absD).toBe(true);
        },
      ),
    );
  });
});

describe('integer arithmetic helpers', () => {
  it('multiplyRate is exact up to the safe range and throws beyond', () => {
    expect(multiplyRate(3, 1999)).toBe(5997);
    expect(multiplyRate(3n, 1999)).toBe(5997);
    expect(multiplyRate(0, 123)).toBe(0);
    expect(multiplyRate(94906265, 94906265)).toBe(Number(94906265n * 94906265n));
    expect(() => multiplyRate(94906267, 94906267)).toThrow(RangeError);
    expect(() => multiplyRate(1.5, 2)).toThrow(RangeError);
    expect(() => multiplyRate(2, 0.5)).toThrow(RangeError);
    expect(() => multiplyRate(NaN, 2)).toThrow(RangeError);
  });

  it('multiplyRate equals the BigInt product whenever that product is safe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: 1e9 }), (q, r) => {
        expect(multiplyRate(q, r)).toBe(Number(BigInt(q) * BigInt(r)));
      }),
    );
  });

  it('sumMinor is exact and guards the safe range', () => {
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([1, 2, -3, 10])).toBe(10);
    expect(sumMinor([Number.MAX_SAFE_INTEGER, -1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumMinor([0.5])).toThrow(RangeError);
  });

  it('toSafeNumber rejects unsafe bigints', () => {
    expect(toSafeNumber(-(2n ** 53n) + 1n)).toBe(Number.MIN_SAFE_INTEGER);
    expect(() => toSafeNumber(2n ** 53n)).toThrow(RangeError);
    expect(() => toSafeNumber(-(2n ** 53n))).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it.each([
    [1000, 10, 100],
    [999, 12.5, 125],
    [100, 33.3333, 33],
    [1, 0.5, 0],
    [1, 50, 1],
    [3, 50, 2],
    [1, -50, -1],
    [-3, 50, -2],
    [0, 99.9999, 0],
    [12345, 0.0001, 0],
    [5000, 0.01, 1],
    [500000, 0.0001, 1],
    [499999, 0.0001, 0],
    [1000, 100, 1000],
    [1000, 250, 2500],
    [2, 25, 1],
    [200, '12.5', 25],
    [10, '33.3333', 3],
    [1000, 0, 0],
  ])('%p × %p%% → %p', (base, percent, expected) => expect(percentOf(base, percent)).toBe(expected));

  it.each([NaN, Infinity, -Infinity, 0.12345, 0.1 + 0.2, 1e21, 1e-7, '1e5', '', ' 5', '5.', '.5', '+5', '1,5', '5.00001'])(
    'rejects percent %p',
    (percent) => expect(() => percentOf(1000, percent)).toThrow(RangeError),
  );

  it('rejects an unsafe base or result', () => {
    expect(() => percentOf(0.5, 10)).toThrow(RangeError);
    expect(() => percentOf(Number.MAX_SAFE_INTEGER, 200)).toThrow(RangeError);
  });

  it('parsePercent scales to ten-thousandths', () => {
    expect(parsePercent(12.5)).toBe(125000n);
    expect(parsePercent('33.3333')).toBe(333333n);
    expect(parsePercent(-5)).toBe(-50000n);
    expect(parsePercent('0.0001')).toBe(1n);
  });

  it('equals the exact BigInt reference for any percent with up to 4 decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.boolean(),
        (base, scaled, asString) => {
          const text = `${scaled < 0 ? '-' : ''}${Math.floor(Math.abs(scaled) / 10000)}.${String(Math.abs(scaled) % 10000).padStart(4, '0')}`;
          const percent = asString ? text : scaled / 10000;
          const result = percentOf(base, percent);
          expect(result).toBe(Number(referenceRound(BigInt(base) * BigInt(scaled), 1_000_000n)));
          expect(Number.isSafeInteger(result)).toBe(true);
        },
      ),
    );
  });
});

describe('toMinor / fromMinor', () => {
  it.each([
    ['12.50', 'USD', 1250],
    ['12.5', 'USD', 1250],
    ['12', 'USD', 1200],
    ['0.01', 'USD', 1],
    ['-3.07', 'EUR', -307],
    ['1200', 'JPY', 1200],
    ['1.234', 'BHD', 1234],
    ['0.5', 'KWD', 500],
    ['1.0001', 'CLF', 10001],
    ['-0', 'USD', 0],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
    ['007.10', 'USD', 710],
  ])('toMinor(%p, %s) = %p', (text, code, expected) => expect(toMinor(text, code)).toBe(expected));

  it.each([
    ['12.505', 'USD'],
    ['1200.0', 'JPY'],
    ['1.2345', 'BHD'],
    ['12.', 'USD'],
    ['.5', 'USD'],
    ['+1', 'USD'],
    ['1e3', 'USD'],
    ['1,000.00', 'USD'],
    ['', 'USD'],
    [' 1', 'USD'],
    ['abc', 'USD'],
    ['1', 'XAU'],
    ['90071992547409.92', 'USD'],
  ])('toMinor rejects %p %s', (text, code) => expect(() => toMinor(text, code)).toThrow(RangeError));

  it.each([
    [1250, 'USD', '12.50'],
    [-5, 'USD', '-0.05'],
    [0, 'USD', '0.00'],
    [1200, 'JPY', '1200'],
    [-7, 'JPY', '-7'],
    [1234, 'BHD', '1.234'],
    [5, 'IQD', '0.005'],
    [10001, 'CLF', '1.0001'],
    [Number.MAX_SAFE_INTEGER, 'USD', '90071992547409.91'],
    [-0, 'USD', '0.00'],
  ])('fromMinor(%p, %s) = %p', (amount, code, expected) => expect(fromMinor(amount, code)).toBe(expected));

  it('fromMinor rejects non-integers and unknown currencies', () => {
    expect(() => fromMinor(1.5, 'USD')).toThrow(RangeError);
    expect(() => fromMinor(2 ** 53, 'USD')).toThrow(RangeError);
    expect(() => fromMinor(1, 'XXX')).toThrow(RangeError);
  });

  it('round-trips every safe amount in every currency, with exactly the exponent decimals', () => {
    fc.assert(
      fc.property(safeInt, currency, (amount, code) => {
        const text = fromMinor(amount, code);
        const exponent = currencyExponent(code);
        expect(text.split('.')[1]?.length ?? 0).toBe(exponent);
        expect(toMinor(text, code)).toBe(amount);
      }),
    );
  });
});

describe('formatMoney', () => {
  it.each([
    [123456, 'USD', '$1,234.56'],
    [-123456, 'USD', '-$1,234.56'],
    [0, 'USD', '$0.00'],
    [5, 'USD', '$0.05'],
    [1200, 'JPY', '¥1,200'],
    [-1200, 'JPY', '-¥1,200'],
    [Number.MAX_SAFE_INTEGER, 'USD', '$90,071,992,547,409.91'],
  ])('formats %p %s as %p', (amount, code, expected) => expect(formatMoney(amount, code)).toBe(expected));

  it('always shows the ISO number of decimals, even where Intl disagrees', () => {
    expect(formatMoney(1234, 'BHD')).toMatch(/1\.234$/);
    expect(formatMoney(100, 'IQD')).toMatch(/0\.100$/); // Intl would print IQD with 0 decimals
    expect(formatMoney(123456, 'HUF')).toMatch(/1,234\.56$/);
    expect(formatMoney(123456, 'IDR')).toMatch(/1,234\.56$/);
    expect(formatMoney(10001, 'CLF')).toMatch(/1\.0001$/);
    expect(formatMoney(-1234, 'BHD')).toMatch(/^-.*1\.234$/);
  });

  it('follows the locale for symbol and separators', () => {
    expect(formatMoney(123456, 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('1.234,56 €');
  });

  it('rejects unknown currencies and non-integer amounts', () => {
    expect(() => formatMoney(1, 'XAU')).toThrow(RangeError);
    expect(() => formatMoney(1.5, 'USD')).toThrow(RangeError);
  });

  it('shows the exact digits of any amount', () => {
    fc.assert(
      fc.property(safeInt, currency, (amount, code) => {
        const digits = formatMoney(amount, code).replace(/[^0-9]/g, '');
        expect(BigInt(digits)).toBe(BigInt(Math.abs(amount)));
      }),
    );
  });
});
