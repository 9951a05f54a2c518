import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { DepartmentView, MappedKeyView } from '@app/contracts';
import { ImportsApi } from '../../core/api/imports.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { plural } from './import-settings';

export interface MapKeyData {
  profileId: string;
  customerKey: string;
  /** Its held rows (imported when it is mapped). */
  heldRows: number;
  /** The department it is mapped to now, if any. */
  departmentId: string | null;
  departments: DepartmentView[];
}

/**
 * "Map to customer…": picks the department a customer key of the tool stands for (`PUT …/customer-keys`); the key's
 * held rows are imported at once. Closes with the API's answer (rows taken, sessions stored).
 */
@Component({
  selector: 'app-map-key-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>Map to customer</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="map-key-form">
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="map-key-error">{{ message }}</div> }
        <p>
          The tool's customer <strong data-testid="map-key-name">{{ data.customerKey }}</strong> is billed as the department chosen here.
          @if (data.heldRows) { Its {{ held }} {{ data.heldRows === 1 ? 'is' : 'are' }} imported at once. } @else { Its rows in later imports go to it. }
        </p>
        <mat-form-field class="full">
          <mat-label>Department</mat-label>
          <select matNativeControl formControlName="departmentId" required data-testid="map-key-department" cdkFocusInitial>
            <option value="" disabled>Choose a department</option>
            @for (d of data.departments; track d.id) { <option [value]="d.id">{{ d.name }}</option> }
          </select>
          <mat-error data-testid="map-key-department-error">{{ err('departmentId') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="map-key-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="map-key-save">
          {{ data.heldRows ? 'Map and import' : 'Map' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
})
export class MapKeyDialogComponent {
  protected readonly data = inject<MapKeyData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<MapKeyDialogComponent, MappedKeyView>);
  private readonly api = inject(ImportsApi);
  protected readonly held = plural(this.data.heldRows, 'held row');
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    departmentId: [this.data.departmentId ?? '', Validators.required],
  });

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.api
      .mapKey(this.data.profileId, { customerKey: this.data.customerKey, departmentId: this.form.getRawValue().departmentId })
      .subscribe({
        next: (result) => this.ref.close(result),
        error: (err: unknown) => {
          this.saving.set(false);
          const rest = applyServerErrors(this.form, err);
          this.error.set(
            rest.length ? summarizeFieldErrors(rest) : this.form.invalid ? null : errorMessage(err, 'The key could not be mapped'),
          );
        },
      });
  }
}
