/**
 * Money in the console: integers of minor units in, integers of minor units out. The currency table,
 * the decimal strings and the display all come from `@app/billing` (one ISO 4217 table for API, invoices
 * and console); this file only binds them to the browser's locale and reads what a person types.
 */
import { decimalToMinor, displayExponent, formatMoney, isCurrencyCode, toMinor } from '@app/billing';

/** An amount of minor units as the API sends it: a number, or a bigint / integer text past 2^53 (dashboard sums). */
export type Minor = number | string | bigint;

/**
 * `minor` in `currency` for the browser's locale ("$1,234.56", "¥1,200", "BHD 1.234"); '—' without an amount.
 * A code not in the ISO table (or none) shows with 2 decimals and the code as text (`formatMoney`: "XYZ 12.00").
 */
export function showMoney(minor: Minor | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  return formatMoney(minor, currency ?? '', browserLocale());
}

export type ParsedMoney = { ok: true; minor: number } | { ok: false; error: string };

/**
 * Parses what a person typed ("12.50", "12,5", "1200", "1.250") into minor units of the currency.
 * One decimal separator ('.' or ','), no thousands separators, at most the currency's decimals (2 for a
 * code that is not, or not yet, an ISO one).
 */
export function parseMoney(input: string | null | undefined, currency: string, allowNegative = false): ParsedMoney {
  const exp = displayExponent(currency);
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
  const whole = (match[1] || '0').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (fraction.length > exp) {
    return {
      ok: false,
      error: exp === 0 ? `${currency} has no decimals: type digits only, e.g. 1200` : `${currency} has at most ${exp} decimals`,
    };
  }
  if (whole.length + exp > 15) return { ok: false, error: 'The amount is too large' };
  const decimal = fraction ? `${whole}.${fraction}` : whole;
  // A code being typed may not be an ISO one yet: read it with 2 decimals; the API refuses an unknown currency.
  const minor = isCurrencyCode(currency) ? toMinor(decimal, currency) : decimalToMinor(decimal, exp);
  return { ok: true, minor: negative && minor !== 0 ? -minor : minor };
}

function example(exp: number): string {
  return '12.' + '5'.padEnd(exp, '0');
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
