import { IANAZone } from 'luxon';
import {
  addDays,
  clampedDate,
  daysInMonth,
  epochDay,
  formatDateTime,
  formatDay,
  formatMonth,
  instantAt,
  instantMs,
  isCalendarDate,
  isTimeZone,
  localDate,
  localDateTime,
  parseDate,
  periodDays,
  startOfDay,
  utcOffsetMinutes,
} from './calendar';

const iso = (s: string) => new Date(s);

describe('calendar days and zones', () => {
  it.each(['2024-02-29', '2026-02-28', '2000-02-29', '0001-01-01', '9999-12-31', '2026-04-30'])('%s is a date', (s) =>
    expect(isCalendarDate(s)).toBe(true),
  );
  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-1-01',
    ' 2026-01-01',
    '2026-01-01T00:00',
    '20260101',
    '',
  ])('%p is not a date', (s) => expect(isCalendarDate(s)).toBe(false));

  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Asia/Kathmandu', 'Etc/GMT+2', 'Pacific/Chatham'])(
    'accepts zone %s',
    (zone) => expect(isTimeZone(zone)).toBe(true),
  );
  it.each(['', 'local', 'system', '+02:00', '-05:00', 'UTC+2', 'GMT-3', 'Mars/Olympus', 'Europe/Berlinx', ' UTC'])(
    'rejects zone %p',
    (zone) => expect(isTimeZone(zone)).toBe(false),
  );

  it('converts between parts, epoch days and strings', () => {
    expect(parseDate('2026-02-03')).toEqual({ year: 2026, month: 2, day: 3 });
    expect(() => parseDate('2026-02-30')).toThrow(RangeError);
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('1969-12-31')).toBe(-1);
    expect(epochDay('2000-03-01')).toBe(11017);
    expect(epochDay('0050-01-01')).toBe(epochDay('0051-01-01') - 365);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
    expect(clampedDate(2025, 2, 31)).toBe('2025-02-28');
    expect(clampedDate(2024, 2, 30)).toBe('2024-02-29');
    expect(clampedDate(2026, 7, 4)).toBe('2026-07-04');
    expect(() => clampedDate(2026, 13, 1)).toThrow(RangeError);
    expect(() => clampedDate(10000, 1, 1)).toThrow(RangeError);
  });

  it('instantMs accepts only valid Dates', () => {
    expect(instantMs(new Date(5))).toBe(5);
    expect(() => instantMs(new Date(NaN))).toThrow(RangeError);
    expect(() => instantMs('2026-01-01' as unknown as Date)).toThrow(RangeError);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2026-05-10', 0, '2026-05-10'],
    ['0001-01-02', -1, '0001-01-01'],
  ])('addDays(%s, %i) = %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));

  it('addDays rejects bad input and years outside 0001-9999', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
  });

  it('reads the local day of an instant', () => {
    const instant = iso('2026-01-10T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-01-10');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-01-11');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-01-10');
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-01-11');
    expect(localDate(iso('2026-01-10T10:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-01-11');
    expect(() => localDate(new Date(NaN), 'UTC')).toThrow(RangeError);
    expect(() => localDate(instant, 'local')).toThrow(RangeError);
  });
});

describe('first instant of a local day', () => {
  it('is local midnight normally, also on DST days in Berlin and New York', () => {
    expect(startOfDay('2026-03-29', 'Europe/Berlin')).toEqual(iso('2026-03-28T23:00:00Z'));
    expect(startOfDay('2026-03-30', 'Europe/Berlin')).toEqual(iso('2026-03-29T22:00:00Z'));
    expect(startOfDay('2026-10-25', 'Europe/Berlin')).toEqual(iso('2026-10-24T22:00:00Z'));
    expect(startOfDay('2026-10-26', 'Europe/Berlin')).toEqual(iso('2026-10-25T23:00:00Z'));
    expect(startOfDay('2026-03-08', 'America/New_York')).toEqual(iso('2026-03-08T05:00:00Z'));
    expect(startOfDay('2026-11-01', 'America/New_York')).toEqual(iso('2026-11-01T04:00:00Z'));
    expect(startOfDay('2026-05-01', 'Asia/Kathmandu')).toEqual(iso('2026-04-30T18:15:00Z'));
  });

  it('is 01:00 when DST skips midnight (America/Santiago, 2026-09-06)', () => {
    const santiago = IANAZone.create('America/Santiago');
    // The clocks jump from 00:00 -04 to 01:00 -03 at 04:00Z on 2026-09-06.
    expect(santiago.offset(iso('2026-09-06T03:59:59Z').getTime())).toBe(-240);
    expect(santiago.offset(iso('2026-09-06T04:00:00Z').getTime())).toBe(-180);
    expect(startOfDay('2026-09-06', 'America/Santiago')).toEqual(iso('2026-09-06T04:00:00Z'));
    expect(localDate(iso('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(startOfDay('2026-09-07', 'America/Santiago')).toEqual(iso('2026-09-07T03:00:00Z'));
  });

  it('is 01:00 in Havana and Beirut on their spring-forward days', () => {
    expect(startOfDay('2026-03-08', 'America/Havana')).toEqual(iso('2026-03-08T05:00:00Z'));
    expect(startOfDay('2026-03-29', 'Asia/Beirut')).toEqual(iso('2026-03-28T22:00:00Z'));
  });

  it('is the first of two midnights when the clocks fall back over midnight (Havana, 2026-11-01)', () => {
    expect(startOfDay('2026-11-01', 'America/Havana')).toEqual(iso('2026-11-01T04:00:00Z'));
    expect(localDate(iso('2026-11-01T03:59:59.999Z'), 'America/Havana')).toBe('2026-10-31');
  });

  it('a skipped day starts when the next one does (Pacific/Apia, 2011-12-30)', () => {
    expect(startOfDay('2011-12-30', 'Pacific/Apia')).toEqual(iso('2011-12-30T10:00:00Z'));
    expect(startOfDay('2011-12-31', 'Pacific/Apia')).toEqual(iso('2011-12-30T10:00:00Z'));
    expect(startOfDay('1994-12-31', 'Pacific/Kiritimati')).toEqual(startOfDay('1995-01-01', 'Pacific/Kiritimati'));
    expect(localDate(iso('1994-12-31T09:59:59Z'), 'Pacific/Kiritimati')).toBe('1994-12-30');
  });
});

/** Intl separates time and AM/PM with a narrow no-break space (U+202F); the tests write a plain one. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;

describe('local day ↔ instant across DST, by hand', () => {
  it('Europe/Berlin: 2026-03-29 has 23 hours (02:00 CET → 03:00 CEST at 01:00Z)', () => {
    const day = startOfDay('2026-03-29', 'Europe/Berlin');
    const next = startOfDay('2026-03-30', 'Europe/Berlin');
    expect(day.toISOString()).toBe('2026-03-28T23:00:00.000Z'); // midnight CET (+01:00)
    expect(next.toISOString()).toBe('2026-03-29T22:00:00.000Z'); // midnight CEST (+02:00)
    expect(hours(day, next)).toBe(23);
    expect(localDate(iso('2026-03-28T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(iso('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(iso('2026-03-29T21:59:59.999Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(iso('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('Europe/Berlin: 2026-10-25 has 25 hours (03:00 CEST → 02:00 CET at 01:00Z)', () => {
    const day = startOfDay('2026-10-25', 'Europe/Berlin');
    const next = startOfDay('2026-10-26', 'Europe/Berlin');
    expect(day.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(next.toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(hours(day, next)).toBe(25);
    expect(localDate(iso('2026-10-25T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(localDate(iso('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toBe('2026-10-26');
  });

  it('America/New_York: 2026-03-08 has 23 hours (02:00 EST → 03:00 EDT at 07:00Z)', () => {
    const day = startOfDay('2026-03-08', 'America/New_York');
    const next = startOfDay('2026-03-09', 'America/New_York');
    expect(day.toISOString()).toBe('2026-03-08T05:00:00.000Z'); // midnight EST (-05:00)
    expect(next.toISOString()).toBe('2026-03-09T04:00:00.000Z'); // midnight EDT (-04:00)
    expect(hours(day, next)).toBe(23);
    expect(localDate(iso('2026-03-08T04:59:59.999Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDate(iso('2026-03-09T03:59:59.999Z'), 'America/New_York')).toBe('2026-03-08');
  });

  it('America/New_York: 2026-11-01 has 25 hours (02:00 EDT → 01:00 EST at 06:00Z)', () => {
    const day = startOfDay('2026-11-01', 'America/New_York');
    const next = startOfDay('2026-11-02', 'America/New_York');
    expect(day.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(next.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(hours(day, next)).toBe(25);
    expect(localDate(iso('2026-11-01T03:59:59.999Z'), 'America/New_York')).toBe('2026-10-31');
    expect(localDate(iso('2026-11-02T04:59:59.999Z'), 'America/New_York')).toBe('2026-11-01');
  });

  it("the local day of a day's first instant is that day, around both changes", () => {
    for (const zone of ['Europe/Berlin', 'America/New_York']) {
      for (const first of ['2026-03-05', '2026-10-22']) {
        for (let n = 0; n < 14; n++) {
          const day = addDays(first, n);
          expect(localDate(startOfDay(day, zone), zone)).toBe(day);
          expect(localDate(new Date(startOfDay(day, zone).getTime() - 1), zone)).toBe(addDays(day, -1));
        }
      }
    }
  });

  it('UTC offsets', () => {
    expect(utcOffsetMinutes(iso('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(utcOffsetMinutes(iso('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(utcOffsetMinutes(iso('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutes(iso('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
    expect(utcOffsetMinutes(iso('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
    expect(utcOffsetMinutes(iso('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(60);
    expect(utcOffsetMinutes(iso('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(() => utcOffsetMinutes(iso('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('wall clock ↔ instant: a time that happens twice is the earlier, one that never happens moves on by the gap', () => {
    expect(instantAt('2026-03-29T02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(instantAt('2026-03-29T03:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(instantAt('2026-10-25T02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // CEST, not CET
    expect(instantAt('2026-10-25T03:00:00', 'Europe/Berlin').toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(instantAt('2026-03-08T02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(instantAt('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z'); // EDT, not EST
    expect(instantAt('2026-01-15T12:00:30', 'UTC').toISOString()).toBe('2026-01-15T12:00:30.000Z');
    expect(localDateTime(iso('2026-10-25T00:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00');
    expect(localDateTime(iso('2026-10-25T01:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:30:00');
    expect(localDateTime(iso('2026-11-01T04:00:00Z'), 'America/New_York')).toBe('2026-11-01T00:00:00');
    for (const bad of ['2026-01-15', '2026-01-15T24:00', '2026-02-30T10:00', '2026-01-15 10:00', '']) {
      expect(() => instantAt(bad, 'UTC')).toThrow(RangeError);
    }
    expect(() => instantAt('2026-01-15T10:00', 'local')).toThrow(RangeError);
  });

  it('a half-open period as its first and last local day', () => {
    expect(periodDays(iso('2026-10-31T23:00:00Z'), iso('2026-11-30T23:00:00Z'), 'Europe/Berlin')).toEqual({
      first: '2026-11-01',
      last: '2026-11-30',
    });
    expect(periodDays(iso('2026-11-01T00:00:00Z'), iso('2026-12-01T00:00:00Z'), 'UTC')).toEqual({
      first: '2026-11-01',
      last: '2026-11-30',
    });
    // Berlin's November read in New York: 2026-10-31 19:00 … 2026-11-30 17:59:59.999 EST.
    expect(periodDays(iso('2026-10-31T23:00:00Z'), iso('2026-11-30T23:00:00Z'), 'America/New_York')).toEqual({
      first: '2026-10-31',
      last: '2026-11-30',
    });
  });

  it('formats days, months and times for people', () => {
    expect(formatDay('2026-12-15')).toBe('Dec 15, 2026');
    expect(formatDay('2026-12-15', 'de-DE')).toBe('15.12.2026');
    expect(formatDay('2026-03-29')).toBe('Mar 29, 2026'); // no zone shift on a DST day
    expect(() => formatDay('2026-02-30')).toThrow(RangeError);
    expect(formatMonth('2026-03')).toBe('Mar 26');
    expect(plain(formatDateTime(iso('2026-01-15T12:00:00Z'), 'UTC'))).toBe('Jan 15, 2026, 12:00 PM');
    expect(plain(formatDateTime(iso('2026-03-29T01:30:00Z'), 'Europe/Berlin'))).toBe('Mar 29, 2026, 3:30 AM');
    expect(plain(formatDateTime(iso('2026-11-01T05:30:00Z'), 'America/New_York'))).toBe('Nov 1, 2026, 1:30 AM');
    expect(() => formatDateTime(iso('2026-01-15T12:00:00Z'), 'local')).toThrow(RangeError);
  });
});
