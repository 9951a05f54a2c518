import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** Payment reminders (issue #15): the organization's schedule, in whole days from a bill's due date. */

/** "3 days before due", "On the due date", "1 day after due". */
export function reminderOffsetText(offset: number): string {
  if (offset === 0) return 'On the due date';
  const n = Math.abs(offset);
  return `${n} day${n === 1 ? '' : 's'} ${offset < 0 ? 'before' : 'after'} due`;
}

/** "Reminder 1 — 3 days before due" (steps are 0-based in the API, numbered from 1 here). */
export function reminderLabel(step: number | null, offset: number | null): string {
  const name = step === null ? 'Reminder' : `Reminder ${step + 1}`;
  return offset === null ? name : `${name} — ${offset === 0 ? 'on the due date' : reminderOffsetText(offset)}`;
}

/** "-3, 0, 7, 14" → [-3, 0, 7, 14]; null when an entry is not a whole number. Commas or spaces separate; empty: []. */
export function parseReminderSchedule(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const days = parts.map((p) => (/^[+-]?\d+$/.test(p) ? Number(p) : NaN));
  return days.some((d) => !Number.isSafeInteger(d)) ? null : days;
}

export function formatReminderSchedule(schedule: readonly number[]): string {
  return schedule.join(', ');
}

/** What a schedule does, in a sentence: "3 days before due, on the due date, 7 days after due." */
export function reminderScheduleText(schedule: readonly number[]): string {
  if (schedule.length === 0) return 'Off: no payment reminders are sent.';
  const steps = schedule.map((d) => (d === 0 ? 'on the due date' : reminderOffsetText(d)));
  return `${schedule.length === 1 ? 'One reminder' : `${schedule.length} reminders`}: ${steps.join(', ')}.`;
}

/**
 * Only the form of the field: whole numbers separated by commas. The rules (at most 6, -30..365, strictly ascending)
 * are the API's, and its 400 shows under the field.
 */
export function reminderScheduleValidator(): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null =>
    parseReminderSchedule(control.value ?? '') === null
      ? { message: 'Whole numbers of days separated by commas, e.g. -3, 0, 7, 14' }
      : null;
}
