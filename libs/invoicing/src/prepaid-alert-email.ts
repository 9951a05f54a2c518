/**
 * The e-mail that warns a customer that a prepaid block (issue #17) is running low or is used up, in one of the
 * invoice languages. Pure: the API finds the alert, queues it and sends it. Like `composeInvoiceEmail` it returns
 * nodemailer's `sendMail` options without recipients (and without attachments), and takes `from`, `senderName`,
 * `replyTo` and `locale` with the same meaning.
 *
 * - Subject: "Prepaid block B-000012: 1 h 30 min left" ('low'), "Prepaid block B-000012 is used up" ('empty').
 * - Body (text and HTML, the same facts): the invoice e-mail's greeting to the customer, a sentence naming the block,
 *   the seller and (for 'low') the alert percent, a summary (the block, what it held, what is left with the percent
 *   left for 'low', the day it expires when it does and something is left to expire), that further support is billed at
 *   the normal rate unless a new block is bought, and a closing with the seller's name.
 * - Units: billable seconds as "7 h 30 min" ("45 min", "10 h"; seconds only when not whole minutes, "1 h 0 min 20 s"),
 *   sessions counted with the language's plural ("1 session", "3 Sitzungen").
 * - The percent left is rounded down (below a 20 % threshold never reads "20 %"); a sliver below 1 % is "< 1 %".
 * - The expiry is an instant: its day in the customer's time zone, written by `formatDay` for the locale.
 * - Bad input is a RangeError: a language that is not an invoice language, units or remaining that are not integers
 *   >= 0 (a block holds at least 1), remaining above units, 'empty' with something left, 'low' without a percent in
 *   (0, 100], an unknown kind or unit, a zone that is not an IANA zone, an invalid expiry.
 */
import { formatDay, formatPercent, instantMs, isTimeZone, localDate } from '@app/billing';
import { html } from './html';
import { EMAIL_TEXTS, invoiceLocale, isInvoiceLanguage, quantityWithUnit, type InvoiceLanguage } from './i18n';
import { PREPAID_ALERT_TEXTS } from './i18n/prepaid-alerts';
import { invoiceSender, type InvoiceEmail } from './invoice-email';

export interface PrepaidAlert {
  /** 'low': what is left fell below lowBalancePercent of the block; 'empty': nothing left */
  kind: 'low' | 'empty';
  language: InvoiceLanguage;
  /** the organization (seller) name, and the customer (department) name */
  sellerName: string;
  customerName: string;
  /** e.g. "B-000012" */
  blockNumber: string;
  /** seconds: billable time (shown as hours and minutes); sessions: a count */
  unit: 'seconds' | 'sessions';
  /** what the block held when bought */
  units: number;
  /** what is left now (0 for 'empty') */
  remaining: number;
  /** the threshold, e.g. 20 */
  lowBalancePercent: number;
  /** null: never expires */
  expiresAt: Date | null;
  /** IANA zone for dates (the customer's) */
  timeZone: string;
}

export interface ComposePrepaidAlertEmailOptions {
  /** sender address, e.g. `"Acme Billing" <billing@acme.example>` */
  from?: string;
  /** display name of the sender, in place of the one in `from` (the organization's setting) */
  senderName?: string | null;
  /** Reply-To address */
  replyTo?: string | null;
  /** locale for numbers and dates, in place of the language's own (the texts stay in the language) */
  locale?: string;
}

export function composePrepaidAlertEmail(alert: PrepaidAlert, opts: ComposePrepaidAlertEmailOptions = {}): InvoiceEmail {
  assertAlert(alert);
  const { kind, language, unit, units, remaining, blockNumber } = alert;
  const locale = opts.locale ?? invoiceLocale(language);
  Intl.getCanonicalLocales(locale); // a RangeError for anything that is not a locale
  const texts = PREPAID_ALERT_TEXTS[language];
  const seller = alert.sellerName.trim();
  const amount = (n: number) => formatUnits(n, unit, language, locale);

  const subject = oneLine(kind === 'low' ? texts.subject.low(blockNumber, amount(remaining)) : texts.subject.empty(blockNumber));
  const [beforeNumber, afterNumber] =
    kind === 'low' ? texts.intro.low(seller, formatPercent(alert.lowBalancePercent, locale)) : texts.intro.empty(seller);

  const summary: Array<[string, string]> = [
    [texts.block, blockNumber],
    [texts.purchased, amount(units)],
    [texts.remaining, kind === 'low' ? `${amount(remaining)} (${percentLeft(remaining, units, locale)})` : amount(remaining)],
  ];
  // a used-up block has nothing left to expire
  if (alert.expiresAt && remaining > 0) {
    summary.push([texts.expires, formatDay(localDate(alert.expiresAt, alert.timeZone), locale)]);
  }
  const overage = kind === 'low' ? texts.overage.low : texts.overage.empty;
  const greeting = EMAIL_TEXTS[language].greeting(alert.customerName.trim());

  const text = [
    greeting,
    '',
    `${beforeNumber}${blockNumber}${afterNumber}`,
    '',
    ...summary.map(([label, value]) => `${label}: ${value}`),
    '',
    overage,
    '',
    texts.regards,
    seller,
    '',
  ].join('\n');

  const body = html`<!DOCTYPE html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933;">
<p>${greeting}</p>
<p>${beforeNumber}<strong>${blockNumber}</strong>${afterNumber}</p>
<table style="border-collapse:collapse;margin:12px 0;">
${summary.map(
  ([label, value]) =>
    html`<tr><td style="padding:3px 16px 3px 0;color:#52606d;">${label}</td><td style="padding:3px 0;text-align:right;"><strong>${value}</strong></td></tr>\n`,
)}</table>
<p>${overage}</p>
<p>${texts.regards}<br>${seller}</p>
</body>
</html>
`;

  const email: InvoiceEmail = { subject, text, html: body.value, attachments: [] };
  const from = opts.from ? invoiceSender(opts.from, opts.senderName) : undefined;
  if (from) email.from = from;
  if (opts.replyTo?.trim()) email.replyTo = opts.replyTo.trim();
  return email;
}

function assertAlert(alert: PrepaidAlert): void {
  const { kind, language, unit, units, remaining, lowBalancePercent } = alert;
  if (!isInvoiceLanguage(language)) throw new RangeError(`not an invoice language: ${String(language)}`);
  if (kind !== 'low' && kind !== 'empty') throw new RangeError(`prepaid alert kind must be 'low' or 'empty', got ${String(kind)}`);
  if (unit !== 'seconds' && unit !== 'sessions') throw new RangeError(`prepaid unit must be 'seconds' or 'sessions', got ${String(unit)}`);
  if (!Number.isSafeInteger(units) || units < 1) throw new RangeError(`block units must be an integer >= 1, got ${units}`);
  if (!Number.isSafeInteger(remaining) || remaining < 0) throw new RangeError(`block remaining must be an integer >= 0, got ${remaining}`);
  if (remaining > units) throw new RangeError(`block remaining (${remaining}) exceeds its units (${units})`);
  if (kind === 'empty' && remaining !== 0) throw new RangeError(`an 'empty' alert has nothing left, got remaining ${remaining}`);
  if (kind === 'low' && !(Number.isFinite(lowBalancePercent) && lowBalancePercent > 0 && lowBalancePercent <= 100)) {
    throw new RangeError(`a 'low' alert needs lowBalancePercent in (0, 100], got ${lowBalancePercent}`);
  }
  if (!isTimeZone(alert.timeZone)) throw new RangeError(`not an IANA time zone: ${String(alert.timeZone)}`);
  if (alert.expiresAt !== null) instantMs(alert.expiresAt, 'expiresAt');
}

/** "7 h 30 min", "45 min", "10 h", "1 h 0 min 20 s" (hours grouped by the locale); "1 session", "3 Sitzungen". */
function formatUnits(units: number, unit: PrepaidAlert['unit'], language: InvoiceLanguage, locale: string): string {
  if (unit === 'sessions') return quantityWithUnit(units, 'session', language, locale);
  const h = Math.floor(units / 3600);
  const m = Math.floor((units % 3600) / 60);
  const s = units % 60;
  const parts: string[] = [];
  if (h) parts.push(`${new Intl.NumberFormat(locale).format(h)} h`);
  if (m || s || !h) parts.push(`${m} min`);
  if (s) parts.push(`${s} s`);
  return parts.join(' ');
}

/** The whole percent of `units` that `remaining` is, rounded down; "< 1 %" for a sliver. */
function percentLeft(remaining: number, units: number, locale: string): string {
  const percent = Number((BigInt(remaining) * 100n) / BigInt(units));
  return percent === 0 && remaining > 0 ? `< ${formatPercent(1, locale)}` : formatPercent(percent, locale);
}

/** Header values must stay on one line: control characters (CR, LF, TAB…) become spaces (as in the invoice e-mail). */
function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}
