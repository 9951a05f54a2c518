import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { displayExponent, localDate, startOfDay } from '@app/billing';
import type { AssociationView, BlockView, BuyBlockDto, FieldErrorView, PlanView } from '@app/contracts';
import { PrepaidApi } from '../../core/api/prepaid.api';
import {
  applyFieldErrors,
  controlErrorText,
  errorCode,
  errorMessage,
  fieldErrors,
  focusFirstInvalid,
  summarizeFieldErrors,
} from '../../core/errors';
import { zoneOrBrowser } from '../../core/format';
import { parseMoney } from '../../core/money';
import { unitOfPlan, unitsText } from '../../core/prepaid';
import { moneyValidator } from '../../core/validators';
import { formatZoned } from '../../core/zoned-time';
import { MoneyPipe } from '../../shared/pipes';
import { unitsGroup, unitsOf, wholeNumberValidator } from './retainer-form';

export interface BuyBlockData {
  association: AssociationView;
  plan: PlanView;
}

/**
 * "Buy block" (`POST /associations/:id/blocks`): what the block holds (hours and minutes, or sessions), its price, the
 * day it was bought and the day it expires (both optional, days of the customer's time zone), "usable once paid" and
 * the low-balance alert. The API's 400s show under their fields; once bought, the dialog shows the block and a link to
 * its invoice. Closes with the block (undefined when cancelled).
 */
@Component({
  selector: 'app-buy-block-dialog',
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
    MoneyPipe,
  ],
  template: `
    <h2 mat-dialog-title>Buy a prepaid block · {{ data.association.department.name }}</h2>
    @if (bought(); as b) {
      <mat-dialog-content>
        <div class="done" role="status" data-testid="buy-block-done">
          <p>
            <strong data-testid="buy-block-done-number">Block {{ b.number }}</strong> bought: {{ units(b.units) }} for
            {{ b.priceMinor | money: b.currency }}@if (b.expiresAt) {, expires {{ zoned(b.expiresAt) }}}.
          </p>
          @if (b.requiresPayment) { <p>Usage draws from it once its invoice is paid.</p> }
          @if (b.bill; as bill) {
            <p>
              Its invoice:
              <a [routerLink]="['/bills', bill.id]" (click)="close()" class="bill-number" data-testid="buy-block-invoice">{{ bill.number ?? 'Draft' }}</a>
              @if (bill.status === 'draft') { <span class="muted"> (a draft for the customer's review window, numbered when issued)</span> } @else {
                <span class="muted"> ({{ bill.status }})</span>
              }
            </p>
          }
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-flat-button type="button" (click)="close()" cdkFocusInitial data-testid="buy-block-close">Close</button>
      </mat-dialog-actions>
    } @else {
      <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="Buy a prepaid block">
        <mat-dialog-content>
          <div class="bar gap">@if (saving()) { <mat-progress-bar mode="indeterminate" aria-label="Saving" /> }</div>
          @if (error(); as message) { <div class="error-box" role="alert" data-testid="buy-block-error">{{ message }}</div> }
          <p class="muted">
            Its {{ unit === 'seconds' ? 'hours' : 'sessions' }} are drawn after the period's retainer and rolled-over ones, before overage.
            Buying it makes its invoice (a bill of its own).
          </p>
          <div class="grid">
            @if (unit === 'seconds') {
              <div class="pair" formGroupName="units" role="group" aria-label="What the block holds">
                <mat-form-field floatLabel="always">
                  <mat-label>Hours</mat-label>
                  <input matInput type="number" min="0" step="1" formControlName="hours" placeholder="0" required cdkFocusInitial data-testid="buy-block-hours" />
                  <span matTextSuffix>&nbsp;h</span>
                  <mat-error>{{ err('units.hours') }}</mat-error>
                </mat-form-field>
                <mat-form-field floatLabel="always">
                  <mat-label>and minutes</mat-label>
                  <input matInput type="number" min="0" max="59" step="1" formControlName="minutes" placeholder="0" data-testid="buy-block-minutes" />
                  <span matTextSuffix>&nbsp;min</span>
                  <mat-error>{{ err('units.minutes') }}</mat-error>
                </mat-form-field>
              </div>
            } @else {
              <mat-form-field floatLabel="always" formGroupName="units">
                <mat-label>Sessions</mat-label>
                <input matInput type="number" min="1" step="1" formControlName="sessions" placeholder="0" required cdkFocusInitial data-testid="buy-block-sessions" />
                <span matTextSuffix>&nbsp;sessions</span>
                <mat-error>{{ err('units.sessions') }}</mat-error>
              </mat-form-field>
            }
            <mat-form-field floatLabel="always">
              <mat-label>Price</mat-label>
              <input matInput formControlName="price" [placeholder]="moneyPlaceholder" inputmode="decimal" required data-testid="buy-block-price" />
              <span matTextSuffix>&nbsp;{{ data.plan.currency }}</span>
              <mat-hint>Before tax; taxed like the customer's bills</mat-hint>
              <mat-error>{{ err('price') }}</mat-error>
            </mat-form-field>
            <mat-form-field floatLabel="always">
              <mat-label>Bought on</mat-label>
              <input matInput type="date" formControlName="purchaseDate" data-testid="buy-block-purchase-date" />
              <mat-hint>Empty: now. It serves the periods that end after it</mat-hint>
              <mat-error>{{ err('purchaseDate') }}</mat-error>
            </mat-form-field>
            <mat-form-field floatLabel="always">
              <mat-label>Expires on</mat-label>
              <input matInput type="date" formControlName="expiryDate" data-testid="buy-block-expiry-date" />
              <mat-hint>Empty: never. What is left lapses at the start of that day ({{ zone }})</mat-hint>
              <mat-error>{{ err('expiryDate') }}</mat-error>
            </mat-form-field>
            <mat-form-field floatLabel="always">
              <mat-label>Low-balance alert</mat-label>
              <input matInput type="number" min="0" max="99" step="1" formControlName="lowBalancePercent" required data-testid="buy-block-low-balance" />
              <span matTextSuffix>&nbsp;%</span>
              <mat-hint>The customer is e-mailed once when less than this is left; 0: no alert</mat-hint>
              <mat-error>{{ err('lowBalancePercent') }}</mat-error>
            </mat-form-field>
          </div>
          <mat-checkbox formControlName="requiresPayment" data-testid="buy-block-requires-payment">Usable once paid</mat-checkbox>
          <p class="muted check-hint">Checked: usage draws from the block only after its invoice is paid.</p>
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button mat-button type="button" mat-dialog-close data-testid="buy-block-cancel">Cancel</button>
          <button mat-flat-button type="submit" [disabled]="saving()" data-testid="buy-block-save">Buy block</button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styles: `
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px 16px; align-items: start; margin-bottom: 12px; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; }
    .check-hint { margin: 0 0 0 40px; font-size: 13px; }
    .done p { margin: 0 0 8px; }
  `,
})
export class BuyBlockDialogComponent {
  protected readonly data = inject<BuyBlockData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<BuyBlockDialogComponent, BlockView>);
  private readonly api = inject(PrepaidApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly unit = unitOfPlan(this.data.plan);
  /** The customer's zone: the days typed are its days (its periods are cut there). */
  protected readonly zone = zoneOrBrowser(this.data.association.timeZone);
  protected readonly moneyPlaceholder =
    displayExponent(this.data.plan.currency) === 0 ? '0' : `0.${'0'.repeat(displayExponent(this.data.plan.currency))}`;
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly bought = signal<BlockView | null>(null);

  protected readonly form = this.fb.group({
    units: unitsGroup(this.fb, () => this.unit),
    price: this.fb.control(
      '',
      moneyValidator(() => this.data.plan.currency, true),
    ),
    purchaseDate: this.fb.control(''),
    expiryDate: this.fb.control(''),
    requiresPayment: this.fb.control(false),
    lowBalancePercent: this.fb.control<number | null>(20, [Validators.required, wholeNumberValidator(0, 99, true)]),
  });

  protected err(path: string): string {
    return controlErrorText(this.form.get(path));
  }

  protected units(n: number): string {
    return unitsText(n, this.unit);
  }

  protected zoned(instant: string): string {
    return formatZoned(instant, this.zone);
  }

  protected close(): void {
    this.ref.close(this.bought() ?? undefined);
  }

  /** A day of the customer's zone as its first instant; '' → left out. */
  private dayStart(day: string): string | undefined {
    return day ? startOfDay(day, this.zone).toISOString() : undefined;
  }

  save(): void {
    const quantity = this.form.controls.units.controls[this.unit === 'seconds' ? 'hours' : 'sessions'];
    if (this.form.valid && unitsOf(this.form.controls.units, this.unit) < 1) {
      quantity.setErrors({ message: this.unit === 'seconds' ? 'Enter the hours (or minutes) the block holds' : 'At least 1 session' });
      quantity.markAsTouched();
    }
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      focusFirstInvalid(this.host.nativeElement);
      return;
    }
    const v = this.form.getRawValue();
    const price = parseMoney(v.price, this.data.plan.currency);
    if (!price.ok) return;
    // Bought today: now (the API's default), so it is dated when it was entered.
    const today = localDate(new Date(), this.zone);
    const body: BuyBlockDto = {
      units: unitsOf(this.form.controls.units, this.unit),
      priceMinor: price.minor,
      ...(v.purchaseDate && v.purchaseDate !== today ? { purchasedAt: this.dayStart(v.purchaseDate) } : {}),
      ...(v.expiryDate ? { expiresAt: this.dayStart(v.expiryDate) } : {}),
      requiresPayment: v.requiresPayment,
      lowBalancePercent: Number(v.lowBalancePercent),
    };
    this.saving.set(true);
    this.error.set(null);
    this.api.buyBlock(this.data.association.id, body).subscribe({
      next: (block) => {
        this.saving.set(false);
        this.bought.set(block);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (errorCode(err) === 'ASSOCIATION_ENDED') {
          this.error.set('This association has ended: an ended association takes no blocks.');
          return;
        }
        const errors = fieldErrors(err);
        if (errors.length === 0) {
          this.error.set(errorMessage(err, 'The block could not be bought'));
          return;
        }
        const rest = applyFieldErrors(this.form, this.renamed(errors), {
          priceMinor: 'price',
          purchasedAt: 'purchaseDate',
          expiresAt: 'expiryDate',
        });
        if (rest.length) this.error.set(summarizeFieldErrors(rest));
        focusFirstInvalid(this.host.nativeElement);
      },
    });
  }

  /** `units` is typed in hours and minutes, or sessions: its error goes under the first of them. */
  private renamed(errors: FieldErrorView[]): FieldErrorView[] {
    const quantity = this.unit === 'seconds' ? 'units.hours' : 'units.sessions';
    return errors.map((e) => (e.field === 'units' ? { ...e, field: quantity } : e));
  }
}
