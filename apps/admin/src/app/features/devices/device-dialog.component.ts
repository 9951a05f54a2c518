import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { DepartmentView, DeviceCreatedView } from '@app/contracts';
import { UsageApi } from '../../core/api/usage.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { localDateTimeToIso, nowLocalDateTime } from '../../core/format';

/** Enrolls an unattended device (`POST /devices`); closes with the device. */
@Component({
  selector: 'app-device-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>New unattended device</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="device-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required data-testid="device-name" cdkFocusInitial />
          <mat-error>{{ err('name') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>External id</mat-label>
          <input matInput formControlName="externalId" required data-testid="device-external-id" />
          <mat-error>{{ err('externalId') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Department</mat-label>
          <select matNativeControl formControlName="departmentId" required data-testid="device-department">
            <option value="" disabled>Choose a department</option>
            @for (d of departments; track d.id) { <option [value]="d.id">{{ d.name }}</option> }
          </select>
          <mat-error>{{ err('departmentId') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Enrolled at</mat-label>
          <input matInput type="datetime-local" formControlName="enrolledAt" required data-testid="device-enrolled-at" />
          <mat-error>{{ err('enrolledAt') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="device-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="device-save">Save</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class DeviceDialogComponent {
  protected readonly departments = inject<DepartmentView[]>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<DeviceDialogComponent, DeviceCreatedView>);
  private readonly api = inject(UsageApi);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    externalId: ['', [Validators.required, Validators.maxLength(200)]],
    departmentId: ['', Validators.required],
    enrolledAt: [nowLocalDateTime(), Validators.required],
  });

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.error.set(null);
    this.api
      .createDevice({
        name: v.name.trim(),
        externalId: v.externalId.trim(),
        departmentId: v.departmentId,
        enrolledAt: localDateTimeToIso(v.enrolledAt) ?? v.enrolledAt,
      })
      .subscribe({
        next: (device) => this.ref.close(device),
        error: (err: unknown) => {
          this.saving.set(false);
          const rest = applyServerErrors(this.form, err);
          this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The device could not be saved'));
        },
      });
  }
}
