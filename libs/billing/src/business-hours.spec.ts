import {
  BusinessSchedule,
  checkSchedule,
  classify,
  classOfStart,
  ClassPiece,
  RATE_CLASSES,
  secondsByClass,
  splitByClass,
} from './business-hours';

/** Every expected instant below is worked out by hand in UTC (the comments give the local readings). */
const utc = (s: string) => new Date(`${s}Z`);
const rows = (pieces: ClassPiece[]) =>
  pieces.map((p) => [p.class, p.start.toISOString().slice(0, 23), p.end.toISOString().slice(0, 23), p.seconds]);
const split = (start: string, end: string, schedule: BusinessSchedule, holidays: string[] = []) =>
  rows(splitByClass(utc(start), utc(end), schedule, new Set(holidays)));
const none = new Set<string>();

const weekdays = (intervals: { start: string; end: string }[]) => ({
  1: intervals,
  2: intervals,
  3: intervals,
  4: intervals,
  5: intervals,
});
/** Mon–Fri 08:00–18:00 in Berlin, weekend Sat/Sun. */
const berlin: BusinessSchedule = { timeZone: 'Europe/Berlin', hours: weekdays([{ start: '08:00', end: '18:00' }]) };

describe('splitByClass: a week in Europe/Berlin (CEST = UTC+2 in June)', () => {
  it('Friday 17:30–19:15 local: 30 min business, then 1 h 15 min after hours', () => {
    // 2026-06-12 is a Friday. 17:30 CEST = 15:30Z, 18:00 CEST = 16:00Z, 19:15 CEST = 17:15Z.
    expect(split('2026-06-12T15:30:00', '2026-06-12T17:15:00', berlin)).toEqual([
      ['business', '2026-06-12T15:30:00.000', '2026-06-12T16:00:00.000', 1800],
      ['after_hours', '2026-06-12T16:00:00.000', '2026-06-12T17:15:00.000', 4500],
    ]);
  });

  it('Friday 23:00 → Saturday 01:30: after hours until midnight, then weekend', () => {
    // 23:00 CEST = 21:00Z; Saturday 00:00 CEST = 22:00Z; 01:30 CEST = 23:30Z.
    expect(split('2026-06-12T21:00:00', '2026-06-12T23:30:00', berlin)).toEqual([
      ['after_hours', '2026-06-12T21:00:00.000', '2026-06-12T22:00:00.000', 3600],
      ['weekend', '2026-06-12T22:00:00.000', '2026-06-12T23:30:00.000', 5400],
    ]);
  });

  it('a holiday on a Saturday is holiday, not weekend (precedence)', () => {
    // 2026-10-03 (German Unity Day) is a Saturday. Friday 17:00 CEST = 15:00Z, 18:00 = 16:00Z,
    // Saturday 00:00 CEST = 2026-10-02T22:00Z, Sunday 00:00 CEST = 2026-10-03T22:00Z, Sunday 02:00 CEST = 00:00Z.
    expect(split('2026-10-02T15:00:00', '2026-10-04T00:00:00', berlin, ['2026-10-03'])).toEqual([
      ['business', '2026-10-02T15:00:00.000', '2026-10-02T16:00:00.000', 3600],
      ['after_hours', '2026-10-02T16:00:00.000', '2026-10-02T22:00:00.000', 21600],
      ['holiday', '2026-10-02T22:00:00.000', '2026-10-03T22:00:00.000', 86400],
      ['weekend', '2026-10-03T22:00:00.000', '2026-10-04T00:00:00.000', 7200],
    ]);
    expect(classify(utc('2026-10-03T10:00:00'), berlin, new Set(['2026-10-03']))).toBe('holiday');
    expect(classify(utc('2026-10-03T10:00:00'), berlin, none)).toBe('weekend');
  });

  it('a holiday on a Wednesday: 07:00–09:00 is all holiday (no after hours, no business)', () => {
    // 2026-04-01 is a Wednesday (CEST since 2026-03-29): 07:00 CEST = 05:00Z, 09:00 CEST = 07:00Z.
    expect(split('2026-04-01T05:00:00', '2026-04-01T07:00:00', berlin, ['2026-04-01'])).toEqual([
      ['holiday', '2026-04-01T05:00:00.000', '2026-04-01T07:00:00.000', 7200],
    ]);
    // The same morning without the holiday: 1 h after hours, 1 h business.
    expect(split('2026-04-01T05:00:00', '2026-04-01T07:00:00', berlin)).toEqual([
      ['after_hours', '2026-04-01T05:00:00.000', '2026-04-01T06:00:00.000', 3600],
      ['business', '2026-04-01T06:00:00.000', '2026-04-01T07:00:00.000', 3600],
    ]);
  });

  it('business hours given on a weekend day are ignored (weekend wins)', () => {
    const saturdayHours: BusinessSchedule = { ...berlin, hours: { ...berlin.hours, 6: [{ start: '09:00', end: '12:00' }] } };
    // Saturday 2026-06-13 10:00 CEST = 08:00Z.
    expect(classify(utc('2026-06-13T08:00:00'), saturdayHours, none)).toBe('weekend');
    expect(split('2026-06-13T07:00:00', '2026-06-13T10:00:00', saturdayHours)).toEqual([
      ['weekend', '2026-06-13T07:00:00.000', '2026-06-13T10:00:00.000', 10800],
    ]);
  });

  it('a lunch break: two intervals a day', () => {
    const lunch: BusinessSchedule = {
      timeZone: 'Europe/Berlin',
      hours: weekdays([
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:00' },
      ]),
    };
    // Monday 2026-06-15 11:30–13:30 CEST = 09:30Z–11:30Z; 12:00 CEST = 10:00Z, 13:00 CEST = 11:00Z.
    expect(split('2026-06-15T09:30:00', '2026-06-15T11:30:00', lunch)).toEqual([
      ['business', '2026-06-15T09:30:00.000', '2026-06-15T10:00:00.000', 1800],
      ['after_hours', '2026-06-15T10:00:00.000', '2026-06-15T11:00:00.000', 3600],
      ['business', '2026-06-15T11:00:00.000', '2026-06-15T11:30:00.000', 1800],
    ]);
  });

  it("an interval ending at '24:00' joins the next day's interval from '00:00' into one piece", () => {
    const night: BusinessSchedule = {
      timeZone: 'Europe/Berlin',
      hours: { 1: [{ start: '20:00', end: '24:00' }], 2: [{ start: '00:00', end: '06:00' }] },
    };
    // Monday 2026-06-15 19:00 CEST = 17:00Z → Tuesday 07:00 CEST = 05:00Z; 20:00 = 18:00Z, Tue 06:00 = 04:00Z.
    expect(split('2026-06-15T17:00:00', '2026-06-16T05:00:00', night)).toEqual([
      ['after_hours', '2026-06-15T17:00:00.000', '2026-06-15T18:00:00.000', 3600],
      ['business', '2026-06-15T18:00:00.000', '2026-06-16T04:00:00.000', 36000],
      ['after_hours', '2026-06-16T04:00:00.000', '2026-06-16T05:00:00.000', 3600],
    ]);
  });

  it('a schedule without hours: after hours on weekdays, weekend and holiday still apply', () => {
    const noHours: BusinessSchedule = { timeZone: 'Europe/Berlin', hours: {} };
    // Thursday 2026-06-11 12:00 CEST = 10:00Z → Sunday 2026-06-14 12:00 CEST = 10:00Z; Friday 2026-06-12 a holiday.
    // Thu 12:00 → Fri 00:00 (22:00Z) after hours 12 h; Friday holiday 24 h; Sat 00:00 → Sun 12:00 weekend 36 h.
    expect(split('2026-06-11T10:00:00', '2026-06-14T10:00:00', noHours, ['2026-06-12'])).toEqual([
      ['after_hours', '2026-06-11T10:00:00.000', '2026-06-11T22:00:00.000', 43200],
      ['holiday', '2026-06-11T22:00:00.000', '2026-06-12T22:00:00.000', 86400],
      ['weekend', '2026-06-12T22:00:00.000', '2026-06-14T10:00:00.000', 129600],
    ]);
  });

  it('weekendDays [5, 6] (Friday and Saturday): Friday hours are ignored, Sunday is a working day', () => {
    const riyadh: BusinessSchedule = {
      timeZone: 'Asia/Riyadh', // UTC+3 all year
      weekendDays: [5, 6],
      hours: Object.fromEntries([7, 1, 2, 3, 4, 5].map((day) => [day, [{ start: '09:00', end: '17:00' }]])),
    };
    // Thursday 2026-06-11 16:00 (+3) = 13:00Z; 17:00 = 14:00Z; Friday 00:00 = Thu 21:00Z;
    // Sunday 00:00 = Sat 2026-06-13T21:00Z; Sunday 09:00 = 06:00Z; Sunday 10:00 = 07:00Z.
    expect(split('2026-06-11T13:00:00', '2026-06-14T07:00:00', riyadh)).toEqual([
      ['business', '2026-06-11T13:00:00.000', '2026-06-11T14:00:00.000', 3600],
      ['after_hours', '2026-06-11T14:00:00.000', '2026-06-11T21:00:00.000', 25200],
      ['weekend', '2026-06-11T21:00:00.000', '2026-06-13T21:00:00.000', 172800],
      ['after_hours', '2026-06-13T21:00:00.000', '2026-06-14T06:00:00.000', 32400],
      ['business', '2026-06-14T06:00:00.000', '2026-06-14T07:00:00.000', 3600],
    ]);
  });
});

describe('splitByClass: DST nights', () => {
  /** Every day a working day with the given Sunday hours (the DST nights below are all Sunday mornings). */
  const sunday = (timeZone: string, start: string, end: string): BusinessSchedule => ({
    timeZone,
    weekendDays: [],
    hours: { 7: [{ start, end }] },
  });

  describe('Europe/Berlin 2026-03-29: 02:00 CET (+1) → 03:00 CEST (+2) at 01:00Z, a 23-hour day', () => {
    it("'02:30' is in the gap: it moves on by the gap to 03:30 CEST (01:30Z)", () => {
      // Sat 22:00 CET = 21:00Z; Sun 03:30 CEST = 01:30Z; 08:00 CEST = 06:00Z; 09:00 CEST = 07:00Z. 11 wall hours, 10 real.
      expect(split('2026-03-28T21:00:00', '2026-03-29T07:00:00', sunday('Europe/Berlin', '02:30', '08:00'))).toEqual([
        ['after_hours', '2026-03-28T21:00:00.000', '2026-03-29T01:30:00.000', 16200],
        ['business', '2026-03-29T01:30:00.000', '2026-03-29T06:00:00.000', 16200],
        ['after_hours', '2026-03-29T06:00:00.000', '2026-03-29T07:00:00.000', 3600],
      ]);
    });

    it("'01:30' before the gap: 01:30 CET (00:30Z) to '02:30' (01:30Z) is one real hour", () => {
      // Sun 00:00 CET = Sat 23:00Z; 04:00 CEST = 02:00Z.
      expect(split('2026-03-28T23:00:00', '2026-03-29T02:00:00', sunday('Europe/Berlin', '01:30', '02:30'))).toEqual([
        ['after_hours', '2026-03-28T23:00:00.000', '2026-03-29T00:30:00.000', 5400],
        ['business', '2026-03-29T00:30:00.000', '2026-03-29T01:30:00.000', 3600],
        ['after_hours', '2026-03-29T01:30:00.000', '2026-03-29T02:00:00.000', 1800],
      ]);
    });

    it('an interval whose readings straddle the gap backwards is empty; intervals that overlap once mapped join', () => {
      // '02:30' → 03:30 CEST (01:30Z) is after '03:15' = 03:15 CEST (01:15Z): empty, all after hours.
      expect(split('2026-03-28T23:00:00', '2026-03-29T03:00:00', sunday('Europe/Berlin', '02:30', '03:15'))).toEqual([
        ['after_hours', '2026-03-28T23:00:00.000', '2026-03-29T03:00:00.000', 14400],
      ]);
      // '01:00'–'02:30' = [00:00Z, 01:30Z) and '03:00'–'04:00' = [01:00Z, 02:00Z) overlap: business [00:00Z, 02:00Z).
      const two: BusinessSchedule = {
        timeZone: 'Europe/Berlin',
        weekendDays: [],
        hours: {
          7: [
            { start: '01:00', end: '02:30' },
            { start: '03:00', end: '04:00' },
          ],
        },
      };
      expect(split('2026-03-28T23:00:00', '2026-03-29T03:00:00', two)).toEqual([
        ['after_hours', '2026-03-28T23:00:00.000', '2026-03-29T00:00:00.000', 3600],
        ['business', '2026-03-29T00:00:00.000', '2026-03-29T02:00:00.000', 7200],
        ['after_hours', '2026-03-29T02:00:00.000', '2026-03-29T03:00:00.000', 3600],
      ]);
    });

    it("'00:00'–'24:00' covers the 23 hours of the day; the weekend of that night is 47 hours", () => {
      // Sun 00:00 CET = Sat 23:00Z; Mon 00:00 CEST = Sun 22:00Z.
      expect(split('2026-03-28T23:00:00', '2026-03-29T22:00:00', sunday('Europe/Berlin', '00:00', '24:00'))).toEqual([
        ['business', '2026-03-28T23:00:00.000', '2026-03-29T22:00:00.000', 82800],
      ]);
      const allDay: BusinessSchedule = { timeZone: 'Europe/Berlin', hours: weekdays([{ start: '00:00', end: '24:00' }]) };
      // Fri 2026-03-27 12:00 CET = 11:00Z → Mon 2026-03-30 12:00 CEST = 10:00Z. Sat 00:00 CET = Fri 23:00Z.
      expect(split('2026-03-27T11:00:00', '2026-03-30T10:00:00', allDay)).toEqual([
        ['business', '2026-03-27T11:00:00.000', '2026-03-27T23:00:00.000', 43200],
        ['weekend', '2026-03-27T23:00:00.000', '2026-03-29T22:00:00.000', 169200],
        ['business', '2026-03-29T22:00:00.000', '2026-03-30T10:00:00.000', 43200],
      ]);
    });
  });

  describe('Europe/Berlin 2026-10-25: 03:00 CEST (+2) → 02:00 CET (+1) at 01:00Z, a 25-hour day', () => {
    it("'02:30' happens twice: the boundary is the earlier one, 02:30 CEST (00:30Z)", () => {
      // Sun 00:00 CEST = Sat 22:00Z; 05:00 CET = 04:00Z; 06:00 CET = 05:00Z. 6 wall hours, 7 real.
      expect(split('2026-10-24T22:00:00', '2026-10-25T05:00:00', sunday('Europe/Berlin', '02:30', '05:00'))).toEqual([
        ['after_hours', '2026-10-24T22:00:00.000', '2026-10-25T00:30:00.000', 9000],
        ['business', '2026-10-25T00:30:00.000', '2026-10-25T04:00:00.000', 12600],
        ['after_hours', '2026-10-25T04:00:00.000', '2026-10-25T05:00:00.000', 3600],
      ]);
    });

    it("an interval ending at '02:30' ends at the first 02:30: the repeated 02:00–02:30 CET is after hours", () => {
      // '00:00' = Sat 22:00Z, '02:30' = 02:30 CEST = 00:30Z; 04:00 CET = 03:00Z.
      expect(split('2026-10-24T22:00:00', '2026-10-25T03:00:00', sunday('Europe/Berlin', '00:00', '02:30'))).toEqual([
        ['business', '2026-10-24T22:00:00.000', '2026-10-25T00:30:00.000', 9000],
        ['after_hours', '2026-10-25T00:30:00.000', '2026-10-25T03:00:00.000', 9000],
      ]);
      expect(classify(utc('2026-10-25T01:15:00'), sunday('Europe/Berlin', '00:00', '02:30'), none)).toBe('after_hours'); // 02:15 CET
      expect(classify(utc('2026-10-25T00:15:00'), sunday('Europe/Berlin', '00:00', '02:30'), none)).toBe('business'); // 02:15 CEST
    });

    it("'00:00'–'24:00' covers the 25 hours of the day", () => {
      // Sun 00:00 CEST = Sat 22:00Z; Mon 00:00 CET = Sun 23:00Z.
      expect(split('2026-10-24T21:00:00', '2026-10-26T00:00:00', sunday('Europe/Berlin', '00:00', '24:00'))).toEqual([
        ['after_hours', '2026-10-24T21:00:00.000', '2026-10-24T22:00:00.000', 3600],
        ['business', '2026-10-24T22:00:00.000', '2026-10-25T23:00:00.000', 90000],
        ['after_hours', '2026-10-25T23:00:00.000', '2026-10-26T00:00:00.000', 3600],
      ]);
    });
  });

  describe('America/New_York 2026-03-08: 02:00 EST (−5) → 03:00 EDT (−4) at 07:00Z', () => {
    it("'02:30' is in the gap: 03:30 EDT (07:30Z)", () => {
      // Sun 01:00 EST = 06:00Z; 06:00 EDT = 10:00Z; 07:00 EDT = 11:00Z. 6 wall hours, 5 real.
      expect(split('2026-03-08T06:00:00', '2026-03-08T11:00:00', sunday('America/New_York', '02:30', '06:00'))).toEqual([
        ['after_hours', '2026-03-08T06:00:00.000', '2026-03-08T07:30:00.000', 5400],
        ['business', '2026-03-08T07:30:00.000', '2026-03-08T10:00:00.000', 9000],
        ['after_hours', '2026-03-08T10:00:00.000', '2026-03-08T11:00:00.000', 3600],
      ]);
    });

    it("'01:30' before the gap: 01:30 EST (06:30Z) to '03:00' = 03:00 EDT (07:00Z) is 30 minutes", () => {
      expect(split('2026-03-08T06:00:00', '2026-03-08T08:00:00', sunday('America/New_York', '01:30', '03:00'))).toEqual([
        ['after_hours', '2026-03-08T06:00:00.000', '2026-03-08T06:30:00.000', 1800],
        ['business', '2026-03-08T06:30:00.000', '2026-03-08T07:00:00.000', 1800],
        ['after_hours', '2026-03-08T07:00:00.000', '2026-03-08T08:00:00.000', 3600],
      ]);
    });
  });

  describe('America/New_York 2026-11-01: 02:00 EDT (−4) → 01:00 EST (−5) at 06:00Z', () => {
    it("'01:30' happens twice: the boundary is 01:30 EDT (05:30Z)", () => {
      // Sat 23:00 EDT = Sun 03:00Z; Sun 00:00 EDT = 04:00Z; 03:00 EST = 08:00Z; 04:00 EST = 09:00Z. 5 wall hours, 6 real.
      expect(split('2026-11-01T03:00:00', '2026-11-01T09:00:00', sunday('America/New_York', '01:30', '03:00'))).toEqual([
        ['after_hours', '2026-11-01T03:00:00.000', '2026-11-01T05:30:00.000', 9000],
        ['business', '2026-11-01T05:30:00.000', '2026-11-01T08:00:00.000', 9000],
        ['after_hours', '2026-11-01T08:00:00.000', '2026-11-01T09:00:00.000', 3600],
      ]);
    });

    it("an interval ending at '01:30' ends at 01:30 EDT: the repeated 01:00–01:30 EST (06:00Z–06:30Z) is after hours", () => {
      // '00:00' = 04:00Z; '01:30' = 05:30Z; 02:00 EST = 07:00Z.
      expect(split('2026-11-01T04:00:00', '2026-11-01T07:00:00', sunday('America/New_York', '00:00', '01:30'))).toEqual([
        ['business', '2026-11-01T04:00:00.000', '2026-11-01T05:30:00.000', 5400],
        ['after_hours', '2026-11-01T05:30:00.000', '2026-11-01T07:00:00.000', 5400],
      ]);
    });
  });
});

describe('splitByClass: seconds', () => {
  it('counts whole seconds from the session start, each in the class of its first instant; the partial last second is dropped', () => {
    // Friday 2026-06-12, business ends 18:00 CEST = 16:00:00Z.
    // 15:59:58.500 → 16:00:01.200 is 2.7 s: 2 whole seconds, starting 15:59:58.500 and 15:59:59.500, both business.
    expect(split('2026-06-12T15:59:58.500', '2026-06-12T16:00:01.200', berlin)).toEqual([
      ['business', '2026-06-12T15:59:58.500', '2026-06-12T16:00:00.000', 2],
      ['after_hours', '2026-06-12T16:00:00.000', '2026-06-12T16:00:01.200', 0],
    ]);
    // 15:59:59.400 → 16:00:02.100: seconds start at 15:59:59.400 (business) and 16:00:00.400 (after hours).
    expect(split('2026-06-12T15:59:59.400', '2026-06-12T16:00:02.100', berlin)).toEqual([
      ['business', '2026-06-12T15:59:59.400', '2026-06-12T16:00:00.000', 1],
      ['after_hours', '2026-06-12T16:00:00.000', '2026-06-12T16:00:02.100', 1],
    ]);
  });

  it('a session shorter than a second is one piece of 0 seconds; start = end gives no piece', () => {
    expect(split('2026-06-12T10:00:00', '2026-06-12T10:00:00.500', berlin)).toEqual([
      ['business', '2026-06-12T10:00:00.000', '2026-06-12T10:00:00.500', 0],
    ]);
    expect(split('2026-06-12T10:00:00', '2026-06-12T10:00:00', berlin)).toEqual([]);
    expect(classOfStart(utc('2026-06-12T10:00:00'), berlin, none)).toBe('business');
    expect(classOfStart(utc('2026-06-12T16:00:00'), berlin, none)).toBe('after_hours'); // 18:00 CEST: business ended
    expect(classOfStart(utc('2026-06-12T15:59:59.999'), berlin, none)).toBe('business');
  });

  it('secondsByClass totals the pieces, every class present', () => {
    const pieces = splitByClass(utc('2026-06-12T15:30:00'), utc('2026-06-12T23:30:00'), berlin, none);
    // business 15:30Z–16:00Z, after hours 16:00Z–22:00Z, weekend 22:00Z–23:30Z
    expect(secondsByClass(pieces)).toEqual({ business: 1800, after_hours: 21600, weekend: 5400, holiday: 0 });
    expect(secondsByClass([])).toEqual({ business: 0, after_hours: 0, weekend: 0, holiday: 0 });
    expect(RATE_CLASSES).toEqual(['business', 'after_hours', 'weekend', 'holiday']);
  });

  it('rejects a session that ends before it starts, and invalid dates', () => {
    expect(() => splitByClass(utc('2026-06-12T10:00:01'), utc('2026-06-12T10:00:00'), berlin, none)).toThrow(RangeError);
    expect(() => splitByClass(new Date(NaN), utc('2026-06-12T10:00:00'), berlin, none)).toThrow('start must be a valid Date');
    expect(() => classify(new Date(NaN), berlin, none)).toThrow(RangeError);
  });
});

describe('checkSchedule', () => {
  const hours = (day: number, intervals: unknown) => ({ timeZone: 'Europe/Berlin', hours: { [day]: intervals } });

  it('accepts good schedules', () => {
    expect(checkSchedule(berlin)).toBeNull();
    expect(checkSchedule({ timeZone: 'UTC', hours: {} })).toBeNull();
    expect(checkSchedule({ timeZone: 'UTC', weekendDays: [], hours: { 7: [{ start: '00:00', end: '24:00' }] } })).toBeNull();
    // touching intervals are fine
    expect(
      checkSchedule(
        hours(1, [
          { start: '08:00', end: '12:00' },
          { start: '12:00', end: '23:59' },
        ]),
      ),
    ).toBeNull();
  });

  it.each([
    ['not an object', null, 'schedule must be an object'],
    ['no zone', { hours: {} }, 'timeZone: not an IANA time zone: undefined'],
    ['a raw offset', { timeZone: '+02:00', hours: {} }, 'timeZone: not an IANA time zone: "+02:00"'],
    ['weekendDays not an array', { timeZone: 'UTC', weekendDays: 6, hours: {} }, 'weekendDays must be an array'],
    ['weekday 0', { timeZone: 'UTC', weekendDays: [6, 0], hours: {} }, 'weekendDays[1]: not an ISO weekday (1 = Monday … 7 = Sunday): 0'],
    ['weekday 8', { timeZone: 'UTC', weekendDays: [8], hours: {} }, 'weekendDays[0]: not an ISO weekday'],
    ['weekday 1.5', { timeZone: 'UTC', weekendDays: [1.5], hours: {} }, 'weekendDays[0]: not an ISO weekday'],
    ['a repeated weekday', { timeZone: 'UTC', weekendDays: [7, 6, 7], hours: {} }, 'weekendDays[2]: Sunday (7) is listed twice'],
    ['no hours', { timeZone: 'UTC' }, 'hours must be an object'],
    ['hours an array', { timeZone: 'UTC', hours: [] }, 'hours must be an object'],
    ['day 8', hours(8, []), 'hours.8: not an ISO weekday'],
    ['day 0', hours(0, []), 'hours.0: not an ISO weekday'],
    ['intervals not an array', hours(3, { start: '08:00', end: '18:00' }), 'hours.3 (Wednesday) must be an array'],
    ['an interval not an object', hours(3, ['08:00-18:00']), 'hours.3[0] (Wednesday) must be an interval'],
    [
      'one-digit hour',
      hours(3, [{ start: '8:00', end: '18:00' }]),
      `hours.3[0].start (Wednesday): not a local time 'HH:mm' from 00:00 to 23:59: "8:00"`,
    ],
    ['start 24:00', hours(3, [{ start: '24:00', end: '24:00' }]), 'hours.3[0].start (Wednesday)'],
    ['minute 60', hours(3, [{ start: '08:60', end: '18:00' }]), 'hours.3[0].start (Wednesday)'],
    [
      'end 25:00',
      hours(2, [{ start: '08:00', end: '25:00' }]),
      `hours.2[0].end (Tuesday): not a local time 'HH:mm' from 00:00 to 24:00: "25:00"`,
    ],
    ['end 24:01', hours(2, [{ start: '08:00', end: '24:01' }]), 'hours.2[0].end (Tuesday)'],
    ['seconds', hours(2, [{ start: '08:00:00', end: '18:00' }]), 'hours.2[0].start (Tuesday)'],
    ['start after end', hours(5, [{ start: '18:00', end: '08:00' }]), 'hours.5[0] (Friday 18:00–08:00): start must be before end'],
    ['empty interval', hours(5, [{ start: '08:00', end: '08:00' }]), 'hours.5[0] (Friday 08:00–08:00): start must be before end'],
    [
      'overlapping',
      hours(3, [
        { start: '08:00', end: '12:30' },
        { start: '12:00', end: '18:00' },
      ]),
      'hours.3[1] (Wednesday 12:00–18:00) overlaps or comes before hours.3[0] (Wednesday 08:00–12:30): a day',
    ],
    [
      'unsorted',
      hours(7, [
        { start: '13:00', end: '17:00' },
        { start: '08:00', end: '12:00' },
      ]),
      'hours.7[1] (Sunday 08:00–12:00) overlaps or comes before hours.7[0] (Sunday 13:00–17:00)',
    ],
  ])('%s', (_, schedule, message) => {
    expect(checkSchedule(schedule)).toContain(message);
    // the other functions throw it
    const call = () => splitByClass(utc('2026-06-12T10:00:00'), utc('2026-06-12T11:00:00'), schedule as BusinessSchedule, none);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('holidays must be a set', () => {
    expect(() => classify(utc('2026-06-12T10:00:00'), berlin, ['2026-06-12'] as unknown as Set<string>)).toThrow('holidays must be a set');
  });
});
