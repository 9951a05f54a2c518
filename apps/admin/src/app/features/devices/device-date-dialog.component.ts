import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { DeviceView } from '@app/contracts';
import { UsageApi } from '../../core/api/usage.api';
import { controlErrorText, errorMessage, fieldErrors } from '../../core/errors';
import { formatInstant, localDateTimeToIso, nowLocalDateTime } from '../../core/format';

/** "enrolledAt must not be before … (2026-01-31T12:00:00.000Z)" → "Must not be before … (Jan 31, 2026, 12:00 PM)". */
export function readable(message: string): string {
  const text = message
    .replace(/^(removedAt|enrolledAt)\s+/, '')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatInstant(iso));
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface DeviceDateData {
  device: DeviceView;
  /** `remove`: `PATCH {removedAt}`; `reenrol`: `PATCH {removedAt: null, enrolledAt}` (a new enrolment interval). */
  action: 'remove' | 'reenrol';
}

/**
 * Asks when a device is removed or enrolled again (default now, in the browser's time zone) and saves it;
 * the API's 400 shows under the field. Closes with the updated device.
 */
@Component({
  selector: 'app-device-date-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>{{ remove ? 'Remove' : 'Re-enrol' }} "{{ data.device.name }}"</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content data-testid="device-date-dialog">
        <div class="bar gap">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="device-date-error">{{ message }}</div> }
        <p>
          @if (remove) {
            The device stops counting at this time. Periods it was enrolled in, even for part of them, still bill it.
          } @else {
            The device counts again from this time, as a new enrolment: the time it was away is never billed.
          }
        </p>
        <mat-form-field class="full">
          <mat-label>{{ remove ? 'Removed at' : 'Enrolled again at' }}</mat-label>
          <input matInput type="datetime-local" formControlName="when" required data-testid="device-date" cdkFocusInitial />
          <mat-hint data-testid="device-date-hint">{{ hint }}</mat-hint>
          <mat-error data-testid="device-date-field-error">{{ fieldError() }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="device-date-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="device-date-save">{{ remove ? 'Remove' : 'Re-enrol' }}</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class DeviceDateDialogComponent {
  protected readonly data = inject<DeviceDateData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<DeviceDateDialogComponent, DeviceView>);
  private readonly api = inject(UsageApi);
  protected readonly remove = this.data.action === 'remove';
  protected readonly when = new FormControl(nowLocalDateTime(), { nonNullable: true, validators: [Validators.required] });
  protected readonly form = new FormGroup({ when: this.when });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly hint = this.remove
    ? `Your time zone. Not before its latest enrolment, ${formatInstant(this.data.device.enrolledAt)}.`
    : `Your time zone. Not before its removal, ${formatInstant(this.data.device.removedAt)}.`;

  protected fieldError(): string {
    return controlErrorText(this.when);
  }

  save(): void {
    if (this.when.invalid) {
      this.when.markAsTouched();
      return;
    }
    const at = localDateTimeToIso(this.when.value);
    if (!at) {
      this.when.setErrors({ message: 'Enter a date and time' });
      this.when.markAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    const id = this.data.device.id;
    (this.remove ? this.api.removeDevice(id, at) : this.api.reenrolDevice(id, at)).subscribe({
      next: (device) => this.ref.close(device),
      error: (err: unknown) => {
        this.saving.set(false);
        // The API names the field it refuses (removedAt or enrolledAt): both are this one input.
        const field = fieldErrors(err).find((f) => f.field === (this.remove ? 'removedAt' : 'enrolledAt') || f.field === 'removedAt');
        if (field) {
          this.when.setErrors({ server: readable(field.message) });
          this.when.markAsTouched();
        } else {
          this.error.set(errorMessage(err, 'The device could not be updated'));
        }
      },
    });
  }
}
