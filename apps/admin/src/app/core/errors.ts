import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormArray, FormGroup } from '@angular/forms';
import type { ErrorView, FieldErrorView } from '@app/contracts';

/** The API's error body, when the response carried one. */
export function apiError(err: unknown): ErrorView | null {
  if (!(err instanceof HttpErrorResponse)) return null;
  const body = err.error as Partial<ErrorView> | null;
  if (body && typeof body === 'object' && typeof body.code === 'string') {
    return { statusCode: body.statusCode ?? err.status, code: body.code, message: body.message ?? err.message, errors: body.errors };
  }
  return null;
}

export function errorCode(err: unknown): string | null {
  return apiError(err)?.code ?? null;
}

/** A sentence for a person: the API's message, or what the HTTP status means. */
export function errorMessage(err: unknown, fallback = 'Something went wrong'): string {
  const body = apiError(err);
  if (body) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    return message || body.code || fallback;
  }
  if (err instanceof HttpErrorResponse) {
    if (err.status === 0) return 'The server can not be reached. Check your connection and try again.';
    if (err.status === 403) return 'Your role does not allow this action.';
    if (err.status === 404) return 'Not found.';
    if (err.status === 401) return 'Your session has ended. Please log in again.';
    return `${fallback} (HTTP ${err.status})`;
  }
  return err instanceof Error ? err.message : fallback;
}

/** The `{field, message}` list of a 400 VALIDATION_FAILED (empty for other errors). */
export function fieldErrors(err: unknown): FieldErrorView[] {
  return apiError(err)?.errors ?? [];
}

/**
 * Puts each `{field, message}` on the form control at that dotted path
 * (`associations.0.billingAddress.country`). `aliases` maps API names to control names
 * (`sessionRateMinor` → `sessionRate`); `prefix` is cut from the path first (and errors without it are
 * left alone). A path deeper than the form (`recipients.2`) lands on the nearest control.
 * Returns the errors that matched no control, for a summary.
 */
export function applyFieldErrors(
  form: AbstractControl,
  errors: FieldErrorView[],
  aliases: Record<string, string> = {},
  prefix = '',
): FieldErrorView[] {
  const unmatched: FieldErrorView[] = [];
  for (const fe of errors) {
    let path = fe.field;
    if (prefix) {
      if (!path.startsWith(prefix)) {
        unmatched.push(fe);
        continue;
      }
      path = path.slice(prefix.length);
    }
    const control = findControl(
      form,
      path
        .split('.')
        .filter(Boolean)
        .map((s) => aliases[s] ?? s),
    );
    if (control && control !== form) {
      control.setErrors({ ...(control.errors ?? {}), server: fe.message });
      control.markAsTouched();
    } else {
      unmatched.push(fe);
    }
  }
  return unmatched;
}

/** Shortcut: the 400's field errors of `err` put on `form`; returns the unmatched ones. */
export function applyServerErrors(form: AbstractControl, err: unknown, aliases: Record<string, string> = {}): FieldErrorView[] {
  return applyFieldErrors(form, fieldErrors(err), aliases);
}

function findControl(root: AbstractControl, segments: string[]): AbstractControl | null {
  let current: AbstractControl = root;
  for (const segment of segments) {
    let next: AbstractControl | null = null;
    if (current instanceof FormArray) {
      const index = Number(segment);
      next = Number.isInteger(index) ? (current.at(index) ?? null) : null;
    } else if (current instanceof FormGroup) {
      next = (current.controls as Record<string, AbstractControl>)[segment] ?? null;
    }
    if (!next) break; // deeper than the form: keep the nearest control
    current = next;
  }
  return current;
}

/** One line per field error, for a snackbar. */
export function summarizeFieldErrors(errors: FieldErrorView[]): string {
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join(' · ');
}

/** The message a mat-error shows for a control's current errors. */
export function controlErrorText(control: AbstractControl | null): string {
  const errors = control?.errors;
  if (!errors) return '';
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return 'Required';
  if (errors['email']) return 'Enter a valid e-mail address';
  if (errors['min']) return `Must be at least ${errors['min'].min}`;
  if (errors['max']) return `Must be at most ${errors['max'].max}`;
  if (errors['minlength']) return `At least ${errors['minlength'].requiredLength} characters`;
  if (errors['maxlength']) return `At most ${errors['maxlength'].requiredLength} characters`;
  if (errors['pattern']) return 'Invalid format';
  if (errors['money']) return String(errors['money']);
  if (errors['message']) return String(errors['message']);
  const first = Object.values(errors)[0];
  return typeof first === 'string' ? first : 'Invalid value';
}

/** Moves the keyboard focus to the first invalid field inside `host` (after the view shows the errors). */
export function focusFirstInvalid(host: HTMLElement): void {
  setTimeout(() => {
    const el = host.querySelector<HTMLElement>(
      'input.ng-invalid, select.ng-invalid, textarea.ng-invalid, mat-chip-grid.ng-invalid input, .mat-mdc-form-field-invalid input',
    );
    el?.focus();
  });
}
