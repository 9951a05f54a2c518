import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { INVOICE_LANGUAGES, type InvoiceLanguage } from './i18n';
import { REMINDER_TEXTS } from './i18n/reminders';
import type { InvoiceDocument } from './invoice-document';
import { composeInvoiceEmail } from './invoice-email';
import { englishExportInvoice, frenchReverseChargeInvoice, germanStandardInvoice } from './invoice-fixtures.helper-spec';
import { composeReminderEmail, type PaymentReminder } from './reminder-email';
import { sampleInvoiceDocument } from './sample-invoice';

const pdf = Buffer.from('%PDF-1.4\n% fake\n%%EOF\n', 'latin1');

/** Intl's no-break spaces (`369,25 €`, `€ 369,25`) as plain spaces, so expected strings can be typed. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** The fixture invoice (balance 369.25 € of 569.25 €, 200.00 € paid), due on Feb 14, 2026, in `language`. */
function invoiceIn(language: InvoiceLanguage, base: InvoiceDocument = englishExportInvoice()): InvoiceDocument {
  return { ...base, language, bill: { ...base.bill, issueDate: '2026-01-31', dueDate: '2026-02-14' } };
}

const BEFORE: PaymentReminder = { step: 0, offsetDays: -3 };
const ON: PaymentReminder = { step: 1, offsetDays: 0 };
const AFTER: PaymentReminder = { step: 0, offsetDays: 7 };
const SECOND_AFTER: PaymentReminder = { step: 1, offsetDays: 14 };

const subject = (language: InvoiceLanguage, reminder: PaymentReminder) =>
  plain(composeReminderEmail(invoiceIn(language), pdf, reminder).subject);

describe('composeReminderEmail: the subject by situation', () => {
  it('English: before, on and after the due date, and from the second reminder after it', () => {
    expect(subject('en', BEFORE)).toBe('Reminder: invoice INV-000042 from Muster IT is due on Feb 14, 2026');
    expect(subject('en', ON)).toBe('Invoice INV-000042 from Muster IT is due today');
    expect(subject('en', AFTER)).toBe('Payment reminder: invoice INV-000042 from Muster IT was due on Feb 14, 2026');
    expect(subject('en', SECOND_AFTER)).toBe('Second payment reminder: invoice INV-000042 from Muster IT was due on Feb 14, 2026');
  });

  it('German', () => {
    expect(subject('de', BEFORE)).toBe('Erinnerung: Rechnung INV-000042 von Muster IT ist am 14.02.2026 fällig');
    expect(subject('de', ON)).toBe('Rechnung INV-000042 von Muster IT ist heute fällig');
    expect(subject('de', AFTER)).toBe('Zahlungserinnerung: Rechnung INV-000042 von Muster IT war am 14.02.2026 fällig');
    expect(subject('de', SECOND_AFTER)).toBe('Zweite Zahlungserinnerung: Rechnung INV-000042 von Muster IT war am 14.02.2026 fällig');
  });

  it('French', () => {
    expect(subject('fr', BEFORE)).toBe('Rappel : la facture INV-000042 de Muster IT arrive à échéance le 14 févr. 2026');
    expect(subject('fr', ON)).toBe("La facture INV-000042 de Muster IT arrive à échéance aujourd'hui");
    expect(subject('fr', AFTER)).toBe('Relance : la facture INV-000042 de Muster IT est échue depuis le 14 févr. 2026');
    expect(subject('fr', SECOND_AFTER)).toBe('Deuxième relance : la facture INV-000042 de Muster IT est échue depuis le 14 févr. 2026');
  });

  it('Spanish, Dutch and Italian', () => {
    expect(subject('es', BEFORE)).toBe('Recordatorio: la factura INV-000042 de Muster IT vence el 14 feb 2026');
    expect(subject('es', ON)).toBe('La factura INV-000042 de Muster IT vence hoy');
    expect(subject('es', AFTER)).toBe('Recordatorio de pago: la factura INV-000042 de Muster IT venció el 14 feb 2026');
    expect(subject('es', SECOND_AFTER)).toBe('Segundo recordatorio de pago: la factura INV-000042 de Muster IT venció el 14 feb 2026');
    expect(subject('nl', BEFORE)).toBe('Herinnering: factuur INV-000042 van Muster IT vervalt op 14 feb 2026');
    expect(subject('nl', ON)).toBe('Factuur INV-000042 van Muster IT vervalt vandaag');
    expect(subject('nl', AFTER)).toBe('Betalingsherinnering: factuur INV-000042 van Muster IT is op 14 feb 2026 vervallen');
    expect(subject('nl', SECOND_AFTER)).toBe('Tweede betalingsherinnering: factuur INV-000042 van Muster IT is op 14 feb 2026 vervallen');
    expect(subject('it', BEFORE)).toBe('Promemoria: la fattura INV-000042 di Muster IT scade il 14 feb 2026');
    expect(subject('it', ON)).toBe('La fattura INV-000042 di Muster IT scade oggi');
    expect(subject('it', AFTER)).toBe('Sollecito di pagamento: la fattura INV-000042 di Muster IT è scaduta il 14 feb 2026');
    expect(subject('it', SECOND_AFTER)).toBe('Secondo sollecito di pagamento: la fattura INV-000042 di Muster IT è scaduta il 14 feb 2026');
  });

  it('counts the reminders after the due date in words up to the fifth, then in figures', () => {
    const title = (language: InvoiceLanguage, step: number) => subject(language, { step, offsetDays: 30 }).split(':')[0].trim();
    expect([0, 1, 2, 3, 4, 5, 10, 11, 20, 21, 22, 102].map((step) => title('en', step))).toEqual([
      'Payment reminder',
      'Second payment reminder',
      'Third payment reminder',
      'Fourth payment reminder',
      'Fifth payment reminder',
      '6th payment reminder',
      '11th payment reminder',
      '12th payment reminder',
      '21st payment reminder',
      '22nd payment reminder',
      '23rd payment reminder',
      '103rd payment reminder',
    ]);
    expect([2, 3, 4, 5].map((step) => title('de', step))).toEqual([
      'Dritte Zahlungserinnerung',
      'Vierte Zahlungserinnerung',
      'Fünfte Zahlungserinnerung',
      '6. Zahlungserinnerung',
    ]);
    expect([2, 3, 4, 5].map((step) => title('fr', step))).toEqual([
      'Troisième relance',
      'Quatrième relance',
      'Cinquième relance',
      '6e relance',
    ]);
    expect([2, 5].map((step) => title('es', step))).toEqual(['Tercer recordatorio de pago', '6.º recordatorio de pago']);
    expect([2, 5].map((step) => title('nl', step))).toEqual(['Derde betalingsherinnering', '6e betalingsherinnering']);
    expect([2, 5].map((step) => title('it', step))).toEqual(['Terzo sollecito di pagamento', '6º sollecito di pagamento']);
  });

  it('counts only after the due date: a later step before or on the due date keeps its own subject', () => {
    expect(subject('en', { step: 3, offsetDays: -1 })).toBe('Reminder: invoice INV-000042 from Muster IT is due on Feb 14, 2026');
    expect(subject('en', { step: 3, offsetDays: 0 })).toBe('Invoice INV-000042 from Muster IT is due today');
  });

  it('names the organization as it is now when given, and keeps the subject on one line', () => {
    const doc = invoiceIn('en');
    expect(composeReminderEmail(doc, pdf, ON, { organizationName: 'Muster IT Neu' }).subject).toBe(
      'Invoice INV-000042 from Muster IT Neu is due today',
    );
    const hostile = { ...doc, seller: { ...doc.seller, name: 'Org\r\nBcc: victim@example.com' } };
    expect(composeReminderEmail(hostile, pdf, ON).subject).toBe('Invoice INV-000042 from Org Bcc: victim@example.com is due today');
  });
});

describe('composeReminderEmail: the body', () => {
  it('after the due date: greeting, situation, summary with the days overdue, request, payment details, the already-paid line', () => {
    const email = composeReminderEmail(invoiceIn('en'), pdf, { step: 2, offsetDays: 9 });
    expect(plain(email.text)).toBe(
      [
        'Hello Accounts Payable,',
        '',
        'According to our records, invoice INV-000042 from Muster IT, which was due on Feb 14, 2026, has not yet been paid in full.',
        '',
        'Invoice: INV-000042',
        'Issue date: Jan 31, 2026',
        'Due date: Feb 14, 2026',
        'Days overdue: 9',
        'Total: €569.25',
        'Paid: €200.00',
        'Balance due: €369.25',
        '',
        'Please pay the outstanding balance of €369.25 as soon as possible.',
        '',
        'Payment details',
        'Account holder: Muster IT-Service GmbH',
        'IBAN: DE89 3704 0044 0532 0130 00',
        'BIC: COBADEFFXXX',
        'How to pay: Bitte die Rechnungsnummer als Verwendungszweck angeben.',
        '',
        'If you have already sent the payment, please disregard this reminder. Thank you.',
        '',
        'The invoice is attached as INV-000042.pdf.',
        '',
        'Muster IT',
        '',
      ].join('\n'),
    );
    expect(email.html).toContain('<html lang="en-US">');
    expect(email.html).toContain(
      'According to our records, invoice <strong>INV-000042</strong> from Muster IT, which was due on Feb 14, 2026',
    );
    expect(email.html).toContain('<strong>€369.25</strong>');
    expect(email.html).toContain('<strong>DE89 3704 0044 0532 0130 00</strong>');
    expect(email.html).toContain('<strong>9</strong>');
    expect(email.html).toContain('If you have already sent the payment, please disregard this reminder. Thank you.');
  });

  it('before and on the due date: what to pay by when, no days overdue', () => {
    const before = composeReminderEmail(invoiceIn('en'), pdf, BEFORE).text.split('\n');
    expect(before).toContain('This is a friendly reminder that invoice INV-000042 from Muster IT is due on Feb 14, 2026.');
    expect(before).toContain('Please arrange payment of €369.25 by Feb 14, 2026.');
    expect(before.some((line) => line.startsWith('Days overdue'))).toBe(false);
    const on = composeReminderEmail(invoiceIn('en'), pdf, ON).text.split('\n');
    expect(on).toContain('This is a friendly reminder that invoice INV-000042 from Muster IT is due today.');
    expect(on).toContain('Please arrange payment of €369.25 today.');
    expect(on.some((line) => line.startsWith('Days overdue'))).toBe(false);
  });

  it('in German, with the locale’s dates and money', () => {
    const lines = plain(composeReminderEmail(invoiceIn('de', germanStandardInvoice()), pdf, SECOND_AFTER).text).split('\n');
    for (const line of [
      'Guten Tag Beispiel AG Kreditorenbuchhaltung,',
      'Nach unseren Unterlagen ist die Rechnung INV-000042 von Muster IT, fällig am 14.02.2026, noch nicht vollständig beglichen.',
      'Rechnung: INV-000042',
      'Rechnungsdatum: 31.01.2026',
      'Fällig am: 14.02.2026',
      'Tage überfällig: 14',
      'Gesamtbetrag brutto: 677,41 €',
      'Bezahlt: 200,00 €',
      'Offener Betrag: 477,41 €',
      'Wir bitten Sie, den offenen Betrag von 477,41 € zeitnah zu begleichen.',
      'Zahlungsinformationen',
      'Kontoinhaber: Muster IT-Service GmbH',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'BIC: COBADEFFXXX',
      'Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie diese Erinnerung bitte als gegenstandslos. Vielen Dank.',
      'Die Rechnung ist als INV-000042.pdf angehängt.',
    ]) {
      expect(lines).toContain(line);
    }
    const before = plain(composeReminderEmail(invoiceIn('de', germanStandardInvoice()), pdf, BEFORE).text).split('\n');
    expect(before).toContain(
      'Wir möchten Sie freundlich daran erinnern, dass die Rechnung INV-000042 von Muster IT am 14.02.2026 fällig wird.',
    );
    expect(before).toContain('Wir bitten Sie, den Betrag von 477,41 € bis zum 14.02.2026 zu begleichen.');
  });

  it('in French', () => {
    const lines = plain(composeReminderEmail(invoiceIn('fr', frenchReverseChargeInvoice()), pdf, AFTER).text).split('\n');
    for (const line of [
      'Bonjour Service fournisseurs,',
      "Sauf erreur de notre part, la facture INV-000042 de Muster IT, échue le 14 févr. 2026, n'a pas encore été entièrement réglée.",
      'Jours de retard: 7',
      'Reste à payer: 369,25 €',
      'Nous vous remercions de bien vouloir régler le solde de 369,25 € dans les meilleurs délais.',
      'Modalités de paiement',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'Si vous avez déjà procédé au règlement, veuillez ne pas tenir compte de ce message. Merci.',
    ]) {
      expect(lines).toContain(line);
    }
  });

  it('leaves out the payment details the seller has not set, and total and paid when nothing is paid', () => {
    const doc = sampleInvoiceDocument({
      payments: [],
      totals: { subtotalMinor: 83050, adjustmentsMinor: 0, netMinor: 83050, totalMinor: 83050, paidMinor: 0, balanceMinor: 83050 },
    });
    const email = composeReminderEmail(doc, pdf, AFTER);
    expect(email.text).not.toContain('Payment details');
    expect(email.html).not.toContain('Payment details');
    expect(email.text).not.toMatch(/^(Total|Paid):/m);
    expect(email.text).toContain('Balance due: $830.50');
    const ibanOnly = { ...doc, seller: { ...doc.seller, iban: 'gb29 nwbk 6016 1331 9268 19', paymentInstructions: '  ' } };
    const lines = composeReminderEmail(ibanOnly, pdf, AFTER).text.split('\n');
    expect(lines.slice(lines.indexOf('Payment details'), lines.indexOf('Payment details') + 3)).toEqual([
      'Payment details',
      'IBAN: GB29 NWBK 6016 1331 9268 19',
      '',
    ]);
  });

  it("puts the admin's note under the greeting, and lets a note that greets greet instead", () => {
    const note = composeReminderEmail(invoiceIn('en'), pdf, AFTER, { message: '  Our records may be behind.\n' });
    expect(note.text.startsWith('Hello Accounts Payable,\n\nOur records may be behind.\n\nAccording to our records')).toBe(true);
    const greets = composeReminderEmail(invoiceIn('de', germanStandardInvoice()), pdf, AFTER, {
      message: 'Sehr geehrte Frau Müller,\nkurz zur Erinnerung.',
    });
    expect(greets.text.startsWith('Sehr geehrte Frau Müller,\nkurz zur Erinnerung.\n\nNach unseren Unterlagen')).toBe(true);
    expect(greets.text).not.toContain('Guten Tag');
    expect(greets.html).not.toContain('Guten Tag');
    // a note that is only the start of the greeting is no greeting; one that is the greeting itself replaces it
    expect(composeReminderEmail(invoiceIn('en'), pdf, AFTER, { message: 'Hel' }).text).toMatch(
      /^Hello Accounts Payable,\n\nHel\n\nAccording/,
    );
    expect(composeReminderEmail(invoiceIn('en'), pdf, AFTER, { message: 'Hello Accounts Payable,' }).text).toMatch(
      /^Hello Accounts Payable,\n\nAccording/,
    );
  });

  it('formats money and dates for an overriding locale, the texts staying in the language', () => {
    const lines = composeReminderEmail(invoiceIn('en'), pdf, BEFORE, { locale: 'de-DE' }).text.split('\n').map(plain);
    expect(lines).toContain('Please arrange payment of 369,25 € by 14.02.2026.');
  });
});

describe('composeReminderEmail: every language has every text', () => {
  const situations: PaymentReminder[] = [BEFORE, ON, AFTER, SECOND_AFTER, { step: 6, offsetDays: 60 }];
  const ENGLISH = /\b(reminder|invoice|please|due|overdue|balance|payment|already|attached|today|thank)\b/i;

  it.each(INVOICE_LANGUAGES.filter((language) => language !== 'en'))('%s: subject and body in the language', (language) => {
    const seen = new Set<string>();
    for (const reminder of situations) {
      const email = composeReminderEmail(invoiceIn(language, germanStandardInvoice()), pdf, reminder);
      expect(email.subject.trim()).not.toBe('');
      expect(email.text.trim()).not.toBe('');
      expect(email.subject).not.toMatch(ENGLISH);
      expect(email.text).not.toMatch(ENGLISH);
      expect(email.html).not.toMatch(ENGLISH);
      expect(email.text).toContain('INV-000042');
      expect(email.text).toContain('DE89 3704 0044 0532 0130 00');
      seen.add(email.subject);
    }
    expect(seen.size).toBe(situations.length); // a subject of its own for each situation and count
  });

  it.each(INVOICE_LANGUAGES)('%s: no text of the dictionary is empty', (language) => {
    const texts = REMINDER_TEXTS[language];
    const strings = [
      texts.subject.before('N', 'S', 'D'),
      texts.subject.today('N', 'S'),
      texts.subject.overdue('T', 'N', 'S', 'D'),
      ...[1, 2, 3, 4, 5, 6].map((nth) => texts.overdueTitle(nth)),
      ...texts.intro.before('D'),
      ...texts.intro.today,
      ...texts.intro.overdue('D'),
      texts.request.before('A', 'D'),
      texts.request.today('A'),
      texts.request.overdue('A'),
      texts.daysOverdue,
      texts.alreadyPaid,
    ];
    for (const value of strings) expect(value.trim()).not.toBe('');
    expect(new Set([1, 2, 3, 4, 5, 6].map((nth) => texts.overdueTitle(nth))).size).toBe(6);
  });
});

describe('composeReminderEmail: escaping, attachment, sender', () => {
  it('escapes every name, note and payment detail in the html', () => {
    const base = invoiceIn('en');
    const doc: InvoiceDocument = {
      ...base,
      seller: {
        ...base.seller,
        name: 'Evil <b>Org</b>',
        accountHolder: '<i>Holder</i> & "Co"',
        paymentInstructions: '<a href="http://evil.example">pay here</a>',
      },
      buyer: { ...base.buyer, name: '<img src=http://127.0.0.1:9/x>' },
      billingAddress: { ...base.billingAddress, name: '' },
      bill: { ...base.bill, number: 'INV-<1>' },
    };
    const email = composeReminderEmail(doc, pdf, AFTER, { message: '<script>alert("x")</script> & more' });
    expect(email.html).not.toMatch(/<script|<img|<b>|<i>|<a /);
    expect(email.html).toContain('Hello &lt;img src=http://127.0.0.1:9/x&gt;,');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(email.html).toContain('from Evil &lt;b&gt;Org&lt;/b&gt;,');
    expect(email.html).toContain('<strong>INV-&lt;1&gt;</strong>');
    expect(email.html).toContain('&lt;i&gt;Holder&lt;/i&gt; &amp; &quot;Co&quot;');
    expect(email.html).toContain('&lt;a href=&quot;http://evil.example&quot;&gt;pay here&lt;/a&gt;');
    expect(email.html).toContain(
      '<title>Payment reminder: invoice INV-&lt;1&gt; from Evil &lt;b&gt;Org&lt;/b&gt; was due on Feb 14, 2026</title>',
    );
    expect(email.text).toContain('<script>alert("x")</script> & more'); // the text part is plain text
  });

  it('attaches the PDF exactly as the invoice e-mail does, file name rule included', () => {
    const email = composeReminderEmail(invoiceIn('en'), pdf, AFTER);
    expect(email.attachments).toEqual([{ filename: 'INV-000042.pdf', content: pdf, contentType: 'application/pdf' }]);
    expect(email.attachments[0].content).toBe(pdf);
    const odd = sampleInvoiceDocument({ bill: { number: '../INV/0001\n' } });
    const reminder = composeReminderEmail(odd, pdf, AFTER);
    expect(reminder.attachments).toEqual(composeInvoiceEmail(odd, pdf).attachments);
    expect(reminder.attachments[0].filename).toBe('INV_0001_.pdf');
    expect(reminder.text).toContain('The invoice is attached as INV_0001_.pdf.');
  });

  it('sends as the invoice e-mail does: sender name on the From address, Reply-To; none when not given', () => {
    const email = composeReminderEmail(invoiceIn('en'), pdf, AFTER, {
      from: 'Remote Billing <billing@rb.example>',
      senderName: 'Muster Accounts',
      replyTo: ' ap@muster.example ',
    });
    expect(email.from).toEqual({ name: 'Muster Accounts', address: 'billing@rb.example' });
    expect(email.replyTo).toBe('ap@muster.example');
    const bare = composeReminderEmail(invoiceIn('en'), pdf, AFTER);
    expect(bare).not.toHaveProperty('from');
    expect(bare).not.toHaveProperty('replyTo');
  });

  it('is accepted by nodemailer with the PDF attached', async () => {
    const email = composeReminderEmail(invoiceIn('de', germanStandardInvoice()), pdf, SECOND_AFTER, { from: 'billing@rb.example' });
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await transport.sendMail({ ...email, to: 'ap@beispiel.example' } as Mail.Options);
    const raw = (info.message as Buffer).toString('utf8');
    expect(raw).toContain('filename=INV-000042.pdf');
    expect(raw).toContain(pdf.toString('base64'));
  });
});

describe('composeReminderEmail: only an open bill is reminded of', () => {
  it.each(['draft', 'paid', 'void'] as const)('refuses a %s bill', (status) => {
    const doc = sampleInvoiceDocument({ bill: { status } });
    expect(() => composeReminderEmail(doc, pdf, AFTER)).toThrow(RangeError);
  });

  it('refuses a bill with nothing left to pay, and a step or offset that is not a whole number', () => {
    expect(() => composeReminderEmail(sampleInvoiceDocument({ totals: { balanceMinor: 0 } }), pdf, AFTER)).toThrow(RangeError);
    expect(() => composeReminderEmail(sampleInvoiceDocument(), pdf, { step: -1, offsetDays: 3 })).toThrow(RangeError);
    expect(() => composeReminderEmail(sampleInvoiceDocument(), pdf, { step: 1.5, offsetDays: 3 })).toThrow(RangeError);
    expect(() => composeReminderEmail(sampleInvoiceDocument(), pdf, { step: 0, offsetDays: Number.NaN })).toThrow(RangeError);
  });
});
