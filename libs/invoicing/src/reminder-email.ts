/**
 * The payment-reminder e-mail of one step of an organization's reminder schedule, in the invoice's language, with
 * the invoice PDF attached again. Like `composeInvoiceEmail` it returns nodemailer's `sendMail` options without
 * recipients, and it takes the same options (`from`, `senderName`, `replyTo`, `message`, `locale`,
 * `organizationName`) with the same meaning.
 *
 * - The situation comes from the step's offset from the due date: before it ("Reminder: invoice … is due on …"),
 *   on it ("… is due today") or after it ("Payment reminder: … was due on …"). After it the reminder is counted by
 *   its step: step 0 is "Payment reminder", step 1 "Second payment reminder", … step 4 "Fifth …", step 5 "6th …"
 *   (`i18n/reminders.ts`).
 * - The body: the greeting and the admin's note as the invoice e-mail has them, a first sentence for the situation,
 *   a summary (number, issue and due dates, the days overdue after the due date, total and paid when part is paid,
 *   the balance due), what to pay by when, the seller's payment details (account holder, IBAN in groups of four, BIC,
 *   payment instructions) when it has any, a line asking to disregard the reminder when the payment is on its way,
 *   and the attachment's name. "Days overdue" is the step's offset (the day the schedule sends it).
 * - Dates, money and numbers are the locale's, through `invoiceFormat`, as in the invoice e-mail.
 * - Only an unpaid bill with a balance is reminded of: a draft, paid or void bill, or a balance of zero or less,
 *   is a RangeError (the schedule stops at payment and void; this keeps a stale queued reminder from going out).
 *
 * Sender, Reply-To, the attachment (file name included) and whether the note greets in place of the greeting are
 * taken from `composeInvoiceEmail` itself, so the two e-mails can never differ in them.
 */
import { html } from './html';
import { EMAIL_TEXTS } from './i18n';
import { REMINDER_TEXTS, type ReminderIntro } from './i18n/reminders';
import type { InvoiceDocument } from './invoice-document';
import { composeInvoiceEmail, type ComposeInvoiceEmailOptions, type InvoiceEmail } from './invoice-email';
import { invoiceFormat } from './invoice-format';
import { isTaxed } from './invoice-amounts';
import { groupIban, nonBlank } from './invoice-parties';

export interface PaymentReminder {
  /** 0-based step of the organization's schedule (1st, 2nd, … reminder) */
  step: number;
  /** the step's offset from the due date in days: negative = before the due date, 0 = on it, positive = after */
  offsetDays: number;
}

type Situation = 'before' | 'today' | 'overdue';

export function composeReminderEmail(
  doc: InvoiceDocument,
  pdf: Buffer,
  reminder: PaymentReminder,
  opts: ComposeInvoiceEmailOptions = {},
): InvoiceEmail {
  const { step, offsetDays } = reminder;
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError(`reminder step must be an integer >= 0, got ${step}`);
  if (!Number.isSafeInteger(offsetDays)) throw new RangeError(`reminder offsetDays must be an integer, got ${offsetDays}`);
  const { bill, totals } = doc;
  if (bill.status !== 'unpaid' || totals.balanceMinor <= 0) {
    throw new RangeError(`bill ${bill.number} is ${bill.status} with a balance of ${totals.balanceMinor}: nothing to remind of`);
  }

  const invoiceEmail = composeInvoiceEmail(doc, pdf, opts);
  const fmt = invoiceFormat(doc, opts.locale);
  const { t } = fmt;
  const texts = REMINDER_TEXTS[fmt.language];
  const emailTexts = EMAIL_TEXTS[fmt.language];
  const seller = (opts.organizationName?.trim() ? opts.organizationName : doc.seller.name).trim();
  const situation: Situation = offsetDays < 0 ? 'before' : offsetDays === 0 ? 'today' : 'overdue';
  const due = fmt.date(bill.dueDate);
  const balance = fmt.money(totals.balanceMinor);
  const { filename } = invoiceEmail.attachments[0];

  const subject = oneLine(
    situation === 'before'
      ? texts.subject.before(bill.number, seller, due)
      : situation === 'today'
        ? texts.subject.today(bill.number, seller)
        : texts.subject.overdue(texts.overdueTitle(step + 1), bill.number, seller, due),
  );
  const [beforeNumber, beforeSeller, afterSeller]: ReminderIntro =
    situation === 'before' ? texts.intro.before(due) : situation === 'today' ? texts.intro.today : texts.intro.overdue(due);
  const request =
    situation === 'before'
      ? texts.request.before(balance, due)
      : situation === 'today'
        ? texts.request.today(balance)
        : texts.request.overdue(balance);

  const summary: Array<[string, string]> = [
    [t.invoice, bill.number],
    [t.issueDate, fmt.date(bill.issueDate)],
    [t.dueDate, due],
  ];
  if (situation === 'overdue') summary.push([texts.daysOverdue, new Intl.NumberFormat(fmt.locale).format(offsetDays)]);
  if (totals.paidMinor !== 0) {
    summary.push([isTaxed(doc) ? t.grossTotal : t.total, fmt.money(totals.totalMinor)], [t.paid, fmt.money(totals.paidMinor)]);
  }
  summary.push([t.balanceDue, balance]);

  const { accountHolder, iban, bic, paymentInstructions } = doc.seller;
  const bank: Array<[label: string, value: string, mono: boolean]> = [];
  if (nonBlank(accountHolder)) bank.push([t.accountHolder, accountHolder.trim(), false]);
  if (nonBlank(iban)) bank.push([t.iban, groupIban(iban), true]);
  if (nonBlank(bic)) bank.push([t.bic, bic.trim(), true]);
  const instructions = nonBlank(paymentInstructions) ? paymentInstructions.trim() : undefined;
  const hasPaymentDetails = bank.length > 0 || instructions !== undefined;

  const message = opts.message?.trim() ? opts.message.trim() : undefined;
  const salutation = emailTexts.greeting(doc.billingAddress.name || doc.buyer.name);
  // The invoice e-mail opens with its greeting unless the note greets instead (then it opens with the note).
  const greeting = !message || invoiceEmail.text.startsWith(`${salutation}\n\n${message}\n`) ? salutation : undefined;

  const text = [
    ...(greeting ? [greeting, ''] : []),
    ...(message ? [message, ''] : []),
    `${beforeNumber}${bill.number}${beforeSeller}${seller}${afterSeller}`,
    '',
    ...summary.map(([label, value]) => `${label}: ${value}`),
    '',
    request,
    '',
    ...(hasPaymentDetails
      ? [
          t.paymentDetails,
          ...bank.map(([label, value]) => `${label}: ${value}`),
          ...(instructions ? [`${t.paymentInstructions}: ${instructions}`] : []),
          '',
        ]
      : []),
    texts.alreadyPaid,
    '',
    emailTexts.attached(filename),
    '',
    seller,
    '',
  ].join('\n');

  const row = (label: string, value: string, valueStyle = '') =>
    html`<tr><td style="padding:3px 16px 3px 0;color:#52606d;">${label}</td><td style="padding:3px 0;${valueStyle}"><strong>${value}</strong></td></tr>\n`;
  const body = html`<!DOCTYPE html>
<html lang="${fmt.locale}">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1f2933;">
${greeting ? html`<p>${greeting}</p>` : ''}
${message ? html`<p style="white-space:pre-line;border-left:3px solid #d9e2ec;padding-left:10px;">${message}</p>` : ''}
<p>${beforeNumber}<strong>${bill.number}</strong>${beforeSeller}${seller}${afterSeller}</p>
<table style="border-collapse:collapse;margin:12px 0;">
${summary.map(([label, value]) => row(label, value, 'text-align:right;'))}</table>
<p>${request}</p>
${
  hasPaymentDetails
    ? html`<p style="margin-bottom:4px;"><strong>${t.paymentDetails}</strong></p>
<table style="border-collapse:collapse;margin:0 0 12px;">
${bank.map(([label, value, mono]) => row(label, value, mono ? 'font-family:Consolas,Menlo,monospace;' : ''))}</table>
${instructions ? html`<p style="white-space:pre-line;"><span style="color:#52606d;">${t.paymentInstructions}:</span> ${instructions}</p>` : ''}`
    : ''
}
<p>${texts.alreadyPaid}</p>
<p style="color:#7b8794;font-size:12px;">${emailTexts.attached(filename)}</p>
<p>${seller}</p>
</body>
</html>
`;

  const email: InvoiceEmail = { subject, text, html: body.value, attachments: invoiceEmail.attachments };
  if (invoiceEmail.from) email.from = invoiceEmail.from;
  if (invoiceEmail.replyTo) email.replyTo = invoiceEmail.replyTo;
  return email;
}

/** Header values must stay on one line: control characters (CR, LF, TAB…) become spaces (as in the invoice e-mail). */
function oneLine(value: string): string {
  return value
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}
