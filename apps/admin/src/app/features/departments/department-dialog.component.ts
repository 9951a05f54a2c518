import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatRadioModule } from '@angular/material/radio';
import type { DepartmentView, TaxRateView } from '@app/contracts';
import { Observable, map, startWith } from 'rxjs';
import { DepartmentChanges, DepartmentInput, DepartmentsApi } from '../../core/api/departments.api';
import {
  applyFieldErrors,
  applyServerErrors,
  controlErrorText,
  errorMessage,
  fieldErrors,
  focusFirstInvalid,
  summarizeFieldErrors,
} from '../../core/errors';
import { CUSTOMER_EINVOICE_FORMAT_OPTIONS, CustomerEInvoiceFormat, EINVOICE_FORMAT_HINTS } from '../../core/einvoices';
import { INVOICE_LANGUAGE_OPTIONS } from '../../core/languages';
import { TAX_TREATMENTS, TAX_TREATMENT_OPTIONS, taxRateOption } from '../../core/taxes';
import { wholeDaysValidator } from '../../core/validators';
import { ElectronicAddressFieldsComponent } from '../../shared/electronic-address-fields.component';
import { electronicAddressGroup, electronicAddressValue } from '../../shared/electronic-address';
import { customerTaxGroup, toCustomerTaxInput } from './customer-tax-form';

export interface DepartmentDialogData {
  /** null: a new department */
  department: DepartmentView | null;
  /** The organization's tax rates, archived ones too (to name one the customer still has). */
  taxRates: TaxRateView[];
  /** The organization's review window in days (what an empty override means); null: not known. */
  organizationReviewDays?: number | null;
}

/**
 * Create or edit a department, the customer that is billed, with its tax data: legal name, VAT ID, invoice language,
 * tax treatment (with the field it needs: the VAT ID under reverse charge, the reason when exempt) and its rates (its
 * plan's, none, or its own), its review window, whether it gets payment reminders and whether its invoices are e-mailed
 * as they are issued, and its e-invoices: the format, its electronic address (checked by the API: its 400 shows under
 * the field) and whether the session statement is attached. Closes with the saved department.
 */
@Component({
  selector: 'app-department-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatRadioModule,
    ElectronicAddressFieldsComponent,
  ],
  template: `
    <h2 mat-dialog-title>{{ department ? 'Edit department' : 'New department' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="department-form">
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="department-error">{{ message }}</div> }
        <div class="row">
          <mat-form-field>
            <mat-label>Name</mat-label>
            <input matInput formControlName="name" required data-testid="department-name" cdkFocusInitial />
            <mat-error>{{ err('name') }}</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>External id</mat-label>
            <input matInput formControlName="externalId" data-testid="department-external-id" />
            <mat-hint>The id your remote-support platform uses for it (optional)</mat-hint>
            <mat-error>{{ err('externalId') }}</mat-error>
          </mat-form-field>
        </div>

        <ng-container formGroupName="tax">
          <h3 class="section">Invoicing</h3>
          <mat-form-field class="full">
            <mat-label>Legal name</mat-label>
            <input matInput formControlName="legalName" autocomplete="off" data-testid="department-legal-name" />
            <mat-hint>As registered, printed as the buyer. Empty: the billing address's name is printed.</mat-hint>
            <mat-error>{{ err('tax.legalName') }}</mat-error>
          </mat-form-field>
          <div class="row">
            <mat-form-field>
              <mat-label>VAT ID</mat-label>
              <input matInput formControlName="vatId" autocomplete="off" spellcheck="false" [required]="treatment() === 'reverse_charge'" data-testid="department-vat-id" />
              <mat-hint>{{ treatment() === 'reverse_charge' ? 'Required for reverse charge' : 'With its country prefix, e.g. ATU13585627' }}</mat-hint>
              <mat-error data-testid="department-vat-id-error">{{ err('tax.vatId') }}</mat-error>
            </mat-form-field>
            <mat-form-field>
              <mat-label>Invoice language</mat-label>
              <select matNativeControl formControlName="invoiceLanguage" data-testid="department-invoice-language">
                <option value="">The organization's</option>
                @for (l of languages; track l.code) { <option [value]="l.code">{{ l.name }}</option> }
              </select>
              <mat-error>{{ err('tax.invoiceLanguage') }}</mat-error>
            </mat-form-field>
          </div>

          <mat-form-field class="full">
            <mat-label>Review window (days)</mat-label>
            <input matInput type="number" min="0" max="90" step="1" [formControl]="reviewDays" [placeholder]="reviewPlaceholder" data-testid="department-review-days" />
            <mat-hint data-testid="department-review-days-hint">{{ reviewHint() }}</mat-hint>
            <mat-error data-testid="department-review-days-error">{{ err('reviewDays') }}</mat-error>
          </mat-form-field>
          <mat-checkbox [formControl]="remindersEnabled" data-testid="department-reminders-enabled">Send payment reminders</mat-checkbox>
          <p class="muted hint reminders-hint" data-testid="department-reminders-hint">
            {{ remindersOn() ? "Unpaid bills get the organization's reminder e-mails (Settings > Organization)." : 'This customer gets no payment reminders; its invoice e-mails are unchanged.' }}
          </p>
          @if (err('remindersEnabled'); as message) { <p class="error-text" role="alert">{{ message }}</p> }
          <mat-checkbox [formControl]="autoSend" data-testid="department-auto-send">Send invoices automatically when issued</mat-checkbox>
          <p class="muted hint reminders-hint" data-testid="department-auto-send-hint">
            {{ autoSendOn()
              ? "Each invoice, credit note and supplementary invoice is e-mailed to the customer's invoice recipients as it is issued."
              : 'Nothing is e-mailed on issue: send invoices with Email Invoice on the bill.' }}
          </p>
          @if (err('autoSend'); as message) { <p class="error-text" role="alert">{{ message }}</p> }

          <h3 class="section" id="tax-treatment-label">Tax treatment</h3>
          <mat-radio-group formControlName="taxTreatment" aria-labelledby="tax-treatment-label" class="choices" data-testid="department-tax-treatment">
            @for (t of treatments; track t.value) {
              <mat-radio-button [value]="t.value" [attr.data-testid]="'department-treatment-' + t.value">{{ t.label }}</mat-radio-button>
            }
          </mat-radio-group>
          <p class="muted hint" data-testid="department-treatment-hint">{{ treatmentHint() }}</p>
          @if (err('tax.taxTreatment'); as message) { <p class="error-text" role="alert">{{ message }}</p> }
          @if (treatment() !== 'standard') {
            <mat-form-field class="full">
              <mat-label>{{ treatment() === 'exempt' ? 'Exemption reason' : 'Legal note (optional)' }}</mat-label>
              <textarea matInput formControlName="exemptionReason" rows="2" [required]="treatment() === 'exempt'" data-testid="department-exemption-reason"></textarea>
              <mat-hint>{{ reasonHint() }}</mat-hint>
              <mat-error data-testid="department-exemption-reason-error">{{ err('tax.exemptionReason') }}</mat-error>
            </mat-form-field>
          }

          <h3 class="section" id="tax-rates-label">Tax rates</h3>
          <mat-radio-group formControlName="taxRatesMode" aria-labelledby="tax-rates-label" class="choices" data-testid="department-tax-rates-mode">
            <mat-radio-button value="plan" data-testid="department-rates-plan">Plan's rates</mat-radio-button>
            <mat-radio-button value="none" data-testid="department-rates-none">No tax</mat-radio-button>
            <mat-radio-button value="custom" data-testid="department-rates-custom">These rates:</mat-radio-button>
          </mat-radio-group>
          @if (ratesMode() === 'custom') {
            <div class="row" formArrayName="taxRateIds">
              <mat-form-field>
                <mat-label>Tax rate</mat-label>
                <select matNativeControl [formControlName]="0" data-testid="department-tax-rate-0">
                  <option value="" disabled>Choose a rate</option>
                  @for (r of rateChoices(0); track r.id) { <option [value]="r.id">{{ rateLabel(r) }}</option> }
                </select>
                <mat-error>{{ err('tax.taxRateIds.0') }}</mat-error>
              </mat-form-field>
              <mat-form-field>
                <mat-label>Second tax rate</mat-label>
                <select matNativeControl [formControlName]="1" data-testid="department-tax-rate-1">
                  <option value="">None</option>
                  @for (r of rateChoices(1); track r.id) { <option [value]="r.id">{{ rateLabel(r) }}</option> }
                </select>
                <mat-hint>Only where two taxes apply, each on the net</mat-hint>
                <mat-error>{{ err('tax.taxRateIds.1') }}</mat-error>
              </mat-form-field>
            </div>
          }
          <p class="muted hint" data-testid="department-rates-hint">
            {{ ratesHint() }}
            @if (liveRates() === 0) { No tax rates yet: <a routerLink="/settings/tax-rates" mat-dialog-close>create them in Settings</a>. }
          </p>
          @if (err('tax.taxRateIds'); as message) { <p class="error-text" role="alert">{{ message }}</p> }
        </ng-container>

        <h3 class="section">E-invoices</h3>
        <mat-form-field class="full">
          <mat-label>E-invoice format</mat-label>
          <select matNativeControl formControlName="einvoiceFormat" data-testid="department-einvoice-format">
            @for (f of einvoiceFormats; track f.value) { <option [value]="f.value">{{ f.label }}</option> }
          </select>
          <mat-hint data-testid="department-einvoice-format-hint">{{ einvoiceHint() }}</mat-hint>
          <mat-error>{{ err('einvoiceFormat') }}</mat-error>
        </mat-form-field>
        <app-electronic-address-fields [group]="form.controls.electronicAddress" prefix="department"
          hint="Where the customer receives e-invoices, e.g. its Peppol endpoint" />
        <mat-checkbox formControlName="attachSessionStatement" data-testid="department-attach-session-statement">
          Attach the session statement to e-invoices
        </mat-checkbox>
        <p class="muted hint reminders-hint">A CSV of every billed session (start, end, technician, billable time) travels inside the e-invoice.</p>
        @if (err('attachSessionStatement'); as message) { <p class="error-text" role="alert">{{ message }}</p> }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="department-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="department-save">Save</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .row { display: flex; gap: 12px; margin-top: 12px; align-items: flex-start; }
    .row mat-form-field { flex: 1 1 0; min-width: 0; }
    .section { margin: 20px 0 8px; font: var(--mat-sys-title-small); }
    .choices { display: flex; flex-wrap: wrap; gap: 4px 16px; }
    .hint { margin: 4px 0 8px; font-size: 13px; }
    .reminders-hint { margin-top: 0; padding-left: 40px; }
    mat-checkbox { display: block; margin-top: 8px; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 0; font-size: 13px; }
    mat-form-field.full { margin-top: 12px; }
    app-electronic-address-fields { display: block; margin-top: 12px; }
  `,
})
export class DepartmentDialogComponent {
  private readonly data = inject<DepartmentDialogData>(MAT_DIALOG_DATA);
  protected readonly department = this.data.department;
  private readonly ref = inject(MatDialogRef<DepartmentDialogComponent, DepartmentView>);
  private readonly api = inject(DepartmentsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly languages = INVOICE_LANGUAGE_OPTIONS;
  protected readonly treatments = TAX_TREATMENT_OPTIONS;
  protected readonly rateLabel = taxRateOption;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = this.fb.group({
    name: [this.department?.name ?? '', [Validators.required, Validators.maxLength(200)]],
    externalId: [this.department?.externalId ?? '', Validators.maxLength(200)],
    // <input type="number">: null when empty, i.e. the organization's window.
    reviewDays: this.fb.control<number | null>(this.department?.reviewDays ?? null, wholeDaysValidator(90)),
    remindersEnabled: [this.department?.remindersEnabled ?? true],
    // New customers get their invoices e-mailed as they are issued.
    autoSend: [this.department?.autoSend ?? true],
    tax: customerTaxGroup(this.fb, this.department),
    einvoiceFormat: this.fb.control<CustomerEInvoiceFormat>(this.department?.einvoiceFormat ?? 'none'),
    electronicAddress: electronicAddressGroup(this.fb, this.department?.electronicAddress),
    attachSessionStatement: [this.department?.attachSessionStatement ?? false],
  });
  protected readonly einvoiceFormats = CUSTOMER_EINVOICE_FORMAT_OPTIONS;
  private readonly einvoiceFormat = toSignal(
    this.form.controls.einvoiceFormat.valueChanges.pipe(startWith(this.form.controls.einvoiceFormat.value)),
    { requireSync: true },
  );
  protected readonly einvoiceHint = computed(() => EINVOICE_FORMAT_HINTS[this.einvoiceFormat()]);
  protected readonly remindersEnabled = this.form.controls.remindersEnabled;
  protected readonly remindersOn = toSignal(this.remindersEnabled.valueChanges.pipe(startWith(this.remindersEnabled.value)), {
    requireSync: true,
  });
  protected readonly autoSend = this.form.controls.autoSend;
  protected readonly autoSendOn = toSignal(this.autoSend.valueChanges.pipe(startWith(this.autoSend.value)), { requireSync: true });
  protected readonly reviewDays = this.form.controls.reviewDays;
  private readonly organizationDays = this.data.organizationReviewDays ?? null;
  protected readonly reviewPlaceholder = this.organizationDays === null ? "The organization's" : String(this.organizationDays);
  private readonly reviewValue = toSignal(this.reviewDays.valueChanges.pipe(startWith(this.reviewDays.value)), { requireSync: true });
  protected readonly reviewHint = computed(() => {
    const own = this.reviewValue();
    const org = this.organizationDays === null ? '' : ` (${days(this.organizationDays)})`;
    if (own === null) return `Empty: the organization's window${org}. Days a closed period's bill stays a draft before it is issued.`;
    return own === 0
      ? "0: this customer's bills are issued as soon as their period closes."
      : `This customer's bills stay drafts for ${days(own)} to review before they are issued.`;
  });
  private readonly tax = this.form.controls.tax;
  protected readonly treatment = toSignal(
    this.tax.controls.taxTreatment.valueChanges.pipe(startWith(this.tax.controls.taxTreatment.value)),
    {
      requireSync: true,
    },
  );
  protected readonly ratesMode = toSignal(
    this.tax.controls.taxRatesMode.valueChanges.pipe(startWith(this.tax.controls.taxRatesMode.value)),
    {
      requireSync: true,
    },
  );
  private readonly chosenRates = toSignal(
    this.tax.controls.taxRateIds.valueChanges.pipe(
      startWith(null),
      map(() => this.tax.controls.taxRateIds.getRawValue()),
    ),
    { requireSync: true },
  );
  protected readonly liveRates = computed(() => this.data.taxRates.filter((r) => !r.archivedAt).length);
  protected readonly treatmentHint = computed(() => {
    const t = this.treatment();
    const hint = TAX_TREATMENTS[t].hint;
    return t === 'reverse_charge' ? `${hint}; your own VAT ID (Settings > Organization) is printed too.` : `${hint}.`;
  });
  protected readonly reasonHint = computed(() => {
    switch (this.treatment()) {
      case 'exempt':
        return 'Required: the legal reason printed on the invoice, e.g. Exempt under § 4 Nr. 21 UStG';
      case 'reverse_charge':
        return 'Printed with the reverse-charge note, e.g. Art. 196 Directive 2006/112/EC';
      default:
        return 'Printed with the export note';
    }
  });
  protected readonly ratesHint = computed(() => {
    const mode = this.ratesMode();
    const charged =
      this.treatment() === 'standard' ? '' : ' Under this treatment the bill is at 0 %: the rates apply once it is standard again.';
    if (mode === 'plan') return `The default rates of the customer's billing plan apply.${charged}`;
    if (mode === 'none') return `The customer's bills carry no tax, whatever its plan's rates.${charged}`;
    return `These rates replace its plan's, e.g. a US state's sales tax.${charged}`;
  });

  /** The rates choice `index` offers: the live ones and the one it holds, without the one the other choice holds. */
  protected rateChoices(index: number): TaxRateView[] {
    const chosen = this.chosenRates();
    const other = chosen[1 - index];
    return this.data.taxRates.filter((r) => r.id !== other && (!r.archivedAt || r.id === chosen[index]));
  }

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const v = this.form.getRawValue();
    const name = v.name.trim();
    const externalId = v.externalId.trim();
    const tax = toCustomerTaxInput(this.tax);
    const reviewDays = v.reviewDays;
    const remindersEnabled = v.remindersEnabled;
    const autoSend = v.autoSend;
    const einvoice = this.einvoiceChanges();
    this.saving.set(true);
    this.error.set(null);
    let request: Observable<DepartmentView>;
    if (this.department) {
      const body: DepartmentChanges = { name, reviewDays, remindersEnabled, autoSend, ...tax, ...einvoice };
      if (externalId) body.externalId = externalId;
      else if (this.department.externalId) body.externalId = null; // cleared on edit
      request = this.api.update(this.department.id, body);
    } else {
      const body: DepartmentInput = { name, remindersEnabled, autoSend, ...tax, ...einvoice };
      if (externalId) body.externalId = externalId;
      if (reviewDays !== null) body.reviewDays = reviewDays;
      request = this.api.create(body);
    }
    request.subscribe({
      next: (department) => this.ref.close(department),
      error: (err: unknown) => {
        this.saving.set(false);
        // The API names the tax fields at the top level (`vatId`, `taxRateIds.0`): they live in the "tax" group here.
        const unmatched = applyFieldErrors(this.form, applyServerErrors(this.tax, err));
        if (unmatched.length) this.error.set(summarizeFieldErrors(unmatched));
        else if (fieldErrors(err).length === 0) this.error.set(errorMessage(err, 'The department could not be saved'));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }

  /** The e-invoice settings to send: on edit only those changed (a stored address is not checked again), all on create. */
  private einvoiceChanges(): Pick<DepartmentChanges, 'einvoiceFormat' | 'electronicAddress' | 'attachSessionStatement'> {
    const c = this.form.controls;
    const editing = !!this.department;
    const body: Pick<DepartmentChanges, 'einvoiceFormat' | 'electronicAddress' | 'attachSessionStatement'> = {};
    if (!editing || c.einvoiceFormat.dirty) body.einvoiceFormat = c.einvoiceFormat.value;
    if (!editing || c.attachSessionStatement.dirty) body.attachSessionStatement = c.attachSessionStatement.value;
    const address = electronicAddressValue(c.electronicAddress);
    if (editing ? c.electronicAddress.dirty : address !== null) body.electronicAddress = address;
    return body;
  }
}

function days(n: number): string {
  return n === 0 ? '0 days: issued when made' : `${n} day${n === 1 ? '' : 's'}`;
}
