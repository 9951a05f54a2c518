import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { FormControl, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, ValidationErrors, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import type { CreateWebhookEndpointDto, WebhookEndpointView, WebhookEndpointWithSecretView } from '@app/contracts';
import { Observable } from 'rxjs';
import { WebhookEventType, WebhooksApi } from '../../core/api/webhooks.api';
import { applyServerErrors, controlErrorText, errorMessage, fieldErrors, focusFirstInvalid, summarizeFieldErrors } from '../../core/errors';
import { InstantPipe } from '../../shared/pipes';
import { IconComponent } from '../../shared/icon.component';
import { WEBHOOK_EVENTS, disabledText, webhookFailure } from './webhook-events';

type EventControls = Record<WebhookEventType, FormControl<boolean>>;

/** At least one event type: the API refuses an empty list, and a person sees why at once. */
function someEvent(group: FormGroup<EventControls>): ValidationErrors | null {
  return Object.values(group.controls).some((c) => c.value) ? null : { message: 'Choose at least one event type' };
}

/**
 * Create or edit a webhook endpoint: URL, description, event types, enabled. The console checks only lengths and that
 * an event is chosen; the URL rules (https://, no private address…) are the API's, and its 400 shows under the field.
 * Creating closes with the endpoint and its secret (shown next, once); editing with the endpoint.
 */
@Component({
  selector: 'app-webhook-dialog',
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
    <h2 mat-dialog-title>{{ endpoint ? 'Edit webhook endpoint' : 'New webhook endpoint' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="webhook-form">
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="webhook-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>URL</mat-label>
          <input matInput type="url" formControlName="url" required spellcheck="false" autocomplete="off" placeholder="https://"
            data-testid="webhook-url" cdkFocusInitial />
          <mat-hint>Where events are POSTed: https://, no user name or password (a token for the receiver may go in the path or query)</mat-hint>
          <mat-error data-testid="webhook-url-error">{{ err('url') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>Description</mat-label>
          <input matInput formControlName="description" autocomplete="off" data-testid="webhook-description" />
          <mat-hint>What it is for, e.g. "Accounting system" (optional)</mat-hint>
          <mat-error data-testid="webhook-description-error">{{ err('description') }}</mat-error>
        </mat-form-field>
        <fieldset class="events" formGroupName="eventTypes" data-testid="webhook-event-types">
          <legend>Events</legend>
          @for (e of events; track e.value) {
            <mat-checkbox [formControlName]="e.value" [attr.data-testid]="'webhook-event-' + e.value">
              <span class="event"><code>{{ e.value }}</code><span class="muted">{{ e.hint }}</span></span>
            </mat-checkbox>
          }
          @if (eventsError(); as message) { <p class="error-text" role="alert" data-testid="webhook-event-types-error">{{ message }}</p> }
        </fieldset>
        <mat-checkbox formControlName="enabled" data-testid="webhook-enabled">Enabled: deliver events to it</mat-checkbox>
        @if (endpoint && disabledNote; as note) { <p class="muted note" data-testid="webhook-disabled-note">{{ note }}</p> }
        @if (err('enabled'); as message) { <p class="error-text" role="alert">{{ message }}</p> }
        @if (!endpoint) {
          <p class="muted note">Its signing secret is shown once, when it is created: the receiver verifies each request's
            <code>webhook-signature</code> with it (Standard Webhooks).</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="webhook-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="webhook-save">{{ endpoint ? 'Save' : 'Create endpoint' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .events { display: flex; flex-direction: column; border: none; padding: 0; margin: 16px 0 8px; }
    legend { font: var(--mat-sys-label-large); margin-bottom: 4px; }
    .event { display: inline-flex; flex-wrap: wrap; align-items: baseline; column-gap: 12px; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 0; font-size: 13px; }
    .note { font-size: 13px; margin: 4px 0 0; }
  `,
})
export class WebhookDialogComponent {
  protected readonly endpoint = inject<WebhookEndpointView | null>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<WebhookDialogComponent, WebhookEndpointView | WebhookEndpointWithSecretView>);
  private readonly api = inject(WebhooksApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly events = WEBHOOK_EVENTS;
  protected readonly disabledNote = this.endpoint ? disabledText(this.endpoint) : null;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = this.fb.group({
    url: [this.endpoint?.url ?? '', [Validators.required, Validators.maxLength(2000)]],
    description: [this.endpoint?.description ?? '', Validators.maxLength(500)],
    eventTypes: this.fb.group(
      Object.fromEntries(
        WEBHOOK_EVENTS.map((e) => [e.value, this.fb.control(this.endpoint?.eventTypes.includes(e.value) ?? false)]),
      ) as EventControls,
      { validators: (g) => someEvent(g as FormGroup<EventControls>) },
    ),
    enabled: [this.endpoint?.enabled ?? true],
  });

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  /** The events' error once the person tried to save (or the API's 400 on `eventTypes`). */
  protected eventsError(): string {
    const group = this.form.controls.eventTypes;
    return group.touched || group.errors?.['server'] ? controlErrorText(group) : '';
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateWebhookEndpointDto = {
      url: v.url.trim(),
      description: v.description.trim() || null,
      eventTypes: WEBHOOK_EVENTS.map((e) => e.value).filter((type) => v.eventTypes[type]),
      enabled: v.enabled,
    };
    this.saving.set(true);
    this.error.set(null);
    const request: Observable<WebhookEndpointView | WebhookEndpointWithSecretView> = this.endpoint
      ? this.api.update(this.endpoint.id, body)
      : this.api.create(body);
    request.subscribe({
      next: (saved) => this.ref.close(saved),
      error: (err: unknown) => {
        this.saving.set(false);
        // `eventTypes.3` lands on the events group (the nearest control).
        const rest = applyServerErrors(this.form, err);
        if (rest.length) this.error.set(summarizeFieldErrors(rest));
        else if (fieldErrors(err).length === 0) this.error.set(webhookFailure(err, 'The endpoint could not be saved'));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }
}

export interface WebhookSecretData {
  endpoint: WebhookEndpointWithSecretView;
  /** After a rotation (else: just created). */
  rotated: boolean;
}

/** Shows an endpoint's signing secret once (after create or rotate), with a copy button and a clear warning. */
@Component({
  selector: 'app-webhook-secret-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, IconComponent, InstantPipe],
  template: `
    <h2 mat-dialog-title>{{ data.rotated ? 'New signing secret' : 'Endpoint created: its signing secret' }}</h2>
    <mat-dialog-content data-testid="webhook-secret-dialog">
      <div class="warning" role="alert" data-testid="webhook-secret-warning">
        <strong>Copy the secret now: it is shown only this once.</strong> It can not be read again later; if it is lost, rotate it
        for a new one.
      </div>
      <p class="muted">For <code class="url">{{ data.endpoint.url }}</code>. The receiver verifies each request's <code>webhook-signature</code> with it
        (Standard Webhooks: HMAC-SHA256 over the id, timestamp and body). Keep it like a password.</p>
      <mat-form-field class="full">
        <mat-label>Signing secret</mat-label>
        <input #secretInput matInput class="secret" [value]="data.endpoint.secret" readonly spellcheck="false" data-testid="webhook-secret-value" (focus)="secretInput.select()" />
        <button mat-icon-button matSuffix type="button" (click)="copy()" aria-label="Copy the secret" data-testid="webhook-secret-copy">
          <app-icon name="copy" />
        </button>
      </mat-form-field>
      @if (copied()) { <p role="status" data-testid="webhook-secret-copied">Copied to the clipboard.</p> }
      @if (data.rotated) {
        @if (data.endpoint.previousSecretExpiresAt; as until) {
          <p data-testid="webhook-secret-overlap">The previous secret keeps signing too until {{ until | instant }} (a second signature), so the receiver can switch over.</p>
        } @else {
          <p data-testid="webhook-secret-overlap">The previous secret no longer signs: a receiver still using it rejects the next webhooks.</p>
        }
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close cdkFocusInitial data-testid="webhook-secret-done">I have stored the secret</button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning { padding: 12px 16px; border-radius: 8px; margin-bottom: 12px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    code.url { overflow-wrap: anywhere; }
    input.secret { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
  `,
})
export class WebhookSecretDialogComponent {
  protected readonly data = inject<WebhookSecretData>(MAT_DIALOG_DATA);
  private readonly secretInput = viewChild.required<ElementRef<HTMLInputElement>>('secretInput');
  protected readonly copied = signal(false);

  async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.data.endpoint.secret);
      this.copied.set(true);
    } catch {
      // No clipboard permission (http, an old browser): select the text so Ctrl+C works.
      const input = this.secretInput().nativeElement;
      input.focus();
      input.select();
      this.copied.set(document.execCommand?.('copy') ?? false);
    }
  }
}

/**
 * Rotate an endpoint's secret: the old one keeps signing for a day by default (the receiver switches meanwhile), or
 * stops at once (it leaked). Closes with the rotated endpoint (its new secret), nothing when cancelled.
 */
@Component({
  selector: 'app-webhook-rotate-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatRadioModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>Rotate signing secret</h2>
    <mat-dialog-content>
      <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Rotating" /> }</div>
      @if (error(); as message) { <div class="error-box" role="alert" data-testid="webhook-rotate-error">{{ message }}</div> }
      <p>A new secret is made for <code class="url">{{ endpoint.url }}</code> and shown once.</p>
      <mat-radio-group [formControl]="overlap" class="choices" aria-label="The previous secret">
        <mat-radio-button value="day" data-testid="webhook-rotate-overlap">Keep the previous secret signing too for 24 hours, while the receiver switches</mat-radio-button>
        <mat-radio-button value="now" data-testid="webhook-rotate-now">Stop the previous secret now (it leaked)</mat-radio-button>
      </mat-radio-group>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close data-testid="webhook-rotate-cancel">Cancel</button>
      <button mat-flat-button type="button" (click)="rotate()" [disabled]="saving()" data-testid="webhook-rotate-confirm">Rotate secret</button>
    </mat-dialog-actions>
  `,
  styles: `.choices { display: flex; flex-direction: column; gap: 4px; } code.url { overflow-wrap: anywhere; }`,
})
export class WebhookRotateDialogComponent {
  protected readonly endpoint = inject<WebhookEndpointView>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<WebhookRotateDialogComponent, WebhookEndpointWithSecretView>);
  private readonly api = inject(WebhooksApi);
  protected readonly overlap = new FormControl<'day' | 'now'>('day', { nonNullable: true });
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  rotate(): void {
    this.saving.set(true);
    this.error.set(null);
    this.api.rotateSecret(this.endpoint.id, this.overlap.value === 'now' ? 0 : undefined).subscribe({
      next: (rotated) => this.ref.close(rotated),
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(errorMessage(err, 'The secret could not be rotated'));
      },
    });
  }
}
