/**
 * Money formatting for printed documents, without floating point.
 *
 * The decimal string is built from the integer amount of minor units with string arithmetic; `Intl`
 * is only asked to lay that exact decimal string out for the locale (symbol, grouping, separators).
 * `Intl.NumberFormat#format` accepts a decimal string and formats it exactly (ECMA-402
 * NumberFormat v3, Node >= 20); the number of fraction digits is always the ISO 4217 exponent we
 * pass in, never `Intl`'s own idea of the currency (which disagrees for IQD, HUF, IDR, COP…).
 * If `Intl` cannot format the currency (unknown code), or the runtime would round through a
 * float, the plain form `USD 1,234.56` is used instead.
 */

/** A formatter the caller may inject, e.g. `formatMoney` from `@app/billing`. */
export type MoneyFormatter = (amountMinor: number, currency: string, locale?: string) => string;

const DEFAULT_LOCALE = 'en-US';

/**
 * `12345, 2` -> `"123.45"`; `-5, 2` -> `"-0.05"`; `1200, 0` -> `"1200"`.
 * Exact for any safe integer or bigint.
 */
export function minorToDecimalString(amountMinor: number | bigint, exponent: number): string {
  assertExponent(exponent);
  const value = toBigInt(amountMinor);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(exponent + 1, '0');
  const integerPart = digits.slice(0, digits.length - exponent);
  const fractionPart = digits.slice(digits.length - exponent);
  return (negative ? '-' : '') + integerPart + (exponent > 0 ? '.' + fractionPart : '');
}

/**
 * Format an amount of minor units for display: `formatAmount(123456, 'USD', 2)` -> `$1,234.56`,
 * `formatAmount(1234567, 'BHD', 3)` -> `BHD 1,234.567`, `formatAmount(1234, 'JPY', 0)` -> `¥1,234`.
 */
export function formatAmount(amountMinor: number | bigint, currency: string, exponent: number, locale: string = DEFAULT_LOCALE): string {
  const decimal = minorToDecimalString(amountMinor, exponent);
  const nf = currencyFormatter(locale, currency, exponent);
  if (nf && intlFormatsDecimalStringsExactly()) {
    // NumberFormat v3 takes a string as an exact decimal; the TS lib types only say number|bigint.
    return nf.format(decimal as unknown as number);
  }
  return plainFormat(decimal, currency);
}

/** `-1234567.89`, `USD` -> `-USD 1,234,567.89`: no locale data needed. */
function plainFormat(decimal: string, currency: string): string {
  const negative = decimal.startsWith('-');
  const unsigned = negative ? decimal.slice(1) : decimal;
  const [integerPart, fractionPart] = unsigned.split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${currency} ${grouped}${fractionPart !== undefined ? '.' + fractionPart : ''}`;
}

const formatterCache = new Map<string, Intl.NumberFormat | null>();

function currencyFormatter(locale: string, currency: string, exponent: number): Intl.NumberFormat | null {
  const key = `${locale}|${currency}|${exponent}`;
  let nf = formatterCache.get(key);
  if (nf === undefined) {
    try {
      nf = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: exponent,
        maximumFractionDigits: exponent,
      });
    } catch {
      nf = null; // unknown currency code or locale: fall back to the plain form
    }
    if (formatterCache.size > 500) formatterCache.clear();
    formatterCache.set(key, nf);
  }
  return nf;
}

let exactStrings: boolean | undefined;

/** True when `Intl` formats `"9007199254740993.01"` without going through a double. */
function intlFormatsDecimalStringsExactly(): boolean {
  if (exactStrings === undefined) {
    try {
      const nf = new Intl.NumberFormat('en-US', { useGrouping: false, minimumFractionDigits: 2 });
      exactStrings = nf.format('9007199254740993.01' as unknown as number) === '9007199254740993.01';
    } catch {
      exactStrings = false;
    }
  }
  return exactStrings;
}

function toBigInt(amountMinor: number | bigint): bigint {
  if (typeof amountMinor === 'bigint') return amountMinor;
  if (!Number.isSafeInteger(amountMinor)) {
    throw new RangeError(`amount of minor units must be a safe integer, got ${amountMinor}`);
  }
  return BigInt(amountMinor);
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 20) {
    throw new RangeError(`currency exponent must be an integer between 0 and 20, got ${exponent}`);
  }
}
