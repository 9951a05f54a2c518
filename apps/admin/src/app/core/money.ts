/**
 * Money in the console: integers of minor units in, integers of minor units out. Decimals are built
 * and parsed with string math; a float never touches an amount.
 *
 * Decimal places come from ISO 4217 (not from Intl, which disagrees for IQD, HUF, IDR, COP...).
 */
const EXPONENTS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // 3 decimals
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  // 4 decimals
  CLF: 4,
  UYW: 4,
};

/** Codes offered first in the currency picker; any other ISO code can be typed. */
export const COMMON_CURRENCIES: readonly string[] = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'INR',
  'CNY',
  'HKD',
  'SGD',
  'KRW',
  'TWD',
  'THB',
  'MYR',
  'PHP',
  'IDR',
  'VND',
  'BRL',
  'MXN',
  'CLP',
  'COP',
  'ARS',
  'PEN',
  'ZAR',
  'NGN',
  'KES',
  'EGP',
  'MAD',
  'TND',
  'AED',
  'SAR',
  'QAR',
  'BHD',
  'KWD',
  'OMR',
  'JOD',
  'IQD',
  'ILS',
  'TRY',
  'ISK',
  'UAH',
];

export function currencyExponent(currency: string | null | undefined): number {
  return EXPONENTS[(currency ?? '').toUpperCase()] ?? 2;
}

export type Minor = number | string | bigint;

/** Integer minor units → plain decimal string with exactly the currency's decimals ("1250" USD → "12.50"). */
export function minorToDecimal(minor: Minor | null | undefined, currency: string): string {
  const exp = currencyExponent(currency);
  let digits = integerString(minor ?? 0);
  const negative = digits.startsWith('-');
  if (negative) digits = digits.slice(1);
  digits = digits.padStart(exp + 1, '0');
  const whole = digits.slice(0, digits.length - exp);
  const fraction = exp > 0 ? '.' + digits.slice(digits.length - exp) : '';
  return (negative && /[1-9]/.test(digits) ? '-' : '') + whole + fraction;
}

/**
 * Formats integer minor units for the currency in the browser's locale. Intl receives the exact
 * decimal string (Intl.NumberFormat accepts numeric strings), with the ISO exponent forced.
 */
export function formatMoney(minor: Minor | null | undefined, currency: string, locale?: string): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  const decimal = minorToDecimal(minor, currency);
  const exp = currencyExponent(currency);
  try {
    const fmt = new Intl.NumberFormat(locale ?? browserLocale(), {
      style: 'currency',
      currency,
      minimumFractionDigits: exp,
      maximumFractionDigits: exp,
    });
    return fmt.format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; error: string };

/**
 * Parses what a person typed ("12.50", "12,5", "1200", "1.250") into minor units of the currency.
 * One decimal separator ('.' or ','), no thousands separators, at most the currency's decimals.
 */
export function parseMoney(input: string | null | undefined, currency: string, allowNegative = false): ParsedMoney {
  const exp = currencyExponent(currency);
  let text = (input ?? '').trim().replace(/[\s_]/g, '');
  if (text === '') return { ok: false, error: 'Enter an amount' };
  let negative = false;
  if (text.startsWith('-')) {
    if (!allowNegative) return { ok: false, error: 'The amount can not be negative' };
    negative = true;
    text = text.slice(1);
  }
  const match = /^(\d*)(?:[.,](\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    return { ok: false, error: exp > 0 ? `Use digits and one decimal separator, e.g. ${example(exp)}` : 'Use digits only, e.g. 1200' };
  }
  const whole = match[1] || '0';
  const fraction = match[2] ?? '';
  if (fraction.length > exp) {
    return {
      ok: false,
      error: exp === 0 ? `${currency} has no decimals: type digits only, e.g. 1200` : `${currency} has at most ${exp} decimals`,
    };
  }
  const digits = (whole + fraction.padEnd(exp, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 15) return { ok: false, error: 'The amount is too large' };
  const minor = Number(digits); // an integer string of at most 15 digits: exact
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

function example(exp: number): string {
  return '12.' + '5'.padEnd(exp, '0');
}

function integerString(value: Minor): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '0';
    // Integers only by contract; a non-integer would be a server bug: show it truncated, never rounded by float.
    return BigInt(Math.trunc(value)).toString();
  }
  const text = value.trim();
  return /^-?\d+$/.test(text) ? text : '0';
}

let cachedLocale: string | undefined;

/**
 * The browser's preferred locale that Intl accepts. Some environments report POSIX-style tags
 * ("en-US@posix", "C") that Intl rejects: those are cleaned or replaced by "en-US".
 */
export function browserLocale(): string {
  if (cachedLocale) return cachedLocale;
  const candidates = typeof navigator !== 'undefined' ? [...(navigator.languages ?? []), navigator.language] : [];
  for (const raw of candidates) {
    const tag = (raw ?? '').split('@')[0]!.replace(/_/g, '-').replace(/\..*$/, '');
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical) return (cachedLocale = canonical);
    } catch {
      // not a BCP 47 tag: try the next one
    }
  }
  return (cachedLocale = 'en-US');
}
