import { INVOICE_LANGUAGES } from './i18n';
import { composePrepaidAlertEmail, type PrepaidAlert } from './prepaid-alert-email';

/** Intl's no-break spaces (`1 200 h` in French) as plain spaces, so expected strings can be typed. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** A 10-hour block with 1 h 30 min (15 %) left, alerting below 20 %, expiring at 23:30Z on Dec 15, 2026. */
const LOW_HOURS: PrepaidAlert = {
  kind: 'low',
  language: 'en',
  sellerName: 'Acme Support',
  customerName: 'Sales',
  blockNumber: 'B-000012',
  unit: 'seconds',
  units: 36_000,
  remaining: 5_400,
  lowBalancePercent: 20,
  expiresAt: new Date('2026-12-15T23:30:00Z'),
  timeZone: 'Europe/Berlin',
};
const EMPTY_HOURS: PrepaidAlert = { ...LOW_HOURS, kind: 'empty', remaining: 0 };
const LOW_SESSIONS: PrepaidAlert = { ...LOW_HOURS, unit: 'sessions', units: 10, remaining: 1, expiresAt: null };
const EMPTY_SESSIONS: PrepaidAlert = { ...LOW_SESSIONS, kind: 'empty', remaining: 0 };

const compose = (alert: PrepaidAlert, overrides: Partial<PrepaidAlert> = {}) => composePrepaidAlertEmail({ ...alert, ...overrides });
const lines = (alert: PrepaidAlert, overrides: Partial<PrepaidAlert> = {}) => plain(compose(alert, overrides).text).split('\n');

describe('composePrepaidAlertEmail: English', () => {
  it('warns of a block of hours running low', () => {
    const email = compose(LOW_HOURS);
    expect(email.subject).toBe('Prepaid block B-000012: 1 h 30 min left');
    expect(email.text).toBe(
      [
        'Hello Sales,',
        '',
        'Your prepaid block B-000012 from Acme Support is running low: less than 20 % of it is left.',
        '',
        'Prepaid block: B-000012',
        'Purchased: 10 h',
        'Remaining: 1 h 30 min (15 %)',
        'Expires: Dec 16, 2026',
        '',
        'Once the block is used up, further support is billed at the normal rate unless a new block is bought.',
        '',
        'Kind regards,',
        'Acme Support',
        '',
      ].join('\n'),
    );
    expect(email.attachments).toEqual([]);
    expect(email.from).toBeUndefined();
    expect(email.replyTo).toBeUndefined();
  });

  it('says a used-up block is used up, with nothing left to expire', () => {
    const email = compose(EMPTY_HOURS);
    expect(email.subject).toBe('Prepaid block B-000012 is used up');
    expect(lines(EMPTY_HOURS)).toEqual([
      'Hello Sales,',
      '',
      'Your prepaid block B-000012 from Acme Support is used up.',
      '',
      'Prepaid block: B-000012',
      'Purchased: 10 h',
      'Remaining: 0 min',
      '',
      'From now on, further support is billed at the normal rate unless a new block is bought.',
      '',
      'Kind regards,',
      'Acme Support',
      '',
    ]);
  });

  it('counts sessions in the singular and the plural', () => {
    expect(compose(LOW_SESSIONS).subject).toBe('Prepaid block B-000012: 1 session left');
    expect(lines(LOW_SESSIONS)).toContain('Purchased: 10 sessions');
    expect(lines(LOW_SESSIONS)).toContain('Remaining: 1 session (10 %)');
    expect(compose(LOW_SESSIONS, { units: 1_500, remaining: 3 }).subject).toBe('Prepaid block B-000012: 3 sessions left');
    expect(lines(LOW_SESSIONS, { units: 1_500, remaining: 3 })).toContain('Purchased: 1,500 sessions');
    expect(compose(EMPTY_SESSIONS).subject).toBe('Prepaid block B-000012 is used up');
    expect(lines(EMPTY_SESSIONS)).toContain('Remaining: 0 sessions');
  });

  it('writes durations as hours and minutes, seconds only when not whole minutes', () => {
    const left = (remaining: number, units = 4_000_000) => compose(LOW_HOURS, { units, remaining }).subject;
    expect(left(45 * 60)).toBe('Prepaid block B-000012: 45 min left');
    expect(left(7 * 3600 + 30 * 60)).toBe('Prepaid block B-000012: 7 h 30 min left');
    expect(left(3600 + 5 * 60)).toBe('Prepaid block B-000012: 1 h 5 min left');
    expect(left(3600 + 20)).toBe('Prepaid block B-000012: 1 h 0 min 20 s left');
    expect(left(59)).toBe('Prepaid block B-000012: 0 min 59 s left');
    expect(lines(LOW_HOURS, { units: 1_200 * 3600, remaining: 3600 })).toContain('Purchased: 1,200 h');
  });

  it('rounds the percent left down, and shows a sliver as "< 1 %"', () => {
    // 19.99 % of 10,000 units is below a 20 % threshold: it must not read "20 %"
    expect(lines(LOW_SESSIONS, { units: 10_000, remaining: 1_999 })).toContain('Remaining: 1,999 sessions (19 %)');
    expect(lines(LOW_SESSIONS, { units: 10_000, remaining: 1 })).toContain('Remaining: 1 session (< 1 %)');
    expect(lines(LOW_SESSIONS, { lowBalancePercent: 5 })[2]).toBe(
      'Your prepaid block B-000012 from Acme Support is running low: less than 5 % of it is left.',
    );
  });

  it('shows no expiry for a block that never expires', () => {
    expect(lines(LOW_HOURS, { expiresAt: null }).some((line) => line.startsWith('Expires'))).toBe(false);
  });
});

describe('composePrepaidAlertEmail: German', () => {
  it('warns of a block of hours running low', () => {
    const alert: PrepaidAlert = { ...LOW_HOURS, language: 'de' };
    expect(compose(alert).subject).toBe('Prepaid-Kontingent B-000012: noch 1 h 30 min übrig');
    expect(lines(alert)).toEqual([
      'Guten Tag Sales,',
      '',
      'Ihr Prepaid-Kontingent B-000012 bei Acme Support geht zur Neige: Es sind weniger als 20 % davon übrig.',
      '',
      'Prepaid-Kontingent: B-000012',
      'Gekauft: 10 h',
      'Verbleibend: 1 h 30 min (15 %)',
      'Läuft ab: 16.12.2026',
      '',
      'Ist das Kontingent aufgebraucht, wird weiterer Support zum regulären Satz abgerechnet, sofern kein neues Kontingent gekauft wird.',
      '',
      'Mit freundlichen Grüßen',
      'Acme Support',
      '',
    ]);
  });

  it('says a used-up block is used up', () => {
    const alert: PrepaidAlert = { ...EMPTY_HOURS, language: 'de' };
    expect(compose(alert).subject).toBe('Prepaid-Kontingent B-000012 ist aufgebraucht');
    expect(lines(alert)).toContain('Ihr Prepaid-Kontingent B-000012 bei Acme Support ist aufgebraucht.');
    expect(lines(alert)).toContain(
      'Weiterer Support wird ab jetzt zum regulären Satz abgerechnet, sofern kein neues Kontingent gekauft wird.',
    );
  });

  it('counts sessions in the singular and the plural, hours grouped the German way', () => {
    const alert: PrepaidAlert = { ...LOW_SESSIONS, language: 'de' };
    expect(compose(alert).subject).toBe('Prepaid-Kontingent B-000012: noch 1 Sitzung übrig');
    expect(lines(alert)).toContain('Gekauft: 10 Sitzungen');
    expect(compose(alert, { remaining: 2 }).subject).toBe('Prepaid-Kontingent B-000012: noch 2 Sitzungen übrig');
    expect(lines({ ...EMPTY_SESSIONS, language: 'de' })).toContain('Verbleibend: 0 Sitzungen');
    expect(lines({ ...LOW_HOURS, language: 'de' }, { units: 1_200 * 3600, remaining: 3600 })).toContain('Gekauft: 1.200 h');
  });
});

describe('composePrepaidAlertEmail: the expiry day in the customer time zone', () => {
  it('shows 23:30Z as the next day in Berlin and as the same day in New York', () => {
    expect(lines(LOW_HOURS)).toContain('Expires: Dec 16, 2026');
    expect(lines(LOW_HOURS, { timeZone: 'America/New_York' })).toContain('Expires: Dec 15, 2026');
    expect(lines(LOW_HOURS, { timeZone: 'UTC' })).toContain('Expires: Dec 15, 2026');
    expect(lines(LOW_HOURS, { language: 'de', timeZone: 'Europe/Berlin' })).toContain('Läuft ab: 16.12.2026');
  });

  it('writes numbers and days for the locale option, the texts staying in the language', () => {
    expect(plain(composePrepaidAlertEmail({ ...LOW_HOURS, units: 1_200 * 3600 }, { locale: 'de-DE' }).text)).toContain(
      'Purchased: 1.200 h\nRemaining: 1 h 30 min (< 1 %)\nExpires: 16.12.2026\n',
    );
  });
});

describe('composePrepaidAlertEmail: sender and Reply-To', () => {
  it('keeps MAIL_FROM as it is without a sender name', () => {
    const email = composePrepaidAlertEmail(LOW_HOURS, { from: '"Remote Billing" <billing@rb.example>', replyTo: ' help@acme.example ' });
    expect(email.from).toBe('"Remote Billing" <billing@rb.example>');
    expect(email.replyTo).toBe('help@acme.example');
  });

  it("replaces the display name with the organization's sender name, the address staying", () => {
    const email = composePrepaidAlertEmail(LOW_HOURS, { from: '"Remote Billing" <billing@rb.example>', senderName: 'Acme Support Team' });
    expect(email.from).toEqual({ name: 'Acme Support Team', address: 'billing@rb.example' });
    expect(email.replyTo).toBeUndefined();
  });

  it('sets no Reply-To for a blank one', () => {
    expect(composePrepaidAlertEmail(LOW_HOURS, { from: 'billing@rb.example', replyTo: '  ', senderName: null })).toEqual(
      expect.objectContaining({ from: 'billing@rb.example' }),
    );
    expect(composePrepaidAlertEmail(LOW_HOURS, { replyTo: '  ' }).replyTo).toBeUndefined();
  });
});

describe('composePrepaidAlertEmail: HTML', () => {
  it('escapes the names and carries the same facts as the text', () => {
    const email = compose(LOW_HOURS, { customerName: 'R&D <Lab>', sellerName: 'Smith & "Sons"' });
    expect(email.html).toContain('<p>Hello R&amp;D &lt;Lab&gt;,</p>');
    expect(email.html).toContain(
      '<p>Your prepaid block <strong>B-000012</strong> from Smith &amp; &quot;Sons&quot; is running low: less than 20 % of it is left.</p>',
    );
    expect(email.html).not.toContain('<Lab>');
    expect(email.html).toContain('<title>Prepaid block B-000012: 1 h 30 min left</title>');
    expect(email.html).toContain('<html lang="en-US">');
    const row = (label: string, value: string) =>
      `<tr><td style="padding:3px 16px 3px 0;color:#52606d;">${label}</td><td style="padding:3px 0;text-align:right;"><strong>${value}</strong></td></tr>`;
    expect(email.html).toContain(row('Prepaid block', 'B-000012'));
    expect(email.html).toContain(row('Purchased', '10 h'));
    expect(email.html).toContain(row('Remaining', '1 h 30 min (15 %)'));
    expect(email.html).toContain(row('Expires', 'Dec 16, 2026'));
    expect(email.html).toContain(
      '<p>Once the block is used up, further support is billed at the normal rate unless a new block is bought.</p>',
    );
    expect(email.html).toContain('<p>Kind regards,<br>Smith &amp; &quot;Sons&quot;</p>');
  });

  it('escapes a block number and keeps the subject on one line', () => {
    const email = compose(EMPTY_HOURS, { blockNumber: 'B-1<2>\r\nBcc: x@evil.example' });
    expect(email.subject).toBe('Prepaid block B-1<2> Bcc: x@evil.example is used up');
    expect(email.html).toContain('<strong>B-1&lt;2&gt;');
  });
});

describe('composePrepaidAlertEmail: every language', () => {
  /** English phrases no other language's e-mail may contain. */
  const ENGLISH = ['Prepaid block', ' left', 'used up', 'Hello', 'normal rate', 'Remaining', 'Purchased', 'Expires', 'Kind regards'];

  it.each(INVOICE_LANGUAGES.filter((language) => language !== 'en'))('%s has its own subject and text, no English in them', (language) => {
    for (const alert of [LOW_HOURS, EMPTY_HOURS, LOW_SESSIONS, EMPTY_SESSIONS]) {
      const email = compose(alert, { language });
      expect(email.subject.trim()).not.toBe('');
      expect(email.text.trim()).not.toBe('');
      expect(email.subject).toContain('B-000012');
      expect(email.text).toContain('Acme Support');
      for (const phrase of ENGLISH) {
        expect(email.subject).not.toContain(phrase);
        expect(email.text).not.toContain(phrase);
      }
    }
  });

  it('each language words the subject differently', () => {
    const subjects = INVOICE_LANGUAGES.map((language) => compose(LOW_HOURS, { language }).subject);
    expect(new Set(subjects).size).toBe(INVOICE_LANGUAGES.length);
    expect(subjects).toEqual([
      'Prepaid block B-000012: 1 h 30 min left',
      'Prepaid-Kontingent B-000012: noch 1 h 30 min übrig',
      'Forfait prépayé B-000012 : il reste 1 h 30 min',
      'Bono prepago B-000012: saldo restante 1 h 30 min',
      'Prepaidbundel B-000012: nog 1 h 30 min over',
      'Pacchetto prepagato B-000012: residuo 1 h 30 min',
    ]);
  });

  it('counts one session in the singular in every language', () => {
    expect(INVOICE_LANGUAGES.map((language) => lines(LOW_SESSIONS, { language })[6])).toEqual([
      'Remaining: 1 session (10 %)',
      'Verbleibend: 1 Sitzung (10 %)',
      'Restant: 1 session (10 %)',
      'Restante: 1 sesión (10 %)',
      'Resterend: 1 sessie (10 %)',
      'Residuo: 1 sessione (10 %)',
    ]);
  });
});

describe('composePrepaidAlertEmail: bad input', () => {
  it.each<[string, Partial<PrepaidAlert>]>([
    ['negative units', { units: -1, remaining: 0 }],
    ['zero units', { units: 0, remaining: 0 }],
    ['fractional units', { units: 10.5 }],
    ['units that are not a number', { units: Number.NaN }],
    ['negative remaining', { remaining: -1 }],
    ['fractional remaining', { remaining: 1.5 }],
    ['remaining above units', { units: 10, remaining: 11 }],
    ["'empty' with something left", { kind: 'empty', remaining: 1 }],
    ['an unknown language', { language: 'pt' as PrepaidAlert['language'] }],
    ['an unknown kind', { kind: 'full' as PrepaidAlert['kind'] }],
    ['an unknown unit', { unit: 'minutes' as PrepaidAlert['unit'] }],
    ["'low' with a threshold of 0", { lowBalancePercent: 0 }],
    ["'low' with a threshold above 100", { lowBalancePercent: 101 }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['an invalid expiry', { expiresAt: new Date(Number.NaN) }],
  ])('throws a RangeError for %s', (_, overrides) => {
    expect(() => compose(LOW_SESSIONS, overrides)).toThrow(RangeError);
  });

  it('throws a RangeError for a locale that is not one', () => {
    expect(() => composePrepaidAlertEmail(LOW_HOURS, { locale: 'not a locale' })).toThrow(RangeError);
  });

  it("accepts an 'empty' alert whatever its threshold (0: no low alerts)", () => {
    expect(compose(EMPTY_SESSIONS, { lowBalancePercent: 0 }).subject).toBe('Prepaid block B-000012 is used up');
  });
});
