import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { displayExponent } from '@app/billing';
import type { PlanView } from '@app/contracts';
import { controlErrorText } from '../../core/errors';
import { rateRulesText } from '../../core/rate-rules';
import { IconComponent } from '../../shared/icon.component';
import { CalendarFieldsComponent } from './calendar-fields.component';
import { CLASSES, ClassKey, ClassMode, RulesGroup, addBand, bandUnit, removeBand, toRules } from './rate-rules-form';

/**
 * A plan's rate rules (issue #18): the business calendar; per class (after hours, weekend, holidays) the business rate,
 * a multiplier of it or a rate of its own; tiers (graduated or volume bands, the last open-ended); the unattended
 * sessions' rate; the minimum commitment per period; and the rules in words below them, as they would be saved. Test ids
 * start with `prefix`: `<prefix>-after-hours-mode`, `-after-hours-multiplier`, `-after-hours-rate` (and `weekend-…`,
 * `holiday-…`), `-tier-mode`, `-tier-up-to-<i>`, `-tier-rate-<i>`, `-tier-remove-<i>`, `-tier-add`, `-tiers-error`,
 * `-unattended-rate`, `-minimum-commitment`, `-summary`; the calendar's start with `<prefix>-calendar`.
 */
@Component({
  selector: 'app-rate-rules-fields',
  // Default: the summary reads the form's values, and server errors are set on the controls from outside.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, IconComponent, CalendarFieldsComponent],
  template: `
    @let g = group();
    <div [formGroup]="g">
      <h3 class="section">Business hours and holidays</h3>
      <app-calendar-fields [group]="g.controls.calendar" [prefix]="id('calendar')" />

      <h3 class="section">Rates outside business hours</h3>
      @if (!g.controls.calendar.controls.hasHours.value) {
        <p class="muted note" [attr.data-testid]="id('classes-unused')">Without business hours every session is billed at the business rate: these apply once business hours are set.</p>
      }
      <div class="classes">
        @for (c of classes; track c.key) {
          <div class="class" role="group" [attr.aria-label]="c.label">
            <mat-form-field>
              <mat-label>{{ c.label }}</mat-label>
              <select matNativeControl [formControlName]="c.key + 'Mode'" [attr.data-testid]="id(c.testId + '-mode')">
                <option value="base">Business rate</option>
                <option value="multiplier">Multiplier</option>
                <option value="rate">Own rate</option>
              </select>
            </mat-form-field>
            @switch (mode(c.key)) {
              @case ('multiplier') {
                <mat-form-field floatLabel="always">
                  <mat-label>Multiplier</mat-label>
                  <span matTextPrefix>×&nbsp;</span>
                  <input matInput [formControlName]="c.key + 'Multiplier'" placeholder="1.5" inputmode="decimal" required [attr.data-testid]="id(c.testId + '-multiplier')" />
                  <mat-hint>Times the business (or band) rate</mat-hint>
                  <mat-error>{{ err(g, c.key + 'Multiplier') }}</mat-error>
                </mat-form-field>
              }
              @case ('rate') {
                <mat-form-field floatLabel="always">
                  <mat-label>Rate</mat-label>
                  <input matInput [formControlName]="c.key + 'Rate'" [placeholder]="moneyPlaceholder()" inputmode="decimal" required [attr.data-testid]="id(c.testId + '-rate')" />
                  <span matTextSuffix>&nbsp;{{ currency() }}{{ perUnit() }}</span>
                  <mat-hint>Replaces the business rate</mat-hint>
                  <mat-error>{{ err(g, c.key + 'Rate') }}</mat-error>
                </mat-form-field>
              }
            }
          </div>
        }
      </div>

      <h3 class="section">Tiers</h3>
      <div class="tier-head">
        <mat-form-field>
          <mat-label>Tiers per period</mat-label>
          <select matNativeControl formControlName="tierMode" [attr.data-testid]="id('tier-mode')">
            <option value="none">No tiers</option>
            <option value="graduated">Graduated: each {{ unitWord() }} at its band's rate</option>
            <option value="volume">Volume: every {{ unitWord() }} at the band the total reaches</option>
          </select>
          <mat-error>{{ err(g, 'tierMode') }}</mat-error>
        </mat-form-field>
      </div>
      @if (g.controls.tierMode.value !== 'none') {
        <div formArrayName="tiers" class="bands" role="list" aria-label="Tier bands">
          @for (band of g.controls.tiers.controls; track band; let i = $index; let last = $last) {
            <div class="band" [formGroupName]="i" role="listitem">
              @if (last) {
                <p class="band-from" [attr.data-testid]="id('tier-open-' + i)">{{ i === 0 ? 'Every ' + unitWord() : 'Over ' + previousEnd(i) }}</p>
              } @else {
                <mat-form-field floatLabel="always">
                  <mat-label>Up to</mat-label>
                  <input matInput formControlName="upTo" inputmode="decimal" required [attr.data-testid]="id('tier-up-to-' + i)" />
                  <span matTextSuffix>&nbsp;{{ unit() }}</span>
                  <mat-hint>From {{ i === 0 ? '0' : previousEnd(i) }}</mat-hint>
                  <mat-error>{{ err(band, 'upTo') }}</mat-error>
                </mat-form-field>
              }
              <mat-form-field floatLabel="always">
                <mat-label>Rate</mat-label>
                <input matInput formControlName="rate" [placeholder]="moneyPlaceholder()" inputmode="decimal" required [attr.data-testid]="id('tier-rate-' + i)" />
                <span matTextSuffix>&nbsp;{{ currency() }}{{ perUnit() }}</span>
                <mat-error>{{ err(band, 'rate') }}</mat-error>
              </mat-form-field>
              @if (g.controls.tiers.length > 1) {
                <button mat-icon-button type="button" (click)="remove(i)" [attr.aria-label]="'Remove band ' + (i + 1)" [attr.data-testid]="id('tier-remove-' + i)">
                  <app-icon name="delete" />
                </button>
              }
            </div>
          }
        </div>
        <button mat-button type="button" (click)="add()" [attr.data-testid]="id('tier-add')"><app-icon name="add" /> Add band</button>
        @if (err(g, 'tiers'); as message) { <p class="error-text" role="alert" [attr.data-testid]="id('tiers-error')">{{ message }}</p> }
      }

      <h3 class="section">Unattended sessions and minimum</h3>
      <div class="extras">
        <mat-form-field floatLabel="always">
          <mat-label>Unattended session rate</mat-label>
          <input matInput formControlName="unattendedRate" placeholder="As attended" inputmode="decimal" [attr.data-testid]="id('unattended-rate')" />
          <span matTextSuffix>&nbsp;{{ currency() }}{{ perUnit() }}</span>
          <mat-hint>Empty: as attended (they count toward the tiers)</mat-hint>
          <mat-error>{{ err(g, 'unattendedRate') }}</mat-error>
        </mat-form-field>
        <mat-form-field floatLabel="always">
          <mat-label>Minimum commitment</mat-label>
          <input matInput formControlName="minimumCommitment" placeholder="None" inputmode="decimal" [attr.data-testid]="id('minimum-commitment')" />
          <span matTextSuffix>&nbsp;{{ currency() }}</span>
          <mat-hint>Per period: usage below it is topped up</mat-hint>
          <mat-error>{{ err(g, 'minimumCommitment') }}</mat-error>
        </mat-form-field>
      </div>
      <p class="rules-summary" [attr.data-testid]="id('summary')">{{ summary() }}</p>
    </div>
  `,
  styles: `
    :host { display: block; }
    .section { font: var(--mat-sys-title-small); margin: 20px 0 8px; }
    .section:first-child { margin-top: 0; }
    .note { margin: 0 0 8px; font-size: 13px; }
    .classes { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 12px 24px; }
    .class { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; }
    .tier-head mat-form-field { width: min(100%, 420px); }
    .bands { display: grid; row-gap: 12px; margin: 12px 0 4px; }
    .band { display: grid; grid-template-columns: 180px 220px 40px; gap: 8px; align-items: start; }
    .band-from { margin: 16px 0 0; font: var(--mat-sys-body-large); }
    .extras { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px 16px; align-items: start; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 8px; font-size: 13px; }
    .rules-summary { margin: 16px 0 0; font-size: 13px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class RateRulesFieldsComponent {
  readonly group = input.required<RulesGroup>();
  readonly currency = input.required<string>();
  readonly billingType = input.required<PlanView['billingType']>();
  readonly prefix = input('rules');

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly classes = CLASSES;

  protected id(name: string): string {
    return `${this.prefix()}-${name}`;
  }

  protected err(group: AbstractControl, name: string): string {
    return controlErrorText(group.get(name));
  }

  protected mode(key: ClassKey): ClassMode {
    return this.group().controls[`${key}Mode`].value;
  }

  protected unit(): string {
    return bandUnit(this.billingType());
  }

  protected unitWord(): string {
    return this.billingType() === 'per_hour' ? 'hour' : 'session';
  }

  protected perUnit(): string {
    return this.billingType() === 'per_hour' ? '/h' : ' per session';
  }

  /** The end of the band before `i`, as typed: "10 h". */
  protected previousEnd(i: number): string {
    const typed = this.group()
      .controls.tiers.at(i - 1)
      ?.controls.upTo.value.trim();
    return `${typed || '…'} ${this.unit()}`;
  }

  protected moneyPlaceholder(): string {
    const d = displayExponent(this.currency() || 'USD');
    return d === 0 ? '0' : `0.${'0'.repeat(d)}`;
  }

  protected add(): void {
    const currency = this.currency;
    addBand(this.fb, this.group(), () => currency() || 'USD');
  }

  protected remove(index: number): void {
    removeBand(this.group(), index);
  }

  /** The rules as they would be saved, in words; a hint while a field is not valid yet. */
  protected summary(): string {
    const g = this.group();
    if (!g.valid) return 'Complete the fields to see the rate rules in words.';
    const text = rateRulesText(toRules(g, this.currency()), this.billingType(), this.currency());
    return `Saved as: ${text ?? 'no rate rules (every session at the plan rate)'}.`;
  }
}
