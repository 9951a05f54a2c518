/**
 * Rate rules (issue #18) in words, for the console: business hours and holidays, the rates of the after-hours, weekend
 * and holiday classes, tiers, the unattended rate and the minimum commitment of a plan (or of one of its rate versions),
 * and the rate versions a bill was rated with. Money is the API's minor units; tier bands count hours (per_hour) or
 * sessions (per_session).
 */
import type { BillRateVersionView, BusinessIntervalView, PlanView, UpdatePlanDto } from '@app/contracts';
import { formatDay } from './format';
import { showMoney } from './money';
import { formatZoned } from './zoned-time';

type BillingType = PlanView['billingType'];

/** One interval of business hours: ISO weekday, local start and end (HH:mm; the end may be 24:00). */
export type BusinessInterval = BusinessIntervalView;

/** Where and when a customer works: a plan's calendar, or an association's own. */
export interface Calendar {
  businessHours: BusinessInterval[] | null;
  weekendDays: number[];
  holidayCountry: string | null;
  holidayRegion: string | null;
  holidayDates: string[];
}

/** A plan's (or rate version's) rate rules, every key present. */
export interface RateRules extends Calendar {
  afterHoursMultiplier: string | null;
  afterHoursRateMinor: number | null;
  weekendMultiplier: string | null;
  weekendRateMinor: number | null;
  holidayMultiplier: string | null;
  holidayRateMinor: number | null;
  tierMode: 'graduated' | 'volume' | null;
  tiers: { upTo: number | null; rateMinor: number }[];
  unattendedRateMinor: number | null;
  minimumCommitmentMinor: number | null;
}

const CALENDAR_KEYS = ['businessHours', 'weekendDays', 'holidayCountry', 'holidayRegion', 'holidayDates'] as const;
const RULE_KEYS = [
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
] as const satisfies readonly (keyof RateRules)[];

export const DEFAULT_WEEKEND = [6, 7];

/** A plan without rate rules (what the API stores when none are given). */
export const NO_RULES: RateRules = {
  businessHours: null,
  weekendDays: DEFAULT_WEEKEND,
  holidayCountry: null,
  holidayRegion: null,
  holidayDates: [],
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

/** ISO weekdays 1 (Monday) … 7 (Sunday), short and long. */
export const WEEKDAYS: readonly { day: number; short: string; long: string }[] = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 7, short: 'Sun', long: 'Sunday' },
];

const dayName = (day: number) => WEEKDAYS[day - 1]?.short ?? String(day);

/** The business hours of Monday to Friday, 08:00–18:00 (the editor's preset). */
export const WEEKDAY_OFFICE_HOURS: BusinessInterval[] = [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' }));

/** A calendar read from a view (a plan, a rate version, an association), as a copy. */
export function calendarOf(v: Calendar): Calendar {
  const hours = v.businessHours;
  return {
    businessHours: hours ? hours.map((i) => ({ day: i.day, start: i.start, end: i.end })) : null,
    weekendDays: [...v.weekendDays],
    holidayCountry: v.holidayCountry,
    holidayRegion: v.holidayRegion,
    holidayDates: [...v.holidayDates],
  };
}

/** The rules of a plan view or a rate version view. */
export function rulesOf(v: RateRules): RateRules {
  return {
    ...calendarOf(v),
    afterHoursMultiplier: v.afterHoursMultiplier,
    afterHoursRateMinor: v.afterHoursRateMinor,
    weekendMultiplier: v.weekendMultiplier,
    weekendRateMinor: v.weekendRateMinor,
    holidayMultiplier: v.holidayMultiplier,
    holidayRateMinor: v.holidayRateMinor,
    tierMode: v.tierMode,
    tiers: v.tiers.map((b) => ({ upTo: b.upTo, rateMinor: b.rateMinor })),
    unattendedRateMinor: v.unattendedRateMinor,
    minimumCommitmentMinor: v.minimumCommitmentMinor,
  };
}

/** `stored` with the rule fields an update sets (left out: unchanged), as the API merges them. */
export function mergedRules(stored: RateRules, next: UpdatePlanDto): RateRules {
  const out = { ...stored } as Record<keyof RateRules, unknown>;
  for (const key of RULE_KEYS) {
    const v = (next as Partial<Record<keyof RateRules, unknown>>)[key];
    if (v !== undefined) out[key] = v;
  }
  return rulesOf(out as RateRules);
}

/** Two sets of rules alike, as the API compares them (weekend days and holiday dates in any order). */
export function sameRules(a: RateRules, b: RateRules): boolean {
  const norm = (r: RateRules) =>
    JSON.stringify({ ...r, weekendDays: [...r.weekendDays].sort((x, y) => x - y), holidayDates: [...r.holidayDates].sort() });
  return norm(a) === norm(b);
}

export function sameCalendar(a: Calendar, b: Calendar): boolean {
  const norm = (c: Calendar) =>
    JSON.stringify([
      c.businessHours,
      [...c.weekendDays].sort((x, y) => x - y),
      c.holidayCountry,
      c.holidayRegion,
      [...c.holidayDates].sort(),
    ]);
  return norm(a) === norm(b);
}

/** "08:00–18:00", "08:00–12:00 and 13:00–17:00". */
function intervalsText(list: BusinessInterval[]): string {
  return [...list]
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((i) => `${i.start}–${i.end}`)
    .join(' and ');
}

/** Runs of days: "Mon–Fri", "Sat, Sun", "Wed". */
function daysRun(first: number, last: number): string {
  if (first === last) return dayName(first);
  if (last === first + 1) return `${dayName(first)}, ${dayName(last)}`;
  return `${dayName(first)}–${dayName(last)}`;
}

/** Days as runs: [1, 2, 3, 5] → "Mon–Wed, Fri". */
export function daysText(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(daysRun(sorted[i]!, sorted[j]!));
    i = j + 1;
  }
  return runs.join(', ');
}

/**
 * Business hours in words: "Mon–Fri 08:00–18:00", "Mon–Thu 08:00–18:00, Fri 08:00–14:00"; [] as "none (every weekday
 * after hours)"; null as null (no business hours: no classes).
 */
export function businessHoursText(hours: BusinessInterval[] | null): string | null {
  if (hours === null) return null;
  if (hours.length === 0) return 'none (every weekday is after hours)';
  const byDay = new Map<number, BusinessInterval[]>();
  for (const i of hours) byDay.set(i.day, [...(byDay.get(i.day) ?? []), i]);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    const text = intervalsText(byDay.get(days[i]!)!);
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1 && intervalsText(byDay.get(days[j + 1]!)!) === text) j++;
    parts.push(`${daysRun(days[i]!, days[j]!)} ${text}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** A multiplier as typed by people: "1.5", "2" (trailing zeros dropped). */
function multiplierText(m: string): string {
  return m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
}

/** A rate per unit: "€100.00/h", "€5.00 a session". */
export function unitRateText(minor: number, billingType: BillingType, currency: string): string {
  return `${showMoney(minor, currency)}${billingType === 'per_hour' ? '/h' : ' a session'}`;
}

/** A class's rate: " ×1.5", " at €100.00/h", '' (the business rate). */
function classRateText(multiplier: string | null, rateMinor: number | null, billingType: BillingType, currency: string): string {
  if (multiplier !== null) return ` ×${multiplierText(multiplier)}`;
  if (rateMinor !== null) return ` at ${unitRateText(rateMinor, billingType, currency)}`;
  return '';
}

/** Where the public holidays come from: "DE-BY", "DE", "2 own dates", "DE-BY + 1 own date"; null: none. */
export function holidaysText(c: Calendar): string | null {
  const parts: string[] = [];
  if (c.holidayCountry) parts.push(c.holidayRegion ? `${c.holidayCountry}-${c.holidayRegion}` : c.holidayCountry);
  if (c.holidayDates.length) parts.push(`${c.holidayDates.length} own ${c.holidayDates.length === 1 ? 'date' : 'dates'}`);
  return parts.length ? parts.join(' + ') : null;
}

/** "weekend" for Saturday and Sunday; "weekend (Fri, Sat)" for other days; null without weekend days. */
function weekendLabel(days: number[]): string | null {
  if (days.length === 0) return null;
  const sorted = [...days].sort((a, b) => a - b);
  return sorted.join() === DEFAULT_WEEKEND.join() ? 'weekend' : `weekend (${daysText(sorted)})`;
}

/** A band's end in its unit: "10 h", "7.5 h", "100 sessions". */
function bandEnd(upTo: number, billingType: BillingType): string {
  return billingType === 'per_hour' ? `${upTo} h` : `${upTo} ${upTo === 1 ? 'session' : 'sessions'}`;
}

/** "graduated tiers: 0–10 h at €80.00, 10–20 h at €75.00, over 20 h at €70.00"; null without tiers. */
export function tiersText(r: Pick<RateRules, 'tierMode' | 'tiers'>, billingType: BillingType, currency: string): string | null {
  if (r.tierMode === null || r.tiers.length === 0) return null;
  const bands: string[] = [];
  let from = 0;
  for (const band of r.tiers) {
    const rate = showMoney(band.rateMinor, currency);
    if (band.upTo === null) {
      bands.push(from === 0 ? `all at ${rate}` : `over ${bandEnd(from, billingType)} at ${rate}`);
    } else {
      const end = bandEnd(band.upTo, billingType);
      bands.push(`${from}–${end} at ${rate}`);
      from = band.upTo;
    }
  }
  return `${r.tierMode} tiers: ${bands.join(', ')}`;
}

/**
 * A calendar in words: "Business hours Mon–Fri 08:00–18:00 · weekend (Fri, Sat) · holidays AT" (`label` first); null
 * without business hours.
 */
export function calendarText(c: Calendar, label = 'Business hours'): string | null {
  const hours = businessHoursText(c.businessHours);
  if (hours === null) return null;
  const parts = [`${label} ${hours}`];
  const weekend = weekendLabel(c.weekendDays);
  if (weekend !== 'weekend') parts.push(weekend ?? 'no weekend days');
  const holidays = holidaysText(c);
  if (holidays) parts.push(`holidays ${holidays}`);
  return parts.join(' · ');
}

/**
 * A plan's rate rules in words, e.g. "Business hours Mon–Fri 08:00–18:00 · after hours ×1.5 · weekend ×2 · holidays
 * DE-BY · graduated tiers: 0–10 h at €80.00, over 10 h at €70.00 · minimum €500.00 a period"; null without rules.
 * The classes are named only with business hours (without them nothing is split into classes).
 */
export function rateRulesText(r: RateRules, billingType: BillingType, currency: string): string | null {
  const parts: string[] = [];
  const hours = businessHoursText(r.businessHours);
  if (hours !== null) {
    parts.push(`business hours ${hours}`);
    const after = classRateText(r.afterHoursMultiplier, r.afterHoursRateMinor, billingType, currency);
    if (after) parts.push(`after hours${after}`);
    const weekend = weekendLabel(r.weekendDays);
    const weekendRate = classRateText(r.weekendMultiplier, r.weekendRateMinor, billingType, currency);
    if (weekend === null) parts.push('no weekend days');
    else if (weekendRate || weekend !== 'weekend') parts.push(`${weekend}${weekendRate}`);
    const holidays = holidaysText(r);
    const holidayRate = classRateText(r.holidayMultiplier, r.holidayRateMinor, billingType, currency);
    if (holidays || holidayRate) parts.push(`holidays ${holidays ?? '(none set)'}${holidayRate}`);
  }
  const tiers = tiersText(r, billingType, currency);
  if (tiers) parts.push(tiers);
  if (r.unattendedRateMinor !== null) parts.push(`unattended sessions at ${unitRateText(r.unattendedRateMinor, billingType, currency)}`);
  if (r.minimumCommitmentMinor !== null) parts.push(`minimum ${showMoney(r.minimumCommitmentMinor, currency)} a period`);
  if (parts.length === 0) return null;
  const text = parts.join(' · ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The rate a version (or plan) charges per unit of its billing type: "€90.00/h", "€5.00 a session". */
export function baseRateText(v: Pick<PlanView, 'billingType' | 'hourRateMinor' | 'sessionRateMinor'>, currency: string): string {
  const minor = v.billingType === 'per_hour' ? v.hourRateMinor : v.sessionRateMinor;
  return minor === null ? '—' : unitRateText(minor, v.billingType, currency);
}

/** When a rate version takes effect: its day; without one "From the start" (version 1) or "Next open period". */
export function versionEffectiveText(version: number, effectiveFrom: string | null): string {
  if (effectiveFrom) return `From ${formatDay(effectiveFrom)}`;
  return version === 1 ? 'From the start' : "From each customer's next bill";
}

/**
 * The rate versions a bill was rated with, in words: "Version 2"; "Version 1 until Mar 15, 2026, version 2 from Mar 15,
 * 2026" (days in the bill's time zone); null without any (bills made before rate versions, late-usage and block bills).
 */
export function billRateVersionsText(parts: BillRateVersionView[], timeZone: string | null | undefined): string | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return `Version ${parts[0]!.version}`;
  const text = parts
    .map((p, i) => {
      const from = formatZoned(p.from, timeZone);
      const until = formatZoned(p.until, timeZone);
      if (i === 0) return `version ${p.version} until ${until}`;
      if (i === parts.length - 1) return `version ${p.version} from ${from}`;
      return `version ${p.version} from ${from} until ${until}`;
    })
    .join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
