import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { DepartmentView, UpdateDepartmentDto } from '@app/contracts';
import { Observable } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';

/** Create (data null) or edit a department; closes with the saved department. */
@Component({
  selector: 'app-department-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>{{ data ? 'Edit department' : 'New department' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="department-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required data-testid="department-name" cdkFocusInitial />
          <mat-error>{{ err('name') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>External id</mat-label>
          <input matInput formControlName="externalId" data-testid="department-external-id" />
          <mat-hint>The id your remote-support platform uses for it (optional)</mat-hint>
          <mat-error>{{ err('externalId') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="department-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="department-save">Save</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class DepartmentDialogComponent {
  protected readonly data = inject<DepartmentView | null>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<DepartmentDialogComponent, DepartmentView>);
  private readonly api = inject(DepartmentsApi);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.data?.name ?? '', [Validators.required, Validators.maxLength(200)]],
    externalId: [this.data?.externalId ?? '', Validators.maxLength(200)],
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
    const name = v.name.trim();
    const externalId = v.externalId.trim();
    this.saving.set(true);
    this.error.set(null);
    let request: Observable<DepartmentView>;
    if (this.data) {
      const body: UpdateDepartmentDto = { name };
      if (externalId) body.externalId = externalId;
      else if (this.data.externalId) body.externalId = null; // cleared on edit
      request = this.api.update(this.data.id, body);
    } else {
      request = this.api.create(externalId ? { name, externalId } : { name });
    }
    request.subscribe({
      next: (department) => this.ref.close(department),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err);
        this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The department could not be saved'));
      },
    });
  }
}
