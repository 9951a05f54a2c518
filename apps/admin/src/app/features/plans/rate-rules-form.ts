import { AbstractControl, FormArray, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, ValidatorFn } from '@angular/forms';
import { displayExponent, minorToDecimal } from '@app/billing';
import type { FieldErrorView, PlanView } from '@app/contracts';
import { parseMoney } from '../../core/money';
import { BusinessInterval, Calendar, DEFAULT_WEEKEND, RateRules, WEEKDAYS, WEEKDAY_OFFICE_HOURS } from '../../core/rate-rules';
import { applyFieldErrors } from '../../core/errors';
import { moneyValidator } from '../../core/validators';

type BillingType = PlanView['billingType'];

/** One interval of business hours; the day as a native select gives it ('1' … '7'). */
export type IntervalGroup = FormGroup<{
  day: FormControl<string>;
  start: FormControl<string>;
  end: FormControl<string>;
}>;

/**
 * A business calendar's fields (a plan's, or a customer's own): "business hours" or none (null), the intervals, the
 * weekend days (one checkbox per ISO weekday, Monday first), the holiday country and region, and the own holiday dates
 * as typed ("2026-12-24, 2026-12-31").
 */
export type CalendarGroup = FormGroup<{
  hasHours: FormControl<boolean>;
  businessHours: FormArray<IntervalGroup>;
  weekendDays: FormArray<FormControl<boolean>>;
  holidayCountry: FormControl<string>;
  holidayRegion: FormControl<string>;
  holidayDates: FormControl<string>;
}>;

/** How a class (after hours, weekend, holiday) is rated: the business rate, a multiplier of it, or a rate of its own. */
export type ClassMode = 'base' | 'multiplier' | 'rate';
export type TierMode = 'none' | 'graduated' | 'volume';

/** One tier band: its end as typed (hours or sessions; the last band has none) and its rate as money. */
export type BandGroup = FormGroup<{
  upTo: FormControl<string>;
  rate: FormControl<string>;
}>;

export type RulesGroup = FormGroup<{
  calendar: CalendarGroup;
  afterHoursMode: FormControl<ClassMode>;
  afterHoursMultiplier: FormControl<string>;
  afterHoursRate: FormControl<string>;
  weekendMode: FormControl<ClassMode>;
  weekendMultiplier: FormControl<string>;
  weekendRate: FormControl<string>;
  holidayMode: FormControl<ClassMode>;
  holidayMultiplier: FormControl<string>;
  holidayRate: FormControl<string>;
  tierMode: FormControl<TierMode>;
  tiers: FormArray<BandGroup>;
  unattendedRate: FormControl<string>;
  minimumCommitment: FormControl<string>;
}>;

export const CLASSES = [
  { key: 'afterHours', label: 'After hours', testId: 'after-hours' },
  { key: 'weekend', label: 'Weekend', testId: 'weekend' },
  { key: 'holiday', label: 'Holidays', testId: 'holiday' },
] as const;
export type ClassKey = (typeof CLASSES)[number]['key'];

/** API field → control of the rules group (`tiers.1.rateMinor` → `tiers.1.rate`). */
export const RULE_FIELD_ALIASES: Record<string, string> = {
  afterHoursRateMinor: 'afterHoursRate',
  weekendRateMinor: 'weekendRate',
  holidayRateMinor: 'holidayRate',
  rateMinor: 'rate',
  unattendedRateMinor: 'unattendedRate',
  minimumCommitmentMinor: 'minimumCommitment',
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const MULTIPLIER = /^\d{1,2}([.,]\d{1,4})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UP_TO = /^\d{1,7}([.,]\d{1,2})?$/;

function pattern(re: RegExp, message: string, required = true): ValidatorFn {
  return (c: AbstractControl<string | null>): ValidationErrors | null => {
    const v = (c.value ?? '').trim();
    if (v === '') return required ? { required: true } : null;
    return re.test(v) ? null : { message };
  };
}

const multiplierValidator: ValidatorFn = (c) => {
  const problem = pattern(MULTIPLIER, 'A number such as 1.5 (at most 4 decimals, below 100)')(c);
  if (problem) return problem;
  return Number(String(c.value).replace(',', '.')) > 0 ? null : { message: 'Above 0' };
};

/** The own holiday dates as typed: days YYYY-MM-DD, separated by commas or spaces. */
export function parseDates(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const datesValidator: ValidatorFn = (c) => {
  const bad = parseDates(String(c.value ?? '')).find((d) => !DAY.test(d));
  return bad ? { message: `Not a day YYYY-MM-DD: ${bad}` } : null;
};

const countryValidator = pattern(/^[A-Za-z]{2}$/, 'Two letters, e.g. DE', false);
const regionValidator = pattern(/^[A-Za-z0-9]{1,5}$/, 'A region code such as BY', false);

export function intervalGroup(fb: NonNullableFormBuilder, i?: BusinessInterval): IntervalGroup {
  return fb.group({
    day: fb.control(String(i?.day ?? 1)),
    start: fb.control(i?.start ?? '08:00', pattern(TIME, 'HH:mm, e.g. 08:00')),
    end: fb.control(i?.end ?? '18:00', pattern(END_TIME, 'HH:mm, e.g. 18:00 (24:00: the end of the day)')),
  });
}

export function calendarGroup(fb: NonNullableFormBuilder): CalendarGroup {
  const group: CalendarGroup = fb.group({
    hasHours: fb.control(false),
    businessHours: fb.array<IntervalGroup>([]),
    weekendDays: fb.array(WEEKDAYS.map((d) => fb.control(DEFAULT_WEEKEND.includes(d.day)))),
    holidayCountry: fb.control('', countryValidator),
    holidayRegion: fb.control('', regionValidator),
    holidayDates: fb.control('', datesValidator),
  });
  const sync = (on: boolean) => {
    if (on) group.controls.businessHours.enable({ emitEvent: false });
    else group.controls.businessHours.disable({ emitEvent: false });
  };
  group.controls.hasHours.valueChanges.subscribe(sync);
  sync(false);
  return group;
}

/** Replaces the intervals (the preset, or a stored calendar). */
export function setIntervals(fb: NonNullableFormBuilder, group: CalendarGroup, intervals: BusinessInterval[]): void {
  const array = group.controls.businessHours;
  array.clear({ emitEvent: false });
  for (const i of intervals) array.push(intervalGroup(fb, i), { emitEvent: false });
  if (!group.controls.hasHours.value) array.disable({ emitEvent: false });
  array.updateValueAndValidity();
}

/** "Mon–Fri 08:00–18:00": business hours on, with those five intervals. */
export function applyOfficeHours(fb: NonNullableFormBuilder, group: CalendarGroup): void {
  group.controls.hasHours.setValue(true);
  setIntervals(fb, group, WEEKDAY_OFFICE_HOURS);
}

export function fillCalendarGroup(fb: NonNullableFormBuilder, group: CalendarGroup, c: Calendar): void {
  group.controls.hasHours.setValue(c.businessHours !== null);
  setIntervals(fb, group, c.businessHours ?? []);
  group.controls.weekendDays.setValue(WEEKDAYS.map((d) => c.weekendDays.includes(d.day)));
  group.controls.holidayCountry.setValue(c.holidayCountry ?? '');
  group.controls.holidayRegion.setValue(c.holidayRegion ?? '');
  group.controls.holidayDates.setValue(c.holidayDates.join(', '));
}

/** Form value → the API's calendar fields (no business hours: null; the intervals in the order shown). */
export function toCalendar(group: CalendarGroup): Calendar {
  const v = group.getRawValue();
  const upper = (s: string) => s.trim().toUpperCase() || null;
  return {
    businessHours: v.hasHours ? v.businessHours.map((i) => ({ day: Number(i.day), start: i.start.trim(), end: i.end.trim() })) : null,
    weekendDays: WEEKDAYS.filter((_, i) => v.weekendDays[i]).map((d) => d.day),
    holidayCountry: upper(v.holidayCountry),
    holidayRegion: upper(v.holidayCountry) ? upper(v.holidayRegion) : null,
    holidayDates: [...new Set(parseDates(v.holidayDates))].sort(),
  };
}

/**
 * The API's calendar errors put on the calendar's fields (`businessHours`, `businessHours.2.start`, `weekendDays`,
 * `holidayRegion`…); returns the others.
 */
export function applyCalendarErrors(group: CalendarGroup, errors: FieldErrorView[]): FieldErrorView[] {
  return applyFieldErrors(group, errors);
}

/** A tier band's end: required on every band but the last (which has none), a number of hours or sessions. */
const upToValidator: ValidatorFn = (c) => {
  const band = c.parent;
  const bands = band?.parent as FormArray | null | undefined;
  if (bands instanceof FormArray && bands.at(bands.length - 1) === band) return null;
  return pattern(UP_TO, 'A number, at most 2 decimals (e.g. 10 or 7.5)')(c);
};

export function bandGroup(fb: NonNullableFormBuilder, currency: () => string, upTo = '', rate = ''): BandGroup {
  return fb.group({
    upTo: fb.control(upTo, upToValidator),
    rate: fb.control(rate, moneyValidator(currency, true)),
  });
}

/** The plan's rate rules; `currency()` is read when validating the money fields (the plan form's currency may change). */
export function rulesGroup(fb: NonNullableFormBuilder, currency: () => string): RulesGroup {
  const money = () => moneyValidator(currency, true);
  const group: RulesGroup = fb.group({
    calendar: calendarGroup(fb),
    afterHoursMode: fb.control<ClassMode>('base'),
    afterHoursMultiplier: fb.control('', multiplierValidator),
    afterHoursRate: fb.control('', money()),
    weekendMode: fb.control<ClassMode>('base'),
    weekendMultiplier: fb.control('', multiplierValidator),
    weekendRate: fb.control('', money()),
    holidayMode: fb.control<ClassMode>('base'),
    holidayMultiplier: fb.control('', multiplierValidator),
    holidayRate: fb.control('', money()),
    tierMode: fb.control<TierMode>('none'),
    tiers: fb.array<BandGroup>([]),
    unattendedRate: fb.control('', moneyValidator(currency)),
    minimumCommitment: fb.control('', moneyValidator(currency)),
  });
  for (const c of CLASSES) group.controls[`${c.key}Mode`].valueChanges.subscribe(() => syncRules(group));
  group.controls.tierMode.valueChanges.subscribe((mode) => {
    // Tiers chosen without bands: one band up to 10 and the rest, to fill in.
    if (mode !== 'none' && group.controls.tiers.length === 0) {
      group.controls.tiers.push(bandGroup(fb, currency, '10'), { emitEvent: false });
      group.controls.tiers.push(bandGroup(fb, currency), { emitEvent: false });
    }
    syncRules(group);
    revalidateBands(group);
  });
  syncRules(group);
  return group;
}

/** Only the fields of the chosen modes take part (and are validated). */
export function syncRules(group: RulesGroup): void {
  const c = group.controls;
  const toggle = (control: AbstractControl, on: boolean) => {
    if (on && control.disabled) control.enable({ emitEvent: false });
    if (!on && control.enabled) control.disable({ emitEvent: false });
  };
  for (const k of CLASSES) {
    const mode = c[`${k.key}Mode`].value;
    toggle(c[`${k.key}Multiplier`], mode === 'multiplier');
    toggle(c[`${k.key}Rate`], mode === 'rate');
  }
  toggle(c.tiers, c.tierMode.value !== 'none');
  group.updateValueAndValidity({ emitEvent: false });
}

/** Adds a band before the open-ended last one. */
export function addBand(fb: NonNullableFormBuilder, group: RulesGroup, currency: () => string): void {
  const bands = group.controls.tiers;
  bands.insert(Math.max(0, bands.length - 1), bandGroup(fb, currency), { emitEvent: false });
  revalidateBands(group);
}

export function removeBand(group: RulesGroup, index: number): void {
  group.controls.tiers.removeAt(index, { emitEvent: false });
  revalidateBands(group);
}

/** Which band is last decides whether its end is required: check them all again. */
export function revalidateBands(group: RulesGroup): void {
  for (const band of group.controls.tiers.controls) band.controls.upTo.updateValueAndValidity({ emitEvent: false });
  group.controls.tiers.updateValueAndValidity();
}

export function fillRulesGroup(
  fb: NonNullableFormBuilder,
  group: RulesGroup,
  r: RateRules,
  currency: string,
  readCurrency: () => string,
): void {
  const decimal = (minor: number | null) => (minor === null ? '' : minorToDecimal(minor, displayExponent(currency)));
  fillCalendarGroup(fb, group.controls.calendar, r);
  const c = group.controls;
  const classes: Record<ClassKey, [string | null, number | null]> = {
    afterHours: [r.afterHoursMultiplier, r.afterHoursRateMinor],
    weekend: [r.weekendMultiplier, r.weekendRateMinor],
    holiday: [r.holidayMultiplier, r.holidayRateMinor],
  };
  for (const k of CLASSES) {
    const [multiplier, rate] = classes[k.key];
    c[`${k.key}Multiplier`].setValue(multiplier ?? '');
    c[`${k.key}Rate`].setValue(decimal(rate));
    c[`${k.key}Mode`].setValue(multiplier !== null ? 'multiplier' : rate !== null ? 'rate' : 'base', { emitEvent: false });
  }
  c.tiers.clear({ emitEvent: false });
  for (const b of r.tiers)
    c.tiers.push(bandGroup(fb, readCurrency, b.upTo === null ? '' : String(b.upTo), decimal(b.rateMinor)), { emitEvent: false });
  c.tierMode.setValue(r.tierMode ?? 'none', { emitEvent: false });
  c.unattendedRate.setValue(decimal(r.unattendedRateMinor));
  c.minimumCommitment.setValue(decimal(r.minimumCommitmentMinor));
  syncRules(group);
  revalidateBands(group);
}

/** Form value → the API's rule fields (money in minor units; a field not valid yet reads as none). */
export function toRules(group: RulesGroup, currency: string): RateRules {
  const v = group.getRawValue();
  const money = (text: string): number | null => {
    if (text.trim() === '') return null;
    const parsed = parseMoney(text, currency);
    return parsed.ok ? parsed.minor : null;
  };
  const cls = (key: ClassKey): [string | null, number | null] => {
    const mode = v[`${key}Mode`];
    if (mode === 'multiplier') return [v[`${key}Multiplier`].trim().replace(',', '.') || null, null];
    if (mode === 'rate') return [null, money(v[`${key}Rate`])];
    return [null, null];
  };
  const [afterHoursMultiplier, afterHoursRateMinor] = cls('afterHours');
  const [weekendMultiplier, weekendRateMinor] = cls('weekend');
  const [holidayMultiplier, holidayRateMinor] = cls('holiday');
  const tiers = v.tierMode === 'none' ? [] : v.tiers;
  return {
    ...toCalendar(group.controls.calendar),
    afterHoursMultiplier,
    afterHoursRateMinor,
    weekendMultiplier,
    weekendRateMinor,
    holidayMultiplier,
    holidayRateMinor,
    tierMode: v.tierMode === 'none' ? null : v.tierMode,
    tiers: tiers.map((b, i) => ({
      upTo: i === tiers.length - 1 || b.upTo.trim() === '' ? null : Number(b.upTo.trim().replace(',', '.')),
      rateMinor: money(b.rate) ?? 0,
    })),
    unattendedRateMinor: money(v.unattendedRate),
    minimumCommitmentMinor: money(v.minimumCommitment),
  };
}

/**
 * The API's rule errors put on the rules' fields (the calendar's first, then `tiers.1.upTo`, `afterHoursRateMinor`…);
 * returns the others.
 */
export function applyRuleErrors(group: RulesGroup, errors: FieldErrorView[]): FieldErrorView[] {
  return applyFieldErrors(group, applyCalendarErrors(group.controls.calendar, errors), RULE_FIELD_ALIASES);
}

/** The unit a band's end counts: "h" or "sessions". */
export function bandUnit(billingType: BillingType): string {
  return billingType === 'per_hour' ? 'h' : 'sessions';
}
