import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';

@Component({
  selector: 'app-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule],
  template: `
    <main class="login">
      <mat-card appearance="outlined">
        <div class="bar">@if (busy()) { <mat-progress-bar mode="indeterminate" aria-label="Logging in" /> }</div>
        <mat-card-header>
          <mat-card-title><h1>Remote Billing</h1></mat-card-title>
          <mat-card-subtitle>Log in to the admin console</mat-card-subtitle>
        </mat-card-header>
        <mat-card-content>
          <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
            <mat-form-field class="full">
              <mat-label>E-mail</mat-label>
              <input matInput type="email" formControlName="email" autocomplete="username" required data-testid="login-email" />
              @if (form.controls.email.hasError('required')) { <mat-error>Enter your e-mail</mat-error> }
              @if (form.controls.email.hasError('email')) { <mat-error>Enter a valid e-mail address</mat-error> }
            </mat-form-field>
            <mat-form-field class="full">
              <mat-label>Password</mat-label>
              <input matInput type="password" formControlName="password" autocomplete="current-password" required data-testid="login-password" />
              @if (form.controls.password.hasError('required')) { <mat-error>Enter your password</mat-error> }
            </mat-form-field>
            @if (error(); as message) {
              <div class="error-box" role="alert" data-testid="login-error">{{ message }}</div>
            }
            <button mat-flat-button class="full" type="submit" [disabled]="busy()" data-testid="login-submit">Log in</button>
          </form>
        </mat-card-content>
      </mat-card>
    </main>
  `,
  styles: `
    .login { min-height: 100vh; display: grid; place-items: center; padding: 16px; box-sizing: border-box;
      background: var(--mat-sys-surface-container); }
    mat-card { width: min(400px, 100%); }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    form { display: flex; flex-direction: column; gap: 8px; margin-top: 16px; }
  `,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { email, password } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.auth.login(email.trim(), password).subscribe({
      next: () => {
        this.busy.set(false);
        const returnUrl = this.route.snapshot.queryParamMap.get('returnUrl');
        void this.router.navigateByUrl(returnUrl && returnUrl.startsWith('/') && !returnUrl.startsWith('//') ? returnUrl : '/dashboard');
      },
      error: (err: unknown) => {
        this.busy.set(false);
        this.error.set(
          err instanceof HttpErrorResponse && err.status === 401 ? 'Wrong e-mail or password.' : errorMessage(err, 'Log in failed'),
        );
      },
    });
  }
}
