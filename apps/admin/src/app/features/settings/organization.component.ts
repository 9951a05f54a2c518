import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { OrganizationView } from '@app/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { OrganizationApi } from '../../core/api/organization.api';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { HumanizePipe } from '../../shared/pipes';

/**
 * Settings > Organization: the tenant (admins edit its name and how its invoice e-mails are sent: sender name
 * and Reply-To, with the server's MAIL_FROM / MAIL_REPLY_TO as defaults), and the Billing section.
 */
@Component({
  selector: 'app-organization',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    ReactiveFormsModule,
    MatCardModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    IconComponent,
    HumanizePipe,
    PageStateComponent,
  ],
  template: `
    <app-page-state [loading]="loading()" [error]="loadError()" (retry)="load()" />
    @if (org(); as o) {
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>Organization</mat-card-title></mat-card-header>
        <mat-card-content>
          @if (auth.isAdmin()) {
            <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="organization-form">
              @if (saveError(); as message) { <div class="error-box" role="alert" data-testid="organization-error">{{ message }}</div> }
              <mat-form-field class="full">
                <mat-label>Name</mat-label>
                <input matInput formControlName="name" required autocomplete="organization" data-testid="organization-name-input" />
                <mat-hint>Printed on invoices and in invoice e-mails</mat-hint>
                <mat-error>{{ err('name') }}</mat-error>
              </mat-form-field>
              <h3 class="section">Invoice e-mails</h3>
              <mat-form-field class="full">
                <mat-label>Sender name</mat-label>
                <input matInput formControlName="senderName" [placeholder]="o.defaults.senderName" autocomplete="off" data-testid="organization-sender-name" />
                <mat-hint>Empty: “{{ o.defaults.senderName || o.defaults.senderAddress }}” (the server's MAIL_FROM). The address stays {{ o.defaults.senderAddress }}.</mat-hint>
                <mat-error>{{ err('senderName') }}</mat-error>
              </mat-form-field>
              <mat-form-field class="full">
                <mat-label>Reply-to e-mail</mat-label>
                <input matInput type="email" formControlName="replyToEmail" [placeholder]="o.defaults.replyToEmail ?? ''" autocomplete="off" data-testid="organization-reply-to" />
                <mat-hint>{{ replyToHint() }}</mat-hint>
                <mat-error>{{ err('replyToEmail') }}</mat-error>
              </mat-form-field>
              <p class="muted preview" data-testid="organization-mail-preview">Invoices are sent from {{ fromPreview() }}{{ replyPreview() }}.</p>
              <div class="actions">
                <button mat-flat-button type="submit" [disabled]="saving() || form.pristine" data-testid="organization-save">Save</button>
              </div>
            </form>
          } @else {
            <dl class="details">
              <dt>Name</dt><dd data-testid="organization-name">{{ o.name }}</dd>
              <dt>Invoice e-mails from</dt><dd data-testid="organization-sender">{{ fromPreview() }}</dd>
              <dt>Replies to</dt><dd data-testid="organization-reply">{{ o.replyToEmail ?? o.defaults.replyToEmail ?? o.defaults.senderAddress }}</dd>
            </dl>
          }
          <dl class="details">
            <dt>Time zone</dt><dd data-testid="organization-time-zone">{{ o.timeZone }}</dd>
            <dt>Your role</dt><dd>{{ auth.role() | humanize }}</dd>
          </dl>
          <p class="muted">The default time zone is set when the server is installed (ORG_TIME_ZONE).</p>
        </mat-card-content>
      </mat-card>
    }
    <mat-card appearance="outlined">
      <mat-card-header><mat-card-title>Billing</mat-card-title></mat-card-header>
      <mat-card-content>
        <p>Define what customers pay with billing plans, associate departments with them, and manage the bills they generate.</p>
      </mat-card-content>
      <mat-card-actions>
        <a mat-flat-button routerLink="/plans" data-testid="settings-billing-plans"><app-icon name="plans" /> Billing Plans</a>
        <a mat-button routerLink="/bills" data-testid="settings-billing-bills"><app-icon name="receipt" /> Bills</a>
      </mat-card-actions>
    </mat-card>
  `,
  styles: `
    form { max-width: 560px; margin-bottom: 16px; }
    .full { width: 100%; margin-bottom: 12px; }
    .section { margin: 8px 0 12px; font-size: 15px; font-weight: 500; }
    .preview { margin: 4px 0 12px; }
    .actions { display: flex; justify-content: flex-end; }
    mat-card { margin-bottom: 16px; }
  `,
})
export class OrganizationComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(OrganizationApi);
  private readonly notify = inject(Notify);

  protected readonly org = signal<OrganizationView | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    senderName: ['', Validators.maxLength(100)],
    replyToEmail: ['', [Validators.email, Validators.maxLength(254)]],
  });
  /** The form's values as a signal, for the live preview. */
  private readonly values = signal(this.form.getRawValue());

  protected readonly fromPreview = computed(() => {
    const o = this.org();
    if (!o) return '';
    const name = (this.auth.isAdmin() ? this.values().senderName.trim() : (o.senderName ?? '')) || o.defaults.senderName;
    return name ? `“${name}” <${o.defaults.senderAddress}>` : o.defaults.senderAddress;
  });
  protected readonly replyPreview = computed(() => {
    const o = this.org();
    const reply = this.values().replyToEmail.trim() || o?.defaults.replyToEmail;
    return reply ? `, replies go to ${reply}` : '';
  });
  protected readonly replyToHint = computed(() => {
    const d = this.org()?.defaults;
    if (!d) return '';
    return d.replyToEmail ? `Empty: ${d.replyToEmail} (the server's MAIL_REPLY_TO)` : `Empty: replies go to ${d.senderAddress}`;
  });

  constructor() {
    this.form.valueChanges.subscribe(() => this.values.set(this.form.getRawValue()));
  }

  ngOnInit(): void {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.api.get().subscribe({
      next: (o) => {
        this.show(o);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(errorMessage(err, 'The organization could not be loaded'));
      },
    });
  }

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
    this.saveError.set(null);
    // An emptied field goes back to the server's default.
    this.api
      .update({ name: v.name.trim(), senderName: v.senderName.trim() || null, replyToEmail: v.replyToEmail.trim() || null })
      .subscribe({
        next: (o) => {
          this.saving.set(false);
          this.show(o);
          this.notify.ok('Organization saved');
          this.auth.loadUser().subscribe({ error: () => undefined }); // the name in the header and elsewhere
        },
        error: (err: unknown) => {
          this.saving.set(false);
          const rest = applyServerErrors(this.form, err);
          this.saveError.set(rest.length ? summarizeFieldErrors(rest) : errorMessage(err, 'The organization could not be saved'));
        },
      });
  }

  private show(o: OrganizationView): void {
    this.org.set(o);
    this.form.reset({ name: o.name, senderName: o.senderName ?? '', replyToEmail: o.replyToEmail ?? '' });
  }
}
