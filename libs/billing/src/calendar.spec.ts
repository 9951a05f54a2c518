import { IANAZone } from 'luxon';
import {
  addDays,
  clampedDate,
  daysInMonth,
  epochDay,
  instantMs,
  isCalendarDate,
  isTimeZone,
  localDate,
  parseDate,
  startOfDay,
  todayIn,
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
    expect(todayIn('Pacific/Auckland', instant)).toBe('2026-01-11');
    expect(todayIn('Pacific/Kiritimati', iso('2026-01-10T10:00:00Z'))).toBe('2026-01-11');
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
