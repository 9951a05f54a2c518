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
 * Parses a plain decimal string ("12.50", "-3", "1200") into minor units of `currency`
 * ("12.50" USD → 1250). Rejects signs other than a leading "-", exponents, separators, a missing
 * integer part, and more decimals than the currency's exponent ("12.505" USD, "1200.0" JPY).
 */
export function toMinor(decimal: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = typeof decimal === 'string' ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal) : null;
  if (!match) throw new RangeError(`Not a decimal amount: ${String(decimal)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`${currency} has ${exponent} decimal places, got "${decimal}"`);
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
  return toSafeNumber(sign === '-' ? -minor : minor);
}

/**
 * The exact decimal string of an amount in minor units, with exactly the currency's number of
 * decimals and no grouping (1250 USD → "12.50", -5 USD → "-0.05", 1200 JPY → "1200").
 */
export function fromMinor(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  assertSafeInteger(amountMinor);
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const sign = amountMinor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * Display string for an amount, e.g. 123456 USD → "$1,234.56". Uses `Intl.NumberFormat` for
 * symbol, grouping and sign, but always shows the ISO number of decimals and formats the exact
 * decimal string from `fromMinor`, so large amounts never pass through floating point.
 */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl.NumberFormat v3 (Node >= 20) formats a decimal string exactly.
  return format.format(fromMinor(amountMinor, currency) as Intl.StringNumericLiteral);
}
