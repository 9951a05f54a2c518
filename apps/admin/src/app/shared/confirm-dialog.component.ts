import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Observable, map } from 'rxjs';

export interface ConfirmData {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
  /** Ask for a reason (void, reverse payment): the dialog then returns it. */
  reasonLabel?: string;
}

/** Closes with `false` (cancel) or `{ reason }` (confirmed). */
@Component({
  selector: 'app-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form [formGroup]="form" (ngSubmit)="confirm()">
      <mat-dialog-content>
        <p data-testid="confirm-dialog-message">{{ data.message }}</p>
        @if (data.reasonLabel) {
          <mat-form-field class="full">
            <mat-label>{{ data.reasonLabel }}</mat-label>
            <textarea matInput formControlName="reason" rows="2" required data-testid="confirm-dialog-reason" cdkFocusInitial></textarea>
            @if (reason.hasError('required')) { <mat-error>Required</mat-error> }
          </mat-form-field>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="confirm-dialog-cancel">Cancel</button>
        <button mat-flat-button type="submit" [class.danger]="data.danger" data-testid="confirm-dialog-confirm">
          {{ data.confirmLabel ?? 'Confirm' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }`,
})
export class ConfirmDialogComponent {
  protected readonly data = inject<ConfirmData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ConfirmDialogComponent, { reason: string } | false>);
  protected readonly reason = new FormControl('', { nonNullable: true, validators: this.data.reasonLabel ? [Validators.required] : [] });
  protected readonly form = new FormGroup({ reason: this.reason });

  confirm(): void {
    if (this.reason.invalid) {
      this.reason.markAsTouched();
      return;
    }
    this.ref.close({ reason: this.reason.value.trim() });
  }
}

/** Opens the confirmation; emits the reason ('' without one) when confirmed, nothing when cancelled. */
export function confirmAction(dialog: MatDialog, data: ConfirmData): Observable<string | null> {
  return dialog
    .open<ConfirmDialogComponent, ConfirmData, { reason: string } | false>(ConfirmDialogComponent, { data, width: '440px' })
    .afterClosed()
    .pipe(map((result) => (result ? result.reason : null)));
}
