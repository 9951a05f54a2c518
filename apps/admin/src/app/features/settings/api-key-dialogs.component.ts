import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ApiKeyCreatedView, CreateApiKeyDto } from '@app/contracts';
import { SettingsApi } from '../../core/api/settings.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';

type ApiKeyScope = CreateApiKeyDto['scopes'][number];

/** What every scope of the contract allows, in the order offered (a new scope in the API fails the build here). */
const SCOPE_HINTS: Record<ApiKeyScope, string> = {
  'usage:write': 'send sessions and devices',
  'usage:read': 'read sessions and devices',
  'plans:read': 'read plans and associations',
  'bills:read': 'read bills and PDFs',
  'bills:write': 'payments, adjustments, e-mails',
};

export const SCOPES: { value: ApiKeyScope; hint: string }[] = (Object.keys(SCOPE_HINTS) as ApiKeyScope[]).map((value) => ({
  value,
  hint: SCOPE_HINTS[value],
}));

/** Name and scopes of a new API key; closes with the created key (whose secret is shown once). */
@Component({
  selector: 'app-api-key-create-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
  ],
  template: `
    <h2 mat-dialog-title>New API key</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="api-key-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required data-testid="api-key-name" cdkFocusInitial />
          <mat-hint>Which service uses it, e.g. "Support platform"</mat-hint>
          <mat-error>{{ err('name') }}</mat-error>
        </mat-form-field>
        <fieldset class="scopes">
          <legend>Scopes</legend>
          @for (s of scopes; track s.value) {
            <mat-checkbox [formControl]="scopeControls[s.value]" [attr.data-testid]="'api-key-scope-' + s.value">
              <span class="scope"><code data-testid="api-key-scope-code">{{ s.value }}</code><span class="muted" data-testid="api-key-scope-hint">{{ s.hint }}</span></span>
            </mat-checkbox>
          }
          @if (scopeError()) { <p class="error" role="alert">Choose at least one scope</p> }
        </fieldset>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="api-key-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="api-key-create">Create key</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .scopes { display: flex; flex-direction: column; border: none; padding: 0; margin: 8px 0 0; }
    legend { font: var(--mat-sys-label-large); margin-bottom: 4px; }
    /* The scope and what it allows, apart (the template's whitespace between them is not kept). */
    .scope { display: inline-flex; flex-wrap: wrap; align-items: baseline; column-gap: 12px; }
    .error { color: var(--mat-sys-error); margin: 4px 0 0; }
  `,
})
export class ApiKeyCreateDialogComponent {
  private readonly ref = inject(MatDialogRef<ApiKeyCreateDialogComponent, ApiKeyCreatedView>);
  private readonly api = inject(SettingsApi);
  protected readonly scopes = SCOPES;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly scopeError = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ name: ['', [Validators.required, Validators.maxLength(100)]] });
  protected readonly scopeControls = Object.fromEntries(
    SCOPES.map((s) => [s.value, new FormControl(false, { nonNullable: true })]),
  ) as Record<ApiKeyScope, FormControl<boolean>>;

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    const chosen = SCOPES.map((s) => s.value).filter((scope) => this.scopeControls[scope].value);
    this.scopeError.set(chosen.length === 0);
    if (this.form.invalid || chosen.length === 0) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    this.api.createApiKey({ name: this.form.getRawValue().name.trim(), scopes: chosen }).subscribe({
      next: (key) => this.ref.close(key),
      error: (err: unknown) => {
        this.saving.set(false);
        const rest = applyServerErrors(this.form, err);
        this.error.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The key could not be created'));
      },
    });
  }
}

/** Shows a new key's secret once, with a copy button. */
@Component({
  selector: 'app-api-key-shown-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent],
  template: `
    <h2 mat-dialog-title>Your new API key</h2>
    <mat-dialog-content>
      <p><strong>Copy it now: it is shown only once.</strong> Services send it as <code>Authorization: Bearer &lt;key&gt;</code>.</p>
      <mat-form-field class="full">
        <mat-label>API key</mat-label>
        <input #keyInput matInput [value]="data.key" readonly data-testid="api-key-value" (focus)="keyInput.select()" />
        <button mat-icon-button matSuffix type="button" (click)="copy()" aria-label="Copy the key" data-testid="api-key-copy">
          <app-icon name="copy" />
        </button>
      </mat-form-field>
      @if (copied()) { <p role="status" data-testid="api-key-copied">Copied to the clipboard.</p> }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close cdkFocusInitial data-testid="api-key-done">I have copied it</button>
    </mat-dialog-actions>
  `,
})
export class ApiKeyShownDialogComponent {
  protected readonly data = inject<ApiKeyCreatedView>(MAT_DIALOG_DATA);
  private readonly keyInput = viewChild.required<ElementRef<HTMLInputElement>>('keyInput');
  protected readonly copied = signal(false);

  async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.data.key);
      this.copied.set(true);
    } catch {
      // No clipboard permission (http, old browser): select the text so Ctrl+C works.
      const input = this.keyInput().nativeElement;
      input.focus();
      input.select();
      this.copied.set(document.execCommand?.('copy') ?? false);
    }
  }
}
