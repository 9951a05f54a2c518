import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { CreateTaxRateDto, TaxRateView } from '@app/contracts';
import { Observable, startWith } from 'rxjs';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import {
  applyServerErrors,
  controlErrorText,
  errorCode,
  errorMessage,
  fieldErrors,
  focusFirstInvalid,
  summarizeFieldErrors,
} from '../../core/errors';
import { TAX_CATEGORIES, TaxCategoryCode, taxCategoryText } from '../../core/taxes';

/** A percent as typed: digits with an optional decimal point or comma ("19", "7.75", "9,975"). */
const PERCENT_TEXT = /^\s*\d+([.,]\d+)?\s*$/;

/** Categories whose rates carry no exemption reason (the API refuses one: 400 exemptionReason). */
const NO_REASON: readonly TaxCategoryCode[] = ['S', 'Z'];

/**
 * Create (data null) or edit a tax rate; closes with the saved rate. Only the form of the values is checked here:
 * the rules (0..100 with at most 4 decimals, S above 0 % and every other category at 0 %, E with a reason) are
 * libs/billing's, run by the API, and its 400 shows under the field it names. The 409s read as sentences above
 * the form.
 */
@Component({
  selector: 'app-tax-rate-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule],
  template: `
    <h2 mat-dialog-title>{{ data ? 'Edit tax rate' : 'New tax rate' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate data-testid="tax-rate-form">
      <mat-dialog-content>
        <div class="bar">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
        @if (error(); as message) { <div class="error-box" role="alert" data-testid="tax-rate-error">{{ message }}</div> }
        <mat-form-field class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" required maxlength="100" autocomplete="off" data-testid="tax-rate-name" cdkFocusInitial />
          <mat-hint>As printed in the invoice's tax breakdown, e.g. VAT, GST, PST</mat-hint>
          <mat-error>{{ err('name') }}</mat-error>
        </mat-form-field>
        <div class="row">
          <mat-form-field class="narrow" floatLabel="always">
            <mat-label>Rate</mat-label>
            <input matInput formControlName="ratePercent" required inputmode="decimal" placeholder="19" autocomplete="off" data-testid="tax-rate-percent" />
            <span matTextSuffix>&nbsp;%</span>
            <mat-hint>Up to 4 decimals, e.g. 7.75</mat-hint>
            <mat-error data-testid="tax-rate-percent-error">{{ err('ratePercent') }}</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>VAT category</mat-label>
            <select matNativeControl formControlName="categoryCode" required data-testid="tax-rate-category">
              @for (c of categories; track c.code) { <option [value]="c.code">{{ c.code }} · {{ c.name }}</option> }
            </select>
            <mat-hint>{{ categoryHint() }}</mat-hint>
            <mat-error>{{ err('categoryCode') }}</mat-error>
          </mat-form-field>
        </div>
        @if (reasonShown()) {
          <mat-form-field class="full">
            <mat-label>Exemption reason</mat-label>
            <textarea matInput formControlName="exemptionReason" rows="2" maxlength="500" [required]="category() === 'E'" data-testid="tax-rate-reason"></textarea>
            <mat-hint>{{ category() === 'E' ? 'Required: the legal reason printed on the invoice' : 'Optional: printed on the invoice' }}, e.g. Exempt under Art. 132(1)(i) Directive 2006/112/EC</mat-hint>
            <mat-error>{{ err('exemptionReason') }}</mat-error>
          </mat-form-field>
        }
        @if (data) {
          <p class="muted note" data-testid="tax-rate-edit-note">
            A change applies to the bills made from now on, also for the plans and customers that use this rate.
            Bills already made keep the rate they applied.
          </p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close data-testid="tax-rate-cancel">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="tax-rate-save">{{ data ? 'Save' : 'Create' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .row { display: flex; gap: 12px; margin-top: 12px; align-items: flex-start; }
    .row mat-form-field { flex: 1 1 0; min-width: 0; }
    .row .narrow { flex: 0 0 150px; }
    .note { margin: 12px 0 0; font-size: 13px; }
    mat-form-field.full + .row, .row + mat-form-field.full { margin-top: 12px; }
  `,
})
export class TaxRateDialogComponent {
  protected readonly data = inject<TaxRateView | null>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<TaxRateDialogComponent, TaxRateView>);
  private readonly api = inject(TaxRatesApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly categories = TAX_CATEGORIES;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.data?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    ratePercent: [
      this.data ? String(this.data.ratePercent) : '',
      [
        Validators.required,
        (c: { value: string }) => (PERCENT_TEXT.test(c.value) || !c.value ? null : { message: 'A number, e.g. 19 or 7.75' }),
      ],
    ],
    categoryCode: [this.data?.categoryCode ?? ('S' as TaxCategoryCode), Validators.required],
    exemptionReason: [this.data?.exemptionReason ?? '', Validators.maxLength(500)],
  });
  protected readonly category = toSignal(
    this.form.controls.categoryCode.valueChanges.pipe(startWith(this.form.controls.categoryCode.value)),
    { requireSync: true },
  );
  protected readonly reasonShown = computed(() => !NO_REASON.includes(this.category()));
  protected readonly categoryHint = computed(() => {
    const c = this.category();
    if (c === 'S') return 'Above 0 %';
    if (c === 'E') return '0 %, with the legal reason';
    return `0 % · ${taxCategoryText(c)}`;
  });

  protected err(name: string): string {
    return controlErrorText(this.form.get(name));
  }

  save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    const body = this.body();
    const request: Observable<TaxRateView> = this.data ? this.api.update(this.data.id, body) : this.api.create(body);
    request.subscribe({
      next: (rate) => this.ref.close(rate),
      error: (err: unknown) => {
        this.saving.set(false);
        this.showError(err, body);
      },
    });
  }

  /** The whole rate, on create and edit alike (the API checks it as a whole); no reason for S and Z. */
  private body(): CreateTaxRateDto {
    const v = this.form.getRawValue();
    return {
      name: v.name.trim(),
      ratePercent: Number(v.ratePercent.trim().replace(',', '.')),
      categoryCode: v.categoryCode,
      exemptionReason: this.reasonShown() ? v.exemptionReason.trim() || null : null,
    };
  }

  private showError(err: unknown, body: CreateTaxRateDto): void {
    const rest = applyServerErrors(this.form, err);
    switch (errorCode(err)) {
      case 'TAX_RATE_EXISTS':
        this.error.set(
          `A tax rate "${body.name}" of ${body.ratePercent} % in category ${taxCategoryText(body.categoryCode)} already exists: ` +
            'use that one, or change the name, rate or category.',
        );
        break;
      case 'TAX_RATE_NAME_CONFLICT':
        // The API names the plans or customers that apply another rate of that name together with this one.
        this.error.set(`${errorMessage(err)}. Choose another name.`);
        break;
      case 'TAX_RATE_ARCHIVED':
        this.error.set('This tax rate was archived meanwhile: an archived rate can not be changed. Create a new one instead.');
        break;
      default:
        if (rest.length) this.error.set(summarizeFieldErrors(rest));
        else if (fieldErrors(err).length === 0) this.error.set(errorMessage(err, 'The tax rate could not be saved'));
    }
    focusFirstInvalid(this.host.nativeElement);
  }
}
