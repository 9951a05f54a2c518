/**
 * Money: an integer count of a currency's minor units (cents, fils, yen…).
 *
 * Rules:
 * - Decimal places come from the ISO 4217 table below, never from `Intl` (which disagrees for
 *   IQD, HUF, IDR, COP, …).
 * - At the boundaries amounts are JS `number`s that are safe integers; every product, sum and
 *   division is done with `bigint`, and a result that is not a safe integer throws `RangeError`.
 * - Division rounds once, to the nearest minor unit, halves away from zero.
 */

/**
 * ISO 4217 List One, active codes (edition in force in 2026), grouped by minor-unit exponent.
 * Funds with a minor unit (BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW) are included; codes
 * without a minor unit (XAU, XAG, XPT, XPD, XDR, XSU, XUA, XBA…XBD, XTS, XXX) are not billing
 * currencies. Withdrawn codes are left out: ANG (→ XCG, 2025), BGN (→ EUR, 2026), CUC (2021),
 * HRK (→ EUR, 2023), SLL (→ SLE), ZWL (→ ZWG, 2024).
 */
const CODES_BY_EXPONENT: Readonly<Record<0 | 2 | 3 | 4, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
    'GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK ' +
    'LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO ' +
    'NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS ' +
    'SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST ' +
    'XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
};

const EXPONENTS: ReadonlyMap<string, number> = new Map(
  Object.entries(CODES_BY_EXPONENT).flatMap(([exponent, codes]) => codes.split(' ').map((code) => [code, Number(exponent)] as const)),
);

/** Every accepted billing currency code, sorted. */
export const CURRENCY_CODES: readonly string[] = Object.freeze([...EXPONENTS.keys()].sort());

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** True when `code` is an uppercase three-letter ISO 4217 code that is accepted for billing. */
export function isCurrencyCode(code: string): boolean {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && EXPONENTS.has(code);
}

/** The ISO 4217 minor-unit exponent of `code` (USD 2, JPY 0, BHD 3, CLF 4); throws on an unknown code. */
export function currencyExponent(code: string): number {
  const exponent = isCurrencyCode(code) ? EXPONENTS.get(code) : undefined;
  if (exponent === undefined) throw new RangeError(`Unknown currency code: ${String(code)}`);
  return exponent;
}

/** Throws `RangeError` unless `value` is a safe integer (a valid money amount or count). */
export function assertSafeInteger(value: number, name = 'amount'): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}

/**
 * An exact result that does not fit the API's money range (a safe integer, |n| <= 2^53 - 1 minor units,
 * about 90 trillion dollars). Amounts are never rounded to fit: a bill that would need one is refused
 * with this error (code `AMOUNT_OUT_OF_RANGE`), and the billing run records it as that bill's failure.
 */
export class AmountOutOfRangeError extends RangeError {
  readonly code = 'AMOUNT_OUT_OF_RANGE';
  constructor(
    name: string,
    readonly value: bigint,
  ) {
    super(`The ${name} of ${value} minor units is beyond the largest amount a bill can carry (${Number.MAX_SAFE_INTEGER} minor units)`);
    this.name = 'AmountOutOfRangeError';
  }
}

/** Converts a `bigint` result back to a `number`; throws `AmountOutOfRangeError` when it is not a safe integer. */
export function toSafeNumber(value: bigint, name = 'amount'): number {
  if (value > MAX_SAFE || value < -MAX_SAFE) throw new AmountOutOfRangeError(name, value);
  return Number(value);
}

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from zero
 * (2.5 → 3, -2.5 → -3), so `roundHalfUp(-n, d) === -roundHalfUp(n, d)`. Throws on a zero denominator.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('Division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if ((n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

/** Sum of minor-unit amounts, exact; throws `RangeError` when an input or the sum is not a safe integer. */
export function sumMinor(amounts: readonly number[]): number {
  let total = 0n;
  for (const amount of amounts) {
    assertSafeInteger(amount);
    total += BigInt(amount);
  }
  return toSafeNumber(total, 'sum');
}

/** `quantity × rateMinor`, exact; both must be safe integers and so must the product. */
export function multiplyRate(quantity: number | bigint, rateMinor: number): number {
  if (typeof quantity === 'number') assertSafeInteger(quantity, 'quantity');
  assertSafeInteger(rateMinor, 'rateMinor');
  return toSafeNumber(BigInt(quantity) * BigInt(rateMinor), 'product');
}

/** Scale of a percentage: at most 4 decimal places, so percent × 10^4 is an integer. */
const PERCENT_SCALE = 10_000n;

/**
 * Parses a percentage with at most 4 decimal places ("12.5", 33.3333, -5) into an integer of
 * ten-thousandths of a percent (125000n, 333333n, -50000n). Numbers are read through their
 * shortest decimal string, so 0.1 + 0.2 (0.30000000000000004) is rejected. Throws `RangeError`
 * on NaN, Infinity, exponent notation or more than 4 decimals.
 */
export function parsePercent(percent: number | string): bigint {
  if (typeof percent === 'number' && !Number.isFinite(percent)) {
    throw new RangeError(`Percent must be finite, got ${percent}`);
  }
  const text = typeof percent === 'number' ? String(percent) : percent;
  const match = typeof text === 'string' ? /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(text) : null;
  if (!match) throw new RangeError(`Percent must have at most 4 decimal places, got ${String(percent)}`);
  const [, sign, whole, fraction = ''] = match;
  const scaled = BigInt(whole) * PERCENT_SCALE + BigInt(fraction.padEnd(4, '0'));
  return sign === '-' ? -scaled : scaled;
}

/**
 * `percent` % of `baseMinor`, computed as baseMinor × (percent × 10^4) / 10^6 in integers and
 * rounded half away from zero once. `percent` has at most 4 decimals (see `parsePercent`);
 * a decimal string such as a Postgres `numeric` value is accepted too.
 */
export function percentOf(baseMinor: number, percent: number | string): number {
  assertSafeInteger(baseMinor, 'baseMinor');
  const scaled = parsePercent(percent);
  return toSafeNumber(roundHalfUp(BigInt(baseMinor) * scaled, 100n * PERCENT_SCALE), 'percent amount');
}

/**
 * Parses a plain decimal string ("12.50", "-3", "1200") into a count of 10^-exponent units
 * ("12.50", 2 → 1250). Rejects signs other than a leading "-", exponents, separators, a missing
 * integer part, and more decimals than `exponent` ("12.505", 2; "1200.0", 0). The result must be a
 * safe integer. `toMinor` is this with the currency's exponent.
 */
export function decimalToMinor(decimal: string, exponent: number): number {
  assertExponent(exponent);
  return parseDecimal(decimal, exponent, `At most ${exponent} decimal places`);
}

function parseDecimal(decimal: string, exponent: number, tooPrecise: string): number {
  const match = typeof decimal === 'string' ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal) : null;
  if (!match) throw new RangeError(`Not a decimal amount: ${String(decimal)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) throw new RangeError(`${tooPrecise}, got "${decimal}"`);
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return toSafeNumber(sign === '-' ? -minor : minor);
}

/**
 * The exact decimal string of a count of 10^-exponent units, with exactly `exponent` decimals and no
 * grouping (1250, 2 → "12.50"; -5, 2 → "-0.05"; 1200, 0 → "1200"). Takes a safe integer, a bigint or an
 * integer string (a PostgreSQL numeric sum), so sums past 2^53 keep every digit. `fromMinor` is this with
 * the currency's exponent.
 */
export function minorToDecimal(amountMinor: number | bigint | string, exponent: number): string {
  assertExponent(exponent);
  const value = exactMinor(amountMinor);
  const digits = (value < 0n ? -value : value).toString().padStart(exponent + 1, '0');
  const sign = value < 0n ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Parses a plain decimal string ("12.50", "-3", "1200") into minor units of `currency`
 * ("12.50" USD → 1250). Rejects signs other than a leading "-", exponents, separators, a missing
 * integer part, and more decimals than the currency's exponent ("12.505" USD, "1200.0" JPY), and
 * unknown currencies.
 */
export function toMinor(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  return parseDecimal(decimal, exponent, `${currency} has ${exponent} decimal places`);
}

/**
 * The exact decimal string of an amount in minor units, with exactly the currency's number of
 * decimals and no grouping (1250 USD → "12.50", -5 USD → "-0.05", 1200 JPY → "1200"). Throws on an
 * unknown currency or an amount that is not a safe integer.
 */
export function fromMinor(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  assertSafeInteger(amountMinor);
  return minorToDecimal(amountMinor, exponent);
}

/**
 * Decimal places to show for `code`: its ISO 4217 exponent, or 2 for a code that is not in the table
 * (display only: input with an unknown code is refused). Never throws.
 */
export function displayExponent(code: string): number {
  return (isCurrencyCode(code) ? EXPONENTS.get(code) : undefined) ?? 2;
}

/**
 * Display string for an amount in `locale`, e.g. 123456 USD → "$1,234.56", 1234 BHD → "BHD 1.234",
 * 1200 JPY → "¥1,200". `Intl.NumberFormat` lays out symbol, grouping and sign, but the number of
 * decimals is always the ISO exponent and it formats the exact decimal string (`minorToDecimal`), so
 * large amounts never pass through floating point (NumberFormat v3: Node >= 20, current browsers).
 *
 * An unknown code (not in the ISO table: 'XYZ', 'XAU', 'usd', '') never throws: it shows 2 decimals
 * and the code as text where the locale puts a currency code ("XYZ 1,234.56", de-DE "1.234,56 XYZ";
 * an empty code shows as "XXX"). Amounts: a safe integer, a bigint, or an integer string.
 */
export function formatMoney(amountMinor: number | bigint | string, currency: string, locale = 'en-US'): string {
  const known = isCurrencyCode(currency);
  const exponent = displayExponent(currency);
  const decimal = minorToDecimal(amountMinor, exponent) as Intl.StringNumericLiteral;
  if (known) return numberFormat(locale, currency, exponent).format(decimal);
  const label = typeof currency === 'string' && currency.trim() !== '' ? currency.trim() : 'XXX';
  return numberFormat(locale, 'XXX', exponent)
    .formatToParts(decimal)
    .map((part) => (part.type === 'currency' ? label : part.value))
    .join('');
}

/**
 * A percentage for display, as given (up to 4 decimals, never rounded to fewer) in the locale's digits,
 * followed by " %": 12.5 → "12.5 %", "33.3333" → "33.3333 %", de-DE 12.5 → "12,5 %".
 */
export function formatPercent(percent: number | string, locale = 'en-US'): string {
  const text = minorToDecimal(parsePercent(percent), 4) as Intl.StringNumericLiteral;
  return `${numberFormat(locale, null, 4).format(text)} %`;
}

const FORMATS = new Map<string, Intl.NumberFormat>();

/** A cached `Intl.NumberFormat`: of `currency` (a code shown as a code when 'XXX'), or a plain number. */
function numberFormat(locale: string, currency: string | null, exponent: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${exponent}`;
  let format = FORMATS.get(key);
  if (!format) {
    format = new Intl.NumberFormat(
      locale,
      currency === null
        ? { maximumFractionDigits: exponent }
        : {
            style: 'currency',
            currency,
            currencyDisplay: currency === 'XXX' ? 'code' : 'symbol',
            minimumFractionDigits: exponent,
            maximumFractionDigits: exponent,
          },
    );
    if (FORMATS.size >= 500) FORMATS.clear();
    FORMATS.set(key, format);
  }
  return format;
}

function assertExponent(exponent: number): void {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 20) {
    throw new RangeError(`A currency exponent is an integer from 0 to 20, got ${exponent}`);
  }
}

/** A safe integer, a bigint or an integer string as a bigint; throws `RangeError` for anything else. */
function exactMinor(amountMinor: number | bigint | string): bigint {
  if (typeof amountMinor === 'bigint') return amountMinor;
  if (typeof amountMinor === 'string' && /^-?\d+$/.test(amountMinor)) return BigInt(amountMinor);
  if (typeof amountMinor === 'number') {
    assertSafeInteger(amountMinor);
    return BigInt(amountMinor);
  }
  throw new RangeError(`amount must be an integer of minor units, got ${String(amountMinor)}`);
}
