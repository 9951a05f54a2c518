import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ValidationErrors, ValidatorFn } from '@angular/forms';
import { displayExponent, minorToDecimal } from '@app/billing';
import type { FieldErrorView } from '@app/contracts';
import { parseMoney } from '../../core/money';
import { HOUR, PrepaidUnit, Retainer, hoursMinutesToSeconds, secondsToHoursMinutes } from '../../core/prepaid';
import { moneyValidator } from '../../core/validators';

/** The most units the API takes in a retainer or a block (10^9 seconds or sessions). */
const MAX_UNITS = 1_000_000_000;
const MAX_ROLLOVER_PERIODS = 120;

/** A quantity typed as hours and minutes (per_hour plans) or as sessions (per_session): only one pair is shown. */
export type UnitsGroup = FormGroup<{
  hours: FormControl<number | null>;
  minutes: FormControl<number | null>;
  sessions: FormControl<number | null>;
}>;

/** A retainer's fields; money as typed ("150.00"), an empty overage rate: the plan's rate. */
export type RetainerGroup = FormGroup<{
  included: UnitsGroup;
  fee: FormControl<string>;
  rolloverCap: UnitsGroup;
  rolloverPeriods: FormControl<number | null>;
  overageRate: FormControl<string>;
}>;

/** A whole number in min..max; empty passes unless `required`. */
export function wholeNumberValidator(min: number, max: number, required = false): ValidatorFn {
  return (control: AbstractControl<number | string | null>): ValidationErrors | null => {
    const v = control.value;
    if (v === null || v === '') return required ? { required: true } : null;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n)) return { message: 'A whole number' };
    if (n < min) return { message: `At least ${min}` };
    if (n > max) return { message: `At most ${max}` };
    return null;
  };
}

/** Runs `validator` only while `active()` (the pair of the plan's unit). */
function when(active: () => boolean, validator: ValidatorFn): ValidatorFn {
  return (c) => (active() ? validator(c) : null);
}

/** Hours + minutes, or sessions, as the unit reads them (empty fields count 0). */
export function unitsGroup(fb: NonNullableFormBuilder, unit: () => PrepaidUnit): UnitsGroup {
  const seconds = () => unit() === 'seconds';
  const sessions = () => unit() === 'sessions';
  return fb.group({
    hours: fb.control<number | null>(null, when(seconds, wholeNumberValidator(0, Math.floor(MAX_UNITS / HOUR)))),
    minutes: fb.control<number | null>(null, when(seconds, wholeNumberValidator(0, 59))),
    sessions: fb.control<number | null>(null, when(sessions, wholeNumberValidator(0, MAX_UNITS))),
  });
}

/** The quantity of a units group in the unit (seconds or sessions); NaN parts count 0 (the validators say so). */
export function unitsOf(group: UnitsGroup, unit: PrepaidUnit): number {
  const v = group.getRawValue();
  const n = (x: number | null) => (x === null || !Number.isFinite(Number(x)) ? 0 : Number(x));
  return unit === 'seconds' ? hoursMinutesToSeconds(n(v.hours), n(v.minutes)) : n(v.sessions);
}

/** Fills a units group from a stored quantity; 0 shows as empty fields (a person reads "nothing"). */
export function fillUnits(group: UnitsGroup, units: number, unit: PrepaidUnit): void {
  if (unit === 'seconds') {
    const { hours, minutes } = secondsToHoursMinutes(units);
    group.setValue({ hours: units ? hours : null, minutes: units && minutes ? minutes : null, sessions: null });
  } else {
    group.setValue({ hours: null, minutes: null, sessions: units || null });
  }
}

/** A retainer's fields; `unit()` and `currency()` are read when validating (the plan form's type and currency may change). */
export function retainerGroup(fb: NonNullableFormBuilder, unit: () => PrepaidUnit, currency: () => string): RetainerGroup {
  return fb.group({
    included: unitsGroup(fb, unit),
    fee: fb.control('', moneyValidator(currency, true)),
    rolloverCap: unitsGroup(fb, unit),
    rolloverPeriods: fb.control<number | null>(1, wholeNumberValidator(0, MAX_ROLLOVER_PERIODS, true)),
    overageRate: fb.control('', moneyValidator(currency)),
  });
}

/** Runs the validators again (after the unit or the currency changed). */
export function revalidateRetainer(group: RetainerGroup): void {
  for (const units of [group.controls.included, group.controls.rolloverCap]) {
    for (const c of Object.values(units.controls)) c.updateValueAndValidity({ emitEvent: false });
    units.updateValueAndValidity({ emitEvent: false });
  }
  group.controls.fee.updateValueAndValidity({ emitEvent: false });
  group.controls.overageRate.updateValueAndValidity({ emitEvent: false });
  group.updateValueAndValidity();
}

export function fillRetainerGroup(group: RetainerGroup, r: Retainer, unit: PrepaidUnit, currency: string): void {
  const decimal = (minor: number) => minorToDecimal(minor, displayExponent(currency));
  fillUnits(group.controls.included, r.included, unit);
  fillUnits(group.controls.rolloverCap, r.rolloverCap, unit);
  group.controls.fee.setValue(decimal(r.feeMinor));
  group.controls.rolloverPeriods.setValue(r.rolloverPeriods);
  group.controls.overageRate.setValue(r.overageRateMinor === null ? '' : decimal(r.overageRateMinor));
}

/** Form value → the API's retainer (units in the plan's unit, money in minor units); null while a field is invalid. */
export function toRetainer(group: RetainerGroup, unit: PrepaidUnit, currency: string): Retainer | null {
  const v = group.getRawValue();
  const fee = parseMoney(v.fee, currency);
  if (!fee.ok) return null;
  const overage = v.overageRate.trim() === '' ? null : parseMoney(v.overageRate, currency);
  if (overage && !overage.ok) return null;
  return {
    included: unitsOf(group.controls.included, unit),
    feeMinor: fee.minor,
    rolloverCap: unitsOf(group.controls.rolloverCap, unit),
    rolloverPeriods: Number(v.rolloverPeriods ?? 0),
    overageRateMinor: overage ? overage.minor : null,
  };
}

/**
 * The API's errors of a retainer (`retainer.included`, `retainer.feeMinor`…) renamed to the fields shown
 * (`retainer.included.hours` or `.sessions`, `retainer.fee`…), so they land under the right field. `prefix`: the
 * retainer's path in the API's body ('retainer.').
 */
export function retainerFieldErrors(errors: FieldErrorView[], unit: PrepaidUnit, prefix = 'retainer.'): FieldErrorView[] {
  const quantity = unit === 'seconds' ? 'hours' : 'sessions';
  const rename: Record<string, string> = {
    included: `included.${quantity}`,
    rolloverCap: `rolloverCap.${quantity}`,
    feeMinor: 'fee',
    overageRateMinor: 'overageRate',
  };
  return errors.map((e) => {
    if (!e.field.startsWith(prefix)) return e;
    const key = e.field.slice(prefix.length);
    return rename[key] ? { ...e, field: prefix + rename[key] } : e;
  });
}

/** Two retainers alike (an absent overage rate is the plan's rate, as null). */
export function sameRetainer(a: Retainer | null | undefined, b: Partial<Retainer> | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.included === b.included &&
    a.feeMinor === b.feeMinor &&
    a.rolloverCap === b.rolloverCap &&
    a.rolloverPeriods === b.rolloverPeriods &&
    (a.overageRateMinor ?? null) === (b.overageRateMinor ?? null)
  );
}
