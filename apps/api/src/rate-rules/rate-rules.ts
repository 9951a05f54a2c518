import { checkSchedule, startOfDay } from '@app/billing';
import type { BillingType, BusinessInterval, BusinessSchedule, ClassRate, IsoWeekday, RateRules, SurchargeClass } from '@app/billing';
import type { FieldError } from '../common/domain-error';
import { checkHolidayCalendar, holidayDates } from './holidays';
import type { BusinessCalendarDto, RateRulesDto } from './rate-rules.dto';

/**
 * Rate rules as the API stores and shows them (issue #18): flat fields, every key present. The pure engine's form
 * (`RateRules`, libs/billing) is made from them per customer by `engineRules` (its time zone, its business hours).
 */
export interface BusinessCalendar {
  businessHours: { day: number; start: string; end: string }[] | null;
  weekendDays: number[];
  holidayCountry: string | null;
  holidayRegion: string | null;
  holidayDates: string[];
}

export interface StoredRateRules extends BusinessCalendar {
  afterHoursMultiplier: string | null;
  afterHoursRateMinor: number | null;
  weekendMultiplier: string | null;
  weekendRateMinor: number | null;
  holidayMultiplier: string | null;
  holidayRateMinor: number | null;
  tierMode: 'graduated' | 'volume' | null;
  /** upTo: hours (per_hour) or sessions (per_session); null on the last band */
  tiers: { upTo: number | null; rateMinor: number }[];
  unattendedRateMinor: number | null;
  minimumCommitmentMinor: number | null;
}

export const CALENDAR_KEYS = ['businessHours', 'weekendDays', 'holidayCountry', 'holidayRegion', 'holidayDates'] as const;
export const RULE_KEYS = [
  ...CALENDAR_KEYS,
  'afterHoursMultiplier',
  'afterHoursRateMinor',
  'weekendMultiplier',
  'weekendRateMinor',
  'holidayMultiplier',
  'holidayRateMinor',
  'tierMode',
  'tiers',
  'unattendedRateMinor',
  'minimumCommitmentMinor',
] as const;

export const NO_CALENDAR: BusinessCalendar = {
  businessHours: null,
  weekendDays: [6, 7],
  holidayCountry: null,
  holidayRegion: null,
  holidayDates: [],
};

/** A plan without rules (the migration writes the same object). */
export const NO_RULES: StoredRateRules = {
  ...NO_CALENDAR,
  afterHoursMultiplier: null,
  afterHoursRateMinor: null,
  weekendMultiplier: null,
  weekendRateMinor: null,
  holidayMultiplier: null,
  holidayRateMinor: null,
  tierMode: null,
  tiers: [],
  unattendedRateMinor: null,
  minimumCommitmentMinor: null,
};

/** `base` with the fields `dto` sets (undefined: unchanged; null on a list field: its default). */
export function mergeRules<T extends BusinessCalendar>(base: T, dto: Partial<Record<keyof T, unknown>>, keys: readonly (keyof T)[]): T {
  const out = { ...base };
  for (const key of keys) {
    const v = dto[key];
    if (v === undefined) continue;
    (out as Record<keyof T, unknown>)[key] =
      v === null && Array.isArray(NO_RULES[key as keyof StoredRateRules]) ? NO_RULES[key as keyof StoredRateRules] : v;
  }
  out.businessHours = out.businessHours?.map((i) => ({ day: i.day, start: i.start, end: i.end })) ?? null;
  out.weekendDays = [...out.weekendDays].sort((a, b) => a - b);
  out.holidayDates = [...out.holidayDates].sort();
  return out;
}

/** The stored rules a plan's create or update gives (`base`: what the plan has; a create starts from NO_RULES). */
export const rulesFrom = (base: StoredRateRules, dto: RateRulesDto): StoredRateRules => {
  const merged = mergeRules(base, dto as Partial<Record<keyof StoredRateRules, unknown>>, RULE_KEYS);
  merged.tiers = merged.tiers.map((b) => ({ upTo: b.upTo, rateMinor: b.rateMinor }));
  return merged;
};

/** A customer's own calendar from its create or update (`base`: what it has, else the plan's). */
export const calendarFrom = (base: BusinessCalendar, dto: BusinessCalendarDto): BusinessCalendar =>
  mergeRules(
    {
      businessHours: base.businessHours,
      weekendDays: base.weekendDays,
      holidayCountry: base.holidayCountry,
      holidayRegion: base.holidayRegion,
      holidayDates: base.holidayDates,
    },
    dto as Partial<Record<keyof BusinessCalendar, unknown>>,
    CALENDAR_KEYS,
  );

/** The engine's schedule of a calendar in a time zone (null: no business hours). */
export function scheduleOf(calendar: BusinessCalendar, timeZone: string): BusinessSchedule | null {
  if (!calendar.businessHours) return null;
  const hours: Partial<Record<IsoWeekday, BusinessInterval[]>> = {};
  const sorted = [...calendar.businessHours].sort((a, b) => a.day - b.day || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const i of sorted) (hours[i.day as IsoWeekday] ??= []).push({ start: i.start, end: i.end });
  return { timeZone, weekendDays: calendar.weekendDays, hours };
}

/** What is wrong with a calendar, as field errors (the time zone only matters to DST: any zone gives the same answer). */
export function calendarErrors(calendar: BusinessCalendar, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const schedule = scheduleOf(calendar, 'UTC');
  const problem = schedule ? checkSchedule(schedule) : null;
  if (problem) errors.push({ field: `${prefix}businessHours`, message: `businessHours: ${problem}` });
  const holidays = checkHolidayCalendar(calendar.holidayCountry, calendar.holidayRegion);
  if (holidays) {
    errors.push({
      field: `${prefix}${calendar.holidayCountry === null || !calendar.holidayRegion ? 'holidayCountry' : 'holidayRegion'}`,
      message: holidays,
    });
  }
  return errors;
}

const CLASSES: readonly { cls: SurchargeClass; multiplier: keyof StoredRateRules; rate: keyof StoredRateRules }[] = [
  { cls: 'after_hours', multiplier: 'afterHoursMultiplier', rate: 'afterHoursRateMinor' },
  { cls: 'weekend', multiplier: 'weekendMultiplier', rate: 'weekendRateMinor' },
  { cls: 'holiday', multiplier: 'holidayMultiplier', rate: 'holidayRateMinor' },
];

/** What is wrong with a plan's rules under its billing type, as field errors. */
export function ruleErrors(rules: StoredRateRules, billingType: BillingType): FieldError[] {
  const errors = calendarErrors(rules);
  for (const c of CLASSES) {
    if (rules[c.multiplier] !== null && rules[c.rate] !== null) {
      errors.push({ field: c.rate, message: `${c.rate} and ${c.multiplier} can not both be set: a class has a multiplier or a rate` });
    }
    const m = rules[c.multiplier] as string | null;
    if (m !== null && Number(m) === 0) errors.push({ field: c.multiplier, message: `${c.multiplier} must be above 0` });
  }
  if (rules.tierMode === null && rules.tiers.length > 0) {
    errors.push({ field: 'tierMode', message: 'tierMode (graduated or volume) is required with tiers' });
  }
  if (rules.tierMode !== null) {
    if (rules.tiers.length === 0) errors.push({ field: 'tiers', message: 'tiers must have at least one band with tierMode' });
    let previous = 0;
    rules.tiers.forEach((band, i) => {
      const field = `tiers.${i}.upTo`;
      const last = i === rules.tiers.length - 1;
      if (last) {
        if (band.upTo !== null) errors.push({ field, message: `${field} must be null: the last band has no end` });
        return;
      }
      if (band.upTo === null) {
        errors.push({ field, message: `${field}: only the last band may be without an end` });
        return;
      }
      if (billingType === 'per_session' && !Number.isInteger(band.upTo)) {
        errors.push({ field, message: `${field} must be a whole number of sessions on a per_session plan` });
      }
      if (band.upTo <= previous) errors.push({ field, message: `${field} must be above ${previous} (increasing)` });
      previous = band.upTo;
    });
  }
  return errors;
}

/** Whether the rules change anything about how usage is rated. */
export function hasRules(r: StoredRateRules): boolean {
  return (
    r.businessHours !== null ||
    r.tierMode !== null ||
    r.unattendedRateMinor !== null ||
    r.minimumCommitmentMinor !== null ||
    CLASSES.some((c) => r[c.multiplier] !== null || r[c.rate] !== null)
  );
}

/** Stored rules as read back (older objects may miss keys added later). */
export const storedRules = (v: unknown): StoredRateRules => ({ ...NO_RULES, ...((v ?? {}) as Partial<StoredRateRules>) });
export const storedCalendar = (v: unknown): BusinessCalendar => ({ ...NO_CALENDAR, ...((v ?? {}) as Partial<BusinessCalendar>) });

const SCHEDULES = new Map<string, BusinessSchedule | null>();
const HOLIDAY_SETS = new Map<string, ReadonlySet<string>>();
const MAX_CACHED = 2000;

function remember<V>(map: Map<string, V>, key: string, make: () => V): V {
  let v = map.get(key);
  if (v === undefined && !map.has(key)) {
    if (map.size >= MAX_CACHED) map.clear();
    v = make();
    map.set(key, v);
  }
  return v as V;
}

/**
 * The engine's rules for one customer: the plan version's prices with the customer's calendar (its own, else the
 * version's) in its time zone; holidays of the years [fromYear, toYear]. The schedule and holiday set objects are
 * shared between calls with equal inputs (the engine memoises per object).
 */
export function engineRules(
  rules: StoredRateRules,
  calendar: BusinessCalendar,
  timeZone: string,
  years: [number, number],
  billingType: BillingType,
): RateRules {
  const schedule = remember(SCHEDULES, `${timeZone}|${JSON.stringify(calendar.businessHours)}|${calendar.weekendDays.join(',')}`, () =>
    scheduleOf(calendar, timeZone),
  );
  const rates: Partial<Record<SurchargeClass, ClassRate>> = {};
  for (const c of CLASSES) {
    const m = rules[c.multiplier] as string | null;
    const r = rules[c.rate] as number | null;
    if (m !== null) rates[c.cls] = { multiplier: m };
    else if (r !== null) rates[c.cls] = { rateMinor: r };
  }
  const holidays = schedule
    ? remember(
        HOLIDAY_SETS,
        `${calendar.holidayCountry}|${calendar.holidayRegion}|${calendar.holidayDates.join(',')}|${years[0]}|${years[1]}`,
        () =>
          holidayDates(
            { country: calendar.holidayCountry, region: calendar.holidayRegion, ownDates: calendar.holidayDates },
            years[0],
            years[1],
          ),
      )
    : null;
  const unit = billingType === 'per_hour' ? 3600 : 1;
  return {
    classes: schedule ? { schedule, holidays: holidays!, rates } : null,
    tiers: rules.tierMode
      ? {
          mode: rules.tierMode,
          bands: rules.tiers.map((b) => ({ upTo: b.upTo === null ? null : Math.round(b.upTo * unit), rateMinor: b.rateMinor })),
        }
      : null,
    unattendedRateMinor: rules.unattendedRateMinor,
    minimumCommitmentMinor: rules.minimumCommitmentMinor,
  };
}

/** The instant a dated rate change takes effect for a customer: the first instant of the day in its zone. */
export const effectiveInstant = (date: string, timeZone: string): Date => startOfDay(date, timeZone);
