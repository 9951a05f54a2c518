import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AbstractControl, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { displayExponent } from '@app/billing';
import { controlErrorText } from '../../core/errors';
import { BillingCycle, PrepaidUnit, periodWord, retainerText } from '../../core/prepaid';
import { RetainerGroup, toRetainer } from './retainer-form';

/**
 * The fields of a retainer: included per period (hours and minutes, or sessions), the fee, the rollover cap and
 * periods, the overage rate; and the retainer in words below them, as it would be saved. Test ids start with
 * `prefix`: `<prefix>-included-hours`, `-included-minutes`, `-included-sessions`, `-fee`, `-rollover-cap-hours`,
 * `-rollover-cap-minutes`, `-rollover-cap-sessions`, `-rollover-periods`, `-overage-rate`, `-summary`.
 */
@Component({
  selector: 'app-retainer-fields',
  // Default: the summary reads the form's values, and server errors are set on the controls from outside.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule],
  template: `
    @let g = group();
    <div class="retainer-grid" [formGroup]="g">
      @if (unit() === 'seconds') {
        <div class="pair" formGroupName="included" role="group" [attr.aria-label]="'Included per ' + period()">
          <mat-form-field floatLabel="always">
            <mat-label>Hours included</mat-label>
            <input matInput type="number" min="0" step="1" formControlName="hours" placeholder="0" [attr.data-testid]="id('included-hours')" />
            <span matTextSuffix>&nbsp;h</span>
            <mat-hint>Per {{ period() }}</mat-hint>
            <mat-error>{{ err(g.controls.included, 'hours') }}</mat-error>
          </mat-form-field>
          <mat-form-field floatLabel="always">
            <mat-label>and minutes</mat-label>
            <input matInput type="number" min="0" max="59" step="1" formControlName="minutes" placeholder="0" [attr.data-testid]="id('included-minutes')" />
            <span matTextSuffix>&nbsp;min</span>
            <mat-error>{{ err(g.controls.included, 'minutes') }}</mat-error>
          </mat-form-field>
        </div>
      } @else {
        <mat-form-field floatLabel="always" formGroupName="included">
          <mat-label>Sessions included</mat-label>
          <input matInput type="number" min="0" step="1" formControlName="sessions" placeholder="0" [attr.data-testid]="id('included-sessions')" />
          <span matTextSuffix>&nbsp;sessions</span>
          <mat-hint>Per {{ period() }}</mat-hint>
          <mat-error>{{ err(g.controls.included, 'sessions') }}</mat-error>
        </mat-form-field>
      }
      <mat-form-field floatLabel="always">
        <mat-label>Fee per {{ period() }}</mat-label>
        <input matInput formControlName="fee" [placeholder]="moneyPlaceholder()" inputmode="decimal" required [attr.data-testid]="id('fee')" />
        <span matTextSuffix>&nbsp;{{ currency() }}</span>
        <mat-hint>A line on each bill; prorated on a short period</mat-hint>
        <mat-error>{{ err(g, 'fee') }}</mat-error>
      </mat-form-field>

      @if (unit() === 'seconds') {
        <div class="pair" formGroupName="rolloverCap" role="group" aria-label="Rollover cap">
          <mat-form-field floatLabel="always">
            <mat-label>Roll over at most</mat-label>
            <input matInput type="number" min="0" step="1" formControlName="hours" placeholder="0" [attr.data-testid]="id('rollover-cap-hours')" />
            <span matTextSuffix>&nbsp;h</span>
            <mat-hint>Unused hours standing over; 0: they lapse</mat-hint>
            <mat-error>{{ err(g.controls.rolloverCap, 'hours') }}</mat-error>
          </mat-form-field>
          <mat-form-field floatLabel="always">
            <mat-label>and minutes</mat-label>
            <input matInput type="number" min="0" max="59" step="1" formControlName="minutes" placeholder="0" [attr.data-testid]="id('rollover-cap-minutes')" />
            <span matTextSuffix>&nbsp;min</span>
            <mat-error>{{ err(g.controls.rolloverCap, 'minutes') }}</mat-error>
          </mat-form-field>
        </div>
      } @else {
        <mat-form-field floatLabel="always" formGroupName="rolloverCap">
          <mat-label>Roll over at most</mat-label>
          <input matInput type="number" min="0" step="1" formControlName="sessions" placeholder="0" [attr.data-testid]="id('rollover-cap-sessions')" />
          <span matTextSuffix>&nbsp;sessions</span>
          <mat-hint>Unused sessions standing over; 0: they lapse</mat-hint>
          <mat-error>{{ err(g.controls.rolloverCap, 'sessions') }}</mat-error>
        </mat-form-field>
      }
      <mat-form-field floatLabel="always">
        <mat-label>Rolled {{ what() }} usable for</mat-label>
        <input matInput type="number" min="0" max="120" step="1" formControlName="rolloverPeriods" required [attr.data-testid]="id('rollover-periods')" />
        <span matTextSuffix>&nbsp;{{ g.controls.rolloverPeriods.value === 1 ? 'period' : 'periods' }}</span>
        <mat-hint>Later periods they may be drawn in; 0: nothing rolls</mat-hint>
        <mat-error>{{ err(g, 'rolloverPeriods') }}</mat-error>
      </mat-form-field>
      <mat-form-field floatLabel="always">
        <mat-label>Overage rate</mat-label>
        <input matInput formControlName="overageRate" placeholder="The plan's rate" inputmode="decimal" [attr.data-testid]="id('overage-rate')" />
        <span matTextSuffix>&nbsp;{{ currency() }}{{ unit() === 'seconds' ? '/h' : ' per session' }}</span>
        <mat-hint>Usage nothing prepaid covers; empty: the plan's rate</mat-hint>
        <mat-error>{{ err(g, 'overageRate') }}</mat-error>
      </mat-form-field>
    </div>
    <p class="summary" [attr.data-testid]="id('summary')">{{ summary() }}</p>
  `,
  styles: `
    :host { display: block; }
    .retainer-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px 16px; align-items: start; }
    .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; }
    .summary { margin: 12px 0 0; font-size: 13px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class RetainerFieldsComponent {
  readonly group = input.required<RetainerGroup>();
  readonly unit = input.required<PrepaidUnit>();
  readonly currency = input.required<string>();
  /** The billing cycle its periods follow (an association's); none: "period" (a plan's). */
  readonly cycle = input<BillingCycle | null>(null);
  readonly prefix = input('retainer');

  protected period(): string {
    return periodWord(this.cycle());
  }

  protected what(): string {
    return this.unit() === 'seconds' ? 'hours' : 'sessions';
  }

  protected id(name: string): string {
    return `${this.prefix()}-${name}`;
  }

  protected err(group: AbstractControl, name: string): string {
    return controlErrorText(group.get(name));
  }

  protected moneyPlaceholder(): string {
    const d = displayExponent(this.currency() || 'USD');
    return d === 0 ? '0' : `0.${'0'.repeat(d)}`;
  }

  /** The retainer as it would be saved, in words; a hint while a field is not valid yet. */
  protected summary(): string {
    const g = this.group();
    const r = g.valid ? toRetainer(g, this.unit(), this.currency()) : null;
    return r
      ? `Saved as: ${retainerText(r, this.unit(), this.currency(), this.cycle())}.`
      : 'Complete the fields to see the retainer in words.';
  }
}
