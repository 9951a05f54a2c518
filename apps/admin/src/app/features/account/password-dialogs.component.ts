import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { UserView } from '@app/contracts';
import { Observable } from 'rxjs';
import { PasswordsApi } from '../../core/api/passwords.api';
import { applyServerErrors, controlErrorText, errorMessage, fieldErrors, summarizeFieldErrors } from '../../core/errors';

/** The same minimum as the API (users are created with ≥ 8 characters). */
export const MIN_PASSWORD_LENGTH = 8;

/** On the form: `confirmPassword` must equal `newPassword` (the error sits on `confirmPassword`). */
function confirmMatches(group: AbstractControl): ValidationErrors | null {
  const confirm = group.get('confirmPassword');
  const mismatch = !!confirm?.value && confirm.value !== group.get('newPassword')?.value;
  if (mismatch) confirm!.setErrors({ ...(confirm!.errors ?? {}), message: 'Does not match the new password' });
  else if (confirm?.hasError('message')) {
    const { message: _gone, ...rest } = confirm.errors ?? {};
    confirm.setErrors(Object.keys(rest).length ? rest : null);
  }
  return null;
}

/** Shared by both dialogs: saving state, server errors put on the fields, the rest summarized. */
abstract class PasswordDialog {
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected abstract readonly form: AbstractControl;

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  protected submit(request: Observable<unknown>, fallback: string, done: () => void): void {
    this.saving.set(true);
    this.error.set(null);
    request.subscribe({
      next: done,
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err);
        // Field errors (a wrong current password, a short new one) show under their fields; anything else on top.
        this.error.set(rest.length ? summarizeFieldErrors(rest) : fieldErrors(err).length ? null : errorMessage(err, fallback));
      },
    });
  }
}

/** "Change my password" (user menu): current, new, confirm. */
@Component({
  selector: 'app-change-password-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>Change my password</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="password-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Current password</mat-label>
          <input matInput type="password" formControlName="currentPassword" required autocomplete="current-password"
            data-testid="password-current" cdkFocusInitial />
          <mat-error data-testid="password-current-error">{{ err('currentPassword') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>New password</mat-label>
          <input matInput type="password" formControlName="newPassword" required autocomplete="new-password" data-testid="password-new" />
          <mat-hint>At least {{ min }} characters</mat-hint>
          <mat-error>{{ err('newPassword') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Confirm new password</mat-label>
          <input matInput type="password" formControlName="confirmPassword" required autocomplete="new-password" data-testid="password-confirm" />
          <mat-error data-testid="password-confirm-error">{{ err('confirmPassword') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="password-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="password-save">Change password</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class ChangePasswordDialogComponent extends PasswordDialog {
  private readonly ref = inject(MatDialogRef<ChangePasswordDialogComponent, boolean>);
  private readonly api = inject(PasswordsApi);
  protected readonly min = MIN_PASSWORD_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH), Validators.maxLength(200)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: confirmMatches },
  );

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.submit(this.api.changeMine(v.currentPassword, v.newPassword), 'The password could not be changed', () => this.ref.close(true));
  }
}

/** "Reset password" (Settings > Users, admins): sets another user's password; new and confirm. */
@Component({
  selector: 'app-reset-password-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>Reset password</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        <p>Set a new password for <strong>{{ user.name }}</strong> ({{ user.email }}) and tell them; they sign in with it from now on.</p>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="password-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>New password</mat-label>
          <input matInput type="password" formControlName="newPassword" required autocomplete="new-password" data-testid="password-new" cdkFocusInitial />
          <mat-hint>At least {{ min }} characters</mat-hint>
          <mat-error>{{ err('newPassword') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Confirm new password</mat-label>
          <input matInput type="password" formControlName="confirmPassword" required autocomplete="new-password" data-testid="password-confirm" />
          <mat-error data-testid="password-confirm-error">{{ err('confirmPassword') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="password-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="password-save">Reset password</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class ResetPasswordDialogComponent extends PasswordDialog {
  private readonly ref = inject(MatDialogRef<ResetPasswordDialogComponent, boolean>);
  private readonly api = inject(PasswordsApi);
  protected readonly user = inject<UserView>(MAT_DIALOG_DATA);
  protected readonly min = MIN_PASSWORD_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      newPassword: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH), Validators.maxLength(200)]],
      confirmPassword: ['', Validators.required],
    },
    { validators: confirmMatches },
  );

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submit(this.api.reset(this.user.id, this.form.getRawValue().newPassword), 'The password could not be reset', () =>
      this.ref.close(true),
    );
  }
}
