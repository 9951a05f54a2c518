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
