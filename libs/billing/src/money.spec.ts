import fc from 'fast-check';
import {
  CURRENCY_CODES,
  currencyExponent,
  decimalToMinor,
  displayExponent,
  formatMoney,
  formatPercent,
  fromMinor,
  minorToDecimal,
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

  it('rejects non-integer amounts', () => {
    expect(() => formatMoney(1.5, 'USD')).toThrow(RangeError);
    expect(() => formatMoney(2 ** 53, 'USD')).toThrow(RangeError);
    expect(() => formatMoney('12.5', 'USD')).toThrow(RangeError);
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

/** Intl puts a no-break space (U+00A0) between a code and the number; the tests write a plain one. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('the money module, by hand', () => {
  it('JPY has no decimals', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(toMinor('1200', 'JPY')).toBe(1200);
    expect(() => toMinor('1200.5', 'JPY')).toThrow('JPY has 0 decimal places');
    expect(fromMinor(1200, 'JPY')).toBe('1200');
    expect(fromMinor(-1, 'JPY')).toBe('-1');
    expect(formatMoney(1234567, 'JPY')).toBe('¥1,234,567');
    expect(formatMoney(-1234567, 'JPY')).toBe('-¥1,234,567');
  });

  it('KWD and BHD have 3 decimals', () => {
    expect([currencyExponent('KWD'), currencyExponent('BHD')]).toEqual([3, 3]);
    expect(toMinor('1.5', 'KWD')).toBe(1500);
    expect(toMinor('-0.001', 'BHD')).toBe(-1);
    expect(() => toMinor('1.0005', 'KWD')).toThrow(RangeError);
    expect(fromMinor(1234567, 'KWD')).toBe('1234.567');
    expect(fromMinor(-5, 'BHD')).toBe('-0.005');
    expect(plain(formatMoney(1234567, 'KWD'))).toBe('KWD 1,234.567');
    expect(plain(formatMoney(-1234567, 'BHD'))).toBe('-BHD 1,234.567');
    expect(plain(formatMoney(1000, 'BHD'))).toBe('BHD 1.000');
  });

  it('CLF has 4 decimals', () => {
    expect(currencyExponent('CLF')).toBe(4);
    expect(toMinor('1.0001', 'CLF')).toBe(10001);
    expect(toMinor('25', 'CLF')).toBe(250000);
    expect(() => toMinor('1.00001', 'CLF')).toThrow(RangeError);
    expect(fromMinor(10001, 'CLF')).toBe('1.0001');
    expect(fromMinor(-1, 'CLF')).toBe('-0.0001');
    expect(plain(formatMoney(123456789, 'CLF'))).toBe('CLF 12,345.6789');
    expect(plain(formatMoney(-1, 'CLF'))).toBe('-CLF 0.0001');
  });

  it('negative amounts keep every digit and their sign', () => {
    expect(fromMinor(-123456, 'USD')).toBe('-1234.56');
    expect(fromMinor(-99, 'USD')).toBe('-0.99');
    expect(toMinor('-0.99', 'USD')).toBe(-99);
    expect(formatMoney(-5, 'USD')).toBe('-$0.05');
    expect(formatMoney(-Number.MAX_SAFE_INTEGER, 'USD')).toBe('-$90,071,992,547,409.91');
  });

  it('amounts past 2^53 (dashboard sums) as bigint or integer text, exactly', () => {
    expect(formatMoney(2n ** 60n, 'USD')).toBe('$11,529,215,046,068,469.76'); // 2^60 = 1152921504606846976
    expect(formatMoney('-9007199254740993', 'JPY')).toBe('-¥9,007,199,254,740,993');
    expect(minorToDecimal(123456789012345678901234567890n, 4)).toBe('12345678901234567890123456.7890');
    expect(minorToDecimal('-5', 2)).toBe('-0.05');
    expect(minorToDecimal(0, 3)).toBe('0.000');
    expect(() => minorToDecimal('12.5', 2)).toThrow(RangeError);
    expect(() => minorToDecimal(1, -1)).toThrow(RangeError);
  });

  it('decimalToMinor and minorToDecimal work on a bare exponent', () => {
    expect(decimalToMinor('12.34', 2)).toBe(1234);
    expect(decimalToMinor('12.3', 2)).toBe(1230);
    expect(decimalToMinor('-7', 0)).toBe(-7);
    expect(() => decimalToMinor('1.5', 0)).toThrow('At most 0 decimal places');
    expect(() => decimalToMinor('1,5', 2)).toThrow(RangeError);
    expect(() => decimalToMinor('1', 21)).toThrow(RangeError);
  });

  it('rounds halves away from zero, never to even', () => {
    expect(percentOf(1, 50)).toBe(1); // 0.5
    expect(percentOf(-1, 50)).toBe(-1); // -0.5
    expect(percentOf(5, 10)).toBe(1); // 0.5
    expect(percentOf(15, 10)).toBe(2); // 1.5
    expect(percentOf(25, 10)).toBe(3); // 2.5: banker's rounding would give 2
    expect(percentOf(-25, 10)).toBe(-3);
    expect(percentOf(35, 10)).toBe(4); // 3.5
    expect(percentOf(24, 10)).toBe(2); // 2.4
    expect(percentOf(26, 10)).toBe(3); // 2.6
  });

  it('takes percentages with 4 decimals, exactly', () => {
    expect(percentOf(1_000_000, '12.3456')).toBe(123456);
    expect(percentOf(1_000_000, 12.3456)).toBe(123456);
    expect(percentOf(12345, '33.3333')).toBe(4115); // 12345 × 333333 / 10^6 = 4114.995885
    expect(percentOf(-12345, '33.3333')).toBe(-4115);
    expect(percentOf(1999, '12.5')).toBe(250); // 249.875
    expect(percentOf(20000, '0.0025')).toBe(1); // 0.5
    expect(percentOf(-20000, '0.0025')).toBe(-1);
    expect(percentOf(60000, '0.0025')).toBe(2); // 1.5
    expect(percentOf(10000, '0.0049')).toBe(0); // 0.49
    expect(percentOf(123456789, '99.9999')).toBe(123456666); // 123456789 × 999999 / 10^6 = 123456665.54
    expect(() => percentOf(100, '12.34567')).toThrow(RangeError);
  });

  it('shows percentages as given, in the locale', () => {
    expect(formatPercent(12.5)).toBe('12.5 %');
    expect(formatPercent('12.5000')).toBe('12.5 %');
    expect(formatPercent('33.3333')).toBe('33.3333 %');
    expect(formatPercent(1000)).toBe('1,000 %');
    expect(formatPercent(-0.0001)).toBe('-0.0001 %');
    expect(formatPercent(12.5, 'de-DE')).toBe('12,5 %');
    expect(() => formatPercent('1e3')).toThrow(RangeError);
  });

  it('an unknown currency code shows with 2 decimals and the code as text, and never throws', () => {
    for (const code of ['XYZ', 'XAU', 'usd', 'US', '', 'HRK']) expect(displayExponent(code)).toBe(2);
    expect(displayExponent('JPY')).toBe(0);
    expect(displayExponent('CLF')).toBe(4);
    expect(plain(formatMoney(123456, 'XYZ'))).toBe('XYZ 1,234.56');
    expect(plain(formatMoney(-5, 'XAU'))).toBe('-XAU 0.05');
    expect(plain(formatMoney(1200, 'usd'))).toBe('usd 12.00');
    expect(plain(formatMoney(1, 'TOOLONG'))).toBe('TOOLONG 0.01');
    expect(plain(formatMoney(1, ''))).toBe('XXX 0.01');
    expect(plain(formatMoney(123456, 'XYZ', 'de-DE'))).toBe('1.234,56 XYZ');
    // Input is strict: the API refuses unknown codes.
    expect(() => toMinor('1', 'XYZ')).toThrow(RangeError);
    expect(() => fromMinor(1, 'XYZ')).toThrow(RangeError);
    expect(() => currencyExponent('XYZ')).toThrow(RangeError);
  });
});
