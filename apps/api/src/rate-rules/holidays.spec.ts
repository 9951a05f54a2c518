import { checkHolidayCalendar, holidayDates } from './holidays';

describe('holiday calendars', () => {
  it("gives a country's public holidays, a region's own ones, and the organization's dates", () => {
    // Germany 2026, nationwide: 1 Jan, Good Friday 3 Apr, Easter Monday 6 Apr, 1 May, Ascension 14 May, Whit Monday
    // 25 May, 3 Oct, 25 and 26 Dec. Bavaria adds Epiphany (6 Jan), Corpus Christi (4 Jun) and All Saints (1 Nov).
    const de = holidayDates({ country: 'DE' }, 2026, 2026);
    expect([...de].sort()).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-10-03',
      '2026-12-25',
      '2026-12-26',
    ]);
    const by = holidayDates({ country: 'DE', region: 'BY', ownDates: ['2026-12-24'] }, 2026, 2026);
    for (const d of ['2026-01-06', '2026-06-04', '2026-11-01', '2026-12-24', '2026-12-25']) expect(by.has(d)).toBe(true);
    expect(by.size).toBe(13);
    // Two years: both New Year's Days; no calendar: the organization's dates alone.
    const years = holidayDates({ country: 'DE' }, 2026, 2027);
    expect([years.has('2026-01-01'), years.has('2027-01-01'), years.has('2027-03-26')]).toEqual([true, true, true]);
    expect([...holidayDates({ country: null, ownDates: ['2026-08-15'] }, 2026, 2026)]).toEqual(['2026-08-15']);
  });

  it('knows which countries and regions it has', () => {
    expect(checkHolidayCalendar('DE', 'BY')).toBeNull();
    expect(checkHolidayCalendar('US', null)).toBeNull();
    expect(checkHolidayCalendar('XX', null)).toBe('XX is not a country with a public-holiday calendar');
    expect(checkHolidayCalendar('DE', 'ZZ')).toBe('ZZ is not a region of DE with a public-holiday calendar');
    expect(checkHolidayCalendar(null, 'BY')).toBe('a region needs its country');
  });
});
