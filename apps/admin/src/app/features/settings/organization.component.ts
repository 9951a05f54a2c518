import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { OrganizationLogoView, OrganizationView, SellerAddressDto, UpdateOrganizationDto } from '@app/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { OrganizationApi, OrganizationChanges } from '../../core/api/organization.api';
import { saveBlob } from '../../core/download';
import { applyServerErrors, controlErrorText, errorMessage, summarizeFieldErrors } from '../../core/errors';
import { INVOICE_LANGUAGE_OPTIONS, INVOICE_LANGUAGES, InvoiceLanguage } from '../../core/languages';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { HumanizePipe } from '../../shared/pipes';
import { wholeDaysValidator } from '../../core/validators';
import { formatReminderSchedule, parseReminderSchedule, reminderScheduleText, reminderScheduleValidator } from '../../core/reminders';
import { electronicAddressText } from '../../core/einvoices';
import { ElectronicAddressFieldsComponent } from '../../shared/electronic-address-fields.component';
import { electronicAddressFormValue, electronicAddressGroup, electronicAddressValue } from '../../shared/electronic-address';
import { OrganizationLogoComponent } from './organization-logo.component';

type Address = NonNullable<OrganizationView['address']>;

/** The optional text fields of the profile: sent as null when emptied. */
const TEXT_FIELDS = [
  'senderName',
  'replyToEmail',
  'legalName',
  'vatId',
  'taxNumber',
  'companyRegistration',
  'contactEmail',
  'phone',
  'website',
  'accountHolder',
  'iban',
  'bic',
  'paymentInstructions',
  'paymentTerms',
  'invoiceFooter',
] as const satisfies readonly (keyof UpdateOrganizationDto & keyof OrganizationView)[];

/**
 * Settings > Organization: the tenant's seller profile printed on invoices (legal identity, address, contact, the
 * electronic address of its e-invoices, payment details, invoice texts, logo), its name and how its invoice e-mails are
 * sent (sender name and Reply-To, with the server's MAIL_FROM / MAIL_REPLY_TO as defaults), the review window of its
 * bills (days a closed period's bill stays a draft before it is issued), its payment reminder schedule, and the Billing
 * section. Admins edit; everyone else reads. Values are checked by the API: its 400s show under their fields.
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
    OrganizationLogoComponent,
    ElectronicAddressFieldsComponent,
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
                <mat-hint>Shown in the console and in invoice e-mails; printed on invoices unless a legal name is set</mat-hint>
                <mat-error>{{ err('name') }}</mat-error>
              </mat-form-field>

              <h3 class="section">Legal identity</h3>
              <mat-form-field class="full">
                <mat-label>Legal name</mat-label>
                <input matInput formControlName="legalName" [placeholder]="o.name" autocomplete="off" data-testid="organization-legal-name" />
                <mat-hint>As registered, e.g. “Initech GmbH”. Empty: the name above is printed.</mat-hint>
                <mat-error>{{ err('legalName') }}</mat-error>
              </mat-form-field>
              <div class="row">
                <mat-form-field>
                  <mat-label>VAT ID</mat-label>
                  <input matInput formControlName="vatId" autocomplete="off" data-testid="organization-vat-id" />
                  <mat-hint>With its country prefix, e.g. DE136695976</mat-hint>
                  <mat-error>{{ err('vatId') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Tax number</mat-label>
                  <input matInput formControlName="taxNumber" autocomplete="off" data-testid="organization-tax-number" />
                  <mat-hint>Any other tax ID (Steuernummer, EIN, ABN…)</mat-hint>
                  <mat-error>{{ err('taxNumber') }}</mat-error>
                </mat-form-field>
              </div>
              <mat-form-field class="full">
                <mat-label>Company registration</mat-label>
                <input matInput formControlName="companyRegistration" autocomplete="off" data-testid="organization-registration" />
                <mat-hint>Register and number, e.g. Amtsgericht München HRB 123456</mat-hint>
                <mat-error>{{ err('companyRegistration') }}</mat-error>
              </mat-form-field>

              <h3 class="section">Address</h3>
              <div formGroupName="address">
                <mat-form-field class="full">
                  <mat-label>Street and number</mat-label>
                  <input matInput formControlName="line1" autocomplete="address-line1" data-testid="organization-address-line1" />
                  <mat-error>{{ err('address.line1') }}</mat-error>
                </mat-form-field>
                <mat-form-field class="full">
                  <mat-label>Address line 2</mat-label>
                  <input matInput formControlName="line2" autocomplete="address-line2" data-testid="organization-address-line2" />
                  <mat-error>{{ err('address.line2') }}</mat-error>
                </mat-form-field>
                <div class="row">
                  <mat-form-field class="narrow">
                    <mat-label>Postal code</mat-label>
                    <input matInput formControlName="postalCode" autocomplete="postal-code" data-testid="organization-address-postal-code" />
                    <mat-error>{{ err('address.postalCode') }}</mat-error>
                  </mat-form-field>
                  <mat-form-field>
                    <mat-label>City</mat-label>
                    <input matInput formControlName="city" autocomplete="address-level2" data-testid="organization-address-city" />
                    <mat-error>{{ err('address.city') }}</mat-error>
                  </mat-form-field>
                </div>
                <div class="row">
                  <mat-form-field>
                    <mat-label>Region or state</mat-label>
                    <input matInput formControlName="region" autocomplete="address-level1" data-testid="organization-address-region" />
                    <mat-error>{{ err('address.region') }}</mat-error>
                  </mat-form-field>
                  <mat-form-field class="narrow">
                    <mat-label>Country</mat-label>
                    <input matInput formControlName="country" maxlength="2" autocomplete="country" data-testid="organization-address-country" />
                    <mat-hint>ISO code, e.g. DE</mat-hint>
                    <mat-error>{{ err('address.country') }}</mat-error>
                  </mat-form-field>
                </div>
              </div>
              <p class="muted note">Empty every address field to remove the address.</p>

              <h3 class="section">Contact</h3>
              <mat-form-field class="full">
                <mat-label>E-mail</mat-label>
                <input matInput type="email" formControlName="contactEmail" autocomplete="email" data-testid="organization-contact-email" />
                <mat-hint>Printed on invoices for questions</mat-hint>
                <mat-error>{{ err('contactEmail') }}</mat-error>
              </mat-form-field>
              <div class="row">
                <mat-form-field>
                  <mat-label>Phone</mat-label>
                  <input matInput type="tel" formControlName="phone" autocomplete="tel" data-testid="organization-phone" />
                  <mat-error>{{ err('phone') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>Website</mat-label>
                  <input matInput type="url" formControlName="website" placeholder="https://" autocomplete="url" data-testid="organization-website" />
                  <mat-error>{{ err('website') }}</mat-error>
                </mat-form-field>
              </div>

              <h3 class="section">E-invoices</h3>
              <app-electronic-address-fields [group]="form.controls.electronicAddress" prefix="organization"
                hint="Your own, printed as the seller's on e-invoices (the Peppol endpoint)" />
              <p class="muted note" data-testid="organization-einvoice-help">
                Peppol BIS Billing and XRechnung need it; XRechnung also needs the contact e-mail and phone above. Customers choose their format (Departments).
              </p>

              <h3 class="section">Payment details</h3>
              <mat-form-field class="full">
                <mat-label>Account holder</mat-label>
                <input matInput formControlName="accountHolder" autocomplete="off" data-testid="organization-account-holder" />
                <mat-error>{{ err('accountHolder') }}</mat-error>
              </mat-form-field>
              <div class="row">
                <mat-form-field class="wide">
                  <mat-label>IBAN</mat-label>
                  <input matInput formControlName="iban" autocomplete="off" spellcheck="false" data-testid="organization-iban" />
                  <mat-error data-testid="organization-iban-error">{{ err('iban') }}</mat-error>
                </mat-form-field>
                <mat-form-field>
                  <mat-label>BIC</mat-label>
                  <input matInput formControlName="bic" autocomplete="off" spellcheck="false" data-testid="organization-bic" />
                  <mat-error>{{ err('bic') }}</mat-error>
                </mat-form-field>
              </div>
              <mat-form-field class="full">
                <mat-label>Other payment instructions</mat-label>
                <textarea matInput formControlName="paymentInstructions" rows="2" data-testid="organization-payment-instructions"></textarea>
                <mat-error>{{ err('paymentInstructions') }}</mat-error>
              </mat-form-field>

              <h3 class="section">Invoice texts</h3>
              <mat-form-field class="full">
                <mat-label>Payment terms</mat-label>
                <textarea matInput formControlName="paymentTerms" rows="2" data-testid="organization-payment-terms"></textarea>
                <mat-hint>e.g. Payable within 14 days without deduction.</mat-hint>
                <mat-error>{{ err('paymentTerms') }}</mat-error>
              </mat-form-field>
              <mat-form-field class="full">
                <mat-label>Invoice footer</mat-label>
                <textarea matInput formControlName="invoiceFooter" rows="3" data-testid="organization-invoice-footer"></textarea>
                <mat-hint>Registered office, managing directors…</mat-hint>
                <mat-error>{{ err('invoiceFooter') }}</mat-error>
              </mat-form-field>
              <mat-form-field class="full">
                <mat-label>Invoice language</mat-label>
                <select matNativeControl formControlName="invoiceLanguage" data-testid="organization-invoice-language">
                  @for (l of languages; track l.code) { <option [value]="l.code">{{ l.name }}</option> }
                </select>
                <mat-hint>For customers that have no language of their own</mat-hint>
                <mat-error>{{ err('invoiceLanguage') }}</mat-error>
              </mat-form-field>

              <h3 class="section">Review before issue</h3>
              <mat-form-field class="full">
                <mat-label>Review window (days)</mat-label>
                <input matInput type="number" min="0" max="90" step="1" formControlName="reviewDays" required data-testid="organization-review-days" />
                <mat-hint data-testid="organization-review-days-hint">{{ reviewHint() }}</mat-hint>
                <mat-error data-testid="organization-review-days-error">{{ err('reviewDays') }}</mat-error>
              </mat-form-field>

              <h3 class="section">Payment reminders</h3>
              <mat-form-field class="full">
                <mat-label>Reminder days</mat-label>
                <input matInput formControlName="reminderSchedule" placeholder="-3, 0, 7, 14" autocomplete="off" spellcheck="false" data-testid="organization-reminder-schedule" />
                <mat-hint data-testid="organization-reminder-schedule-hint">{{ reminderHint() }}</mat-hint>
                <mat-error data-testid="organization-reminder-schedule-error">{{ err('reminderSchedule') }}</mat-error>
              </mat-form-field>
              <p class="muted note" data-testid="organization-reminder-schedule-help">
                Days from an unpaid bill's due date, ascending, at most 6: negative is before it (-3: three days before), 0 on
                it, positive after it (7: a week overdue). Empty: no reminders. Customers can opt out (Departments).
              </p>

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
              <dt>Legal name</dt><dd data-testid="organization-legal-name-text">{{ o.legalName ?? o.name }}</dd>
              @if (o.address; as a) { <dt>Address</dt><dd data-testid="organization-address-text">{{ addressText(a) }}</dd> }
              @if (o.vatId) { <dt>VAT ID</dt><dd data-testid="organization-vat-id-text">{{ o.vatId }}</dd> }
              @if (o.taxNumber) { <dt>Tax number</dt><dd>{{ o.taxNumber }}</dd> }
              @if (o.companyRegistration) { <dt>Registration</dt><dd>{{ o.companyRegistration }}</dd> }
              @if (o.contactEmail) { <dt>E-mail</dt><dd>{{ o.contactEmail }}</dd> }
              @if (o.phone) { <dt>Phone</dt><dd>{{ o.phone }}</dd> }
              @if (o.website) { <dt>Website</dt><dd>{{ o.website }}</dd> }
              @if (o.electronicAddress) { <dt>Electronic address</dt><dd data-testid="organization-electronic-address-text">{{ addressOfEInvoices(o) }}</dd> }
              @if (o.accountHolder) { <dt>Account holder</dt><dd>{{ o.accountHolder }}</dd> }
              @if (o.iban) { <dt>IBAN</dt><dd data-testid="organization-iban-text">{{ o.iban }}</dd> }
              @if (o.bic) { <dt>BIC</dt><dd>{{ o.bic }}</dd> }
              @if (o.paymentInstructions) { <dt>Payment instructions</dt><dd class="lines">{{ o.paymentInstructions }}</dd> }
              @if (o.paymentTerms) { <dt>Payment terms</dt><dd class="lines">{{ o.paymentTerms }}</dd> }
              @if (o.invoiceFooter) { <dt>Invoice footer</dt><dd class="lines">{{ o.invoiceFooter }}</dd> }
              <dt>Invoice language</dt><dd>{{ languageName(o.invoiceLanguage) }}</dd>
              <dt>Review window</dt><dd data-testid="organization-review-days-text">{{ reviewText(o.reviewDays) }}</dd>
              <dt>Payment reminders</dt><dd data-testid="organization-reminder-schedule-text">{{ scheduleText(o.reminderSchedule) }}</dd>
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
      <mat-card appearance="outlined" data-testid="organization-preview">
        <mat-card-header><mat-card-title>Invoice preview</mat-card-title></mat-card-header>
        <mat-card-content>
          <p class="muted">A sample invoice as your customers receive it: your saved seller profile and logo, sample lines and taxes.</p>
          <div class="preview-row">
            <mat-form-field class="language">
              <mat-label>Language</mat-label>
              <select matNativeControl [value]="previewLanguage()" (change)="previewLanguage.set($any($event.target).value)" data-testid="organization-preview-language">
                @for (l of languages; track l.code) { <option [value]="l.code" [selected]="l.code === previewLanguage()">{{ l.name }}</option> }
              </select>
            </mat-form-field>
            <button mat-stroked-button type="button" (click)="preview()" [disabled]="previewing()" data-testid="organization-preview-button">
              <app-icon name="pdf" /> {{ previewing() ? 'Preparing…' : 'Preview invoice PDF' }}
            </button>
          </div>
          @if (auth.isAdmin() && formDirty()) {
            <p class="muted note" data-testid="organization-preview-unsaved">The preview shows the saved profile: save your changes first to see them.</p>
          }
        </mat-card-content>
      </mat-card>
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>Logo</mat-card-title></mat-card-header>
        <mat-card-content>
          <app-organization-logo [logo]="o.logo" [editable]="auth.isAdmin()" (changed)="logoChanged($event)" />
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
    form { max-width: 640px; margin-bottom: 16px; }
    .full { width: 100%; margin-bottom: 12px; }
    .row { display: flex; gap: 12px; margin-bottom: 12px; }
    .row mat-form-field { flex: 1 1 0; min-width: 0; }
    .row .narrow { flex: 0 0 160px; }
    .row .wide { flex: 2 1 0; }
    .section { margin: 16px 0 12px; font-size: 15px; font-weight: 500; }
    .note { margin: -4px 0 8px; font-size: 12px; }
    .preview { margin: 4px 0 12px; }
    .actions { display: flex; justify-content: flex-end; }
    .lines { white-space: pre-line; }
    .preview-row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .preview-row .language { width: 240px; }
    app-electronic-address-fields { display: block; margin-bottom: 12px; }
    mat-card { margin-bottom: 16px; }
  `,
})
export class OrganizationComponent implements OnInit {
  protected readonly auth = inject(AuthService);
  private readonly api = inject(OrganizationApi);
  private readonly notify = inject(Notify);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly languages = INVOICE_LANGUAGE_OPTIONS;
  protected readonly org = signal<OrganizationView | null>(null);
  protected readonly loading = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly saveError = signal<string | null>(null);
  // Only lengths are checked here: every other rule (IBAN checksum, VAT ID format, country code, https website…)
  // is the API's, and its 400 shows under the field.
  protected readonly form = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    senderName: ['', Validators.maxLength(100)],
    replyToEmail: ['', [Validators.email, Validators.maxLength(254)]],
    legalName: ['', Validators.maxLength(200)],
    vatId: ['', Validators.maxLength(30)],
    taxNumber: ['', Validators.maxLength(50)],
    companyRegistration: ['', Validators.maxLength(200)],
    address: this.fb.group({
      line1: ['', Validators.maxLength(200)],
      line2: ['', Validators.maxLength(200)],
      postalCode: ['', Validators.maxLength(20)],
      city: ['', Validators.maxLength(100)],
      region: ['', Validators.maxLength(100)],
      country: ['', Validators.maxLength(2)],
    }),
    contactEmail: ['', Validators.maxLength(254)],
    phone: ['', Validators.maxLength(40)],
    website: ['', Validators.maxLength(200)],
    electronicAddress: electronicAddressGroup(this.fb, null),
    accountHolder: ['', Validators.maxLength(200)],
    iban: ['', Validators.maxLength(42)],
    bic: ['', Validators.maxLength(14)],
    paymentInstructions: ['', Validators.maxLength(1000)],
    paymentTerms: ['', Validators.maxLength(1000)],
    invoiceFooter: ['', Validators.maxLength(2000)],
    invoiceLanguage: ['en' as InvoiceLanguage],
    // <input type="number">: null when emptied.
    reviewDays: this.fb.control<number | null>(0, [Validators.required, wholeDaysValidator(90)]),
    // "-3, 0, 7, 14": only its form is checked here; the rules are the API's (its 400 lands on this field).
    reminderSchedule: ['', reminderScheduleValidator()],
  });
  /** The form's values as a signal, for the live preview. */
  private readonly values = signal(this.form.getRawValue());
  protected readonly formDirty = signal(false);
  /** The invoice preview's language: the organization's until another is chosen. */
  protected readonly previewLanguage = signal<InvoiceLanguage>('en');
  protected readonly previewing = signal(false);

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
  protected readonly reviewHint = computed(() => {
    const days = this.values().reviewDays;
    if (days === null || !Number.isInteger(days) || days < 0 || days > 90) return '0 to 90 days; 0 issues bills when their period closes';
    return days === 0
      ? '0: a bill is issued as soon as its period closes. Customers can have their own window (Departments).'
      : `A closed period's bill stays a draft for ${this.reviewText(days)} to review before it is issued. Customers can have their own window (Departments).`;
  });
  protected readonly reminderHint = computed(() => {
    const days = parseReminderSchedule(this.values().reminderSchedule);
    return days === null ? 'e.g. -3, 0, 7, 14' : reminderScheduleText(days);
  });
  protected readonly scheduleText = reminderScheduleText;
  protected readonly replyToHint = computed(() => {
    const d = this.org()?.defaults;
    if (!d) return '';
    return d.replyToEmail ? `Empty: ${d.replyToEmail} (the server's MAIL_REPLY_TO)` : `Empty: replies go to ${d.senderAddress}`;
  });

  constructor() {
    this.form.valueChanges.subscribe(() => {
      this.values.set(this.form.getRawValue());
      this.formDirty.set(this.form.dirty);
    });
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

  protected reviewText(days: number): string {
    return days === 0 ? 'None: bills are issued when made' : `${days} day${days === 1 ? '' : 's'}`;
  }

  protected addressOfEInvoices(o: OrganizationView): string {
    return electronicAddressText(o.electronicAddress);
  }

  protected languageName(code: InvoiceLanguage): string {
    return INVOICE_LANGUAGES[code];
  }

  protected addressText(a: Address): string {
    return [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), [a.region, a.country].filter(Boolean).join(', ')]
      .filter(Boolean)
      .join(', ');
  }

  /** Fetches the sample PDF with the token (a plain link would carry no Authorization header) and saves it. */
  protected preview(): void {
    const language = this.previewLanguage();
    this.previewing.set(true);
    this.api.invoicePreview(language).subscribe({
      next: (blob) => {
        this.previewing.set(false);
        saveBlob(blob, `invoice-preview-${language}.pdf`);
      },
      error: (err: unknown) => {
        this.previewing.set(false);
        this.notify.error(err, 'The invoice preview could not be made');
      },
    });
  }

  protected logoChanged(logo: OrganizationLogoView | null): void {
    const o = this.org();
    if (o) this.org.set({ ...o, logo });
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.saveError.set(null);
    this.api.update(this.changes()).subscribe({
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

  /** The fields the admin changed (a PATCH changes only those): an emptied one is null, i.e. cleared or the server's default. */
  private changes(): OrganizationChanges {
    const c = this.form.controls;
    const v = this.form.getRawValue();
    const body: OrganizationChanges = {};
    if (c.name.dirty) body.name = v.name.trim();
    for (const field of TEXT_FIELDS) if (c[field].dirty) body[field] = v[field].trim() || null;
    if (c.address.dirty) body.address = addressOf(v.address);
    if (c.electronicAddress.dirty) body.electronicAddress = electronicAddressValue(c.electronicAddress);
    if (c.invoiceLanguage.dirty) body.invoiceLanguage = v.invoiceLanguage;
    if (c.reviewDays.dirty && v.reviewDays !== null) body.reviewDays = v.reviewDays;
    if (c.reminderSchedule.dirty) body.reminderSchedule = parseReminderSchedule(v.reminderSchedule) ?? [];
    return body;
  }

  private show(o: OrganizationView): void {
    if (!this.org()) this.previewLanguage.set(o.invoiceLanguage);
    this.org.set(o);
    const a = o.address;
    this.form.reset({
      name: o.name,
      invoiceLanguage: o.invoiceLanguage,
      reviewDays: o.reviewDays,
      reminderSchedule: formatReminderSchedule(o.reminderSchedule),
      ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, o[f] ?? ''])),
      electronicAddress: electronicAddressFormValue(o.electronicAddress),
      address: {
        line1: a?.line1 ?? '',
        line2: a?.line2 ?? '',
        postalCode: a?.postalCode ?? '',
        city: a?.city ?? '',
        region: a?.region ?? '',
        country: a?.country ?? '',
      },
    });
  }
}

/** The address as the API takes it: null when every field is empty (no address), else every line trimmed. */
function addressOf(a: {
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
}): SellerAddressDto | null {
  if (Object.values(a).every((v) => !v.trim())) return null;
  return {
    line1: a.line1.trim(),
    line2: a.line2.trim() || null,
    postalCode: a.postalCode.trim() || null,
    city: a.city.trim(),
    region: a.region.trim() || null,
    country: a.country.trim().toUpperCase(),
  };
}
