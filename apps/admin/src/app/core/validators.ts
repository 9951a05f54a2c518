import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { parseMoney } from './money';

/** Validates a money text field against the currency read from `currency()` (its decimals). */
export function moneyValidator(currency: () => string, required = false): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null => {
    const value = (control.value ?? '').trim();
    if (value === '') return required ? { required: true } : null;
    const parsed = parseMoney(value, currency());
    return parsed.ok ? null : { money: parsed.error };
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** A list of e-mail addresses (chips), `min` to `max` entries. */
export function emailListValidator(min: number, max = 100): ValidatorFn {
  return (control: AbstractControl<string[] | null>): ValidationErrors | null => {
    const list = control.value ?? [];
    if (list.length < min) return min === 1 ? { required: true } : { message: `At least ${min} addresses` };
    if (list.length > max) return { message: `At most ${max} addresses` };
    const bad = list.find((e) => !isEmail(e));
    return bad ? { message: `Not an e-mail address: ${bad}` } : null;
  };
}

/**
 * A whole number of days in 0..max (a review window): what an `<input type="number">` holds, a number or null when
 * empty. Empty passes (required, where it is, says so); the API checks the range too and its 400 lands on the field.
 */
export function wholeDaysValidator(max: number): ValidatorFn {
  return (control: AbstractControl<number | string | null>): ValidationErrors | null => {
    const v = control.value;
    if (v === null || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isInteger(n) && n >= 0 && n <= max ? null : { message: `A whole number of days, 0 to ${max}` };
  };
}
