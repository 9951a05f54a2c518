import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { UserView } from '@app/contracts';
import { SettingsApi } from '../../core/api/settings.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';

export const ROLES: { value: UserView['role']; label: string; hint: string }[] = [
  { value: 'admin', label: 'Admin', hint: 'everything, including users and API keys' },
  { value: 'billing', label: 'Billing', hint: 'plans, customers, bills, payments' },
  { value: 'viewer', label: 'Viewer', hint: 'read only' },
];

/** Creates a console user with a role and an initial password. */
@Component({
  selector: 'app-user-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>New user</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="user-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required autocomplete="off" data-testid="user-name" cdkFocusInitial />
          <mat-error>{{ err('name') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>E-mail</mat-label>
          <input matInput type="email" formControlName="email" required autocomplete="off" data-testid="user-email" />
          <mat-error>{{ err('email') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Role</mat-label>
          <select matNativeControl formControlName="role" required data-testid="user-role">
            @for (r of roles; track r.value) { <option [value]="r.value">{{ r.label }} ({{ r.hint }})</option> }
          </select>
          <mat-error>{{ err('role') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Password</mat-label>
          <input matInput type="password" formControlName="password" required autocomplete="new-password" data-testid="user-password" />
          <mat-hint>At least 8 characters</mat-hint>
          <mat-error>{{ err('password') }}</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="user-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="user-save">Create user</button>
      </mat-dialog-actions>
    </form>
  `,
})
export class UserDialogComponent {
  private readonly ref = inject(MatDialogRef<UserDialogComponent, UserView>);
  private readonly api = inject(SettingsApi);
  protected readonly roles = ROLES;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    email: ['', [Validators.required, Validators.email]],
    role: ['billing' as UserView['role'], Validators.required],
    password: ['', [Validators.required, Validators.minLength(8)]],
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
    this.api.createUser({ name: v.name.trim(), email: v.email.trim(), role: v.role, password: v.password }).subscribe({
      next: (user) => this.ref.close(user),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err);
        this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The user could not be created'));
      },
    });
  }
}
