import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { controlErrorText } from '../../core/errors';
import { WEEKDAYS, calendarText } from '../../core/rate-rules';
import { IconComponent } from '../../shared/icon.component';
import { CalendarGroup, applyOfficeHours, intervalGroup, toCalendar } from './rate-rules-form';

/**
 * A business calendar's fields: business hours (none, or intervals per weekday, with a "Mon–Fri 08:00–18:00" preset),
 * the weekend days, the public holidays of a country (and region) and the organization's own holiday dates. Used by the
 * plan form's rate rules and by a customer's "Own business hours". Test ids start with `prefix`: `<prefix>-no-hours`,
 * `-has-hours`, `-preset`, `-add-interval`, `-day-<i>`, `-start-<i>`, `-end-<i>`, `-remove-<i>`, `-hours-error`,
 * `-weekend-<1..7>`, `-holiday-country`, `-holiday-region`, `-holiday-dates`.
 */
@Component({
  selector: 'app-calendar-fields',
  // Default: server errors are set on the controls from outside, without an input changing.
  changeDetection: ChangeDetectionStrategy.Default,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatCheckboxModule, MatRadioModule, IconComponent],
  template: `
    @let g = group();
    <div [formGroup]="g" class="calendar">
      <mat-radio-group formControlName="hasHours" class="hours-choice" [attr.aria-label]="'Business hours'">
        <mat-radio-button [value]="false" [attr.data-testid]="id('no-hours')">No business hours</mat-radio-button>
        <mat-radio-button [value]="true" [attr.data-testid]="id('has-hours')">Business hours</mat-radio-button>
      </mat-radio-group>
      @if (g.controls.hasHours.value) {
        <p class="muted note">In the customer's time zone. Outside them a weekday is after hours; a day may have several intervals.</p>
        <div formArrayName="businessHours" class="intervals" role="list" aria-label="Business hours intervals">
          @for (row of g.controls.businessHours.controls; track row; let i = $index) {
            <div class="interval" [formGroupName]="i" role="listitem">
              <mat-form-field>
                <mat-label>Day</mat-label>
                <select matNativeControl formControlName="day" [attr.data-testid]="id('day-' + i)">
                  @for (d of weekdays; track d.day) { <option [value]="'' + d.day">{{ d.long }}</option> }
                </select>
              </mat-form-field>
              <mat-form-field floatLabel="always">
                <mat-label>From</mat-label>
                <input matInput formControlName="start" placeholder="08:00" maxlength="5" autocomplete="off" [attr.data-testid]="id('start-' + i)" />
                <mat-error>{{ err(row, 'start') }}</mat-error>
              </mat-form-field>
              <mat-form-field floatLabel="always">
                <mat-label>To</mat-label>
                <input matInput formControlName="end" placeholder="18:00" maxlength="5" autocomplete="off" [attr.data-testid]="id('end-' + i)" />
                <mat-error>{{ err(row, 'end') }}</mat-error>
              </mat-form-field>
              <button mat-icon-button type="button" (click)="removeInterval(i)" [attr.aria-label]="'Remove interval ' + (i + 1)" [attr.data-testid]="id('remove-' + i)">
                <app-icon name="delete" />
              </button>
            </div>
          } @empty {
            <p class="muted note" [attr.data-testid]="id('no-intervals')">No intervals: every weekday is after hours.</p>
          }
        </div>
        <div class="buttons">
          <button mat-stroked-button type="button" (click)="officeHours()" [attr.data-testid]="id('preset')">Mon–Fri 08:00–18:00</button>
          <button mat-button type="button" (click)="addInterval()" [attr.data-testid]="id('add-interval')"><app-icon name="add" /> Add interval</button>
        </div>
        @if (hoursError(); as message) { <p class="error-text" role="alert" [attr.data-testid]="id('hours-error')">{{ message }}</p> }
      }

      <p class="label" [id]="id('weekend-label')">Weekend days</p>
      <div formArrayName="weekendDays" class="weekend" role="group" [attr.aria-labelledby]="id('weekend-label')">
        @for (d of weekdays; track d.day; let i = $index) {
          <mat-checkbox [formControlName]="i" [attr.data-testid]="id('weekend-' + d.day)">{{ d.short }}</mat-checkbox>
        }
      </div>
      @if (err(g, 'weekendDays'); as message) { <p class="error-text" role="alert">{{ message }}</p> }

      <div class="holidays">
        <mat-form-field floatLabel="always">
          <mat-label>Holiday country</mat-label>
          <input matInput formControlName="holidayCountry" maxlength="2" placeholder="None" autocomplete="off" (blur)="upper('holidayCountry')" [attr.data-testid]="id('holiday-country')" />
          <mat-hint>Its public holidays, e.g. DE</mat-hint>
          <mat-error>{{ err(g, 'holidayCountry') }}</mat-error>
        </mat-form-field>
        <mat-form-field floatLabel="always">
          <mat-label>Region</mat-label>
          <input matInput formControlName="holidayRegion" maxlength="5" placeholder="Nationwide" autocomplete="off" (blur)="upper('holidayRegion')" [attr.data-testid]="id('holiday-region')" />
          <mat-hint>With its own holidays, e.g. BY (Bavaria)</mat-hint>
          <mat-error>{{ err(g, 'holidayRegion') }}</mat-error>
        </mat-form-field>
        <mat-form-field floatLabel="always" class="dates">
          <mat-label>Own holidays</mat-label>
          <input matInput formControlName="holidayDates" placeholder="2026-12-24, 2026-12-31" autocomplete="off" [attr.data-testid]="id('holiday-dates')" />
          <mat-hint>Days YYYY-MM-DD, separated by commas</mat-hint>
          <mat-error>{{ err(g, 'holidayDates') }}</mat-error>
        </mat-form-field>
      </div>
      @if (summary()) { <p class="summary" [attr.data-testid]="id('summary')">{{ summary() }}</p> }
    </div>
  `,
  styles: `
    :host { display: block; }
    .hours-choice { display: flex; gap: 16px; flex-wrap: wrap; margin: 0 0 8px; }
    .note { margin: 0 0 8px; font-size: 13px; }
    .intervals { display: grid; row-gap: 12px; margin-bottom: 8px; }
    .interval { display: grid; grid-template-columns: minmax(140px, 180px) 110px 110px 40px; gap: 8px; align-items: start; }
    .buttons { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 8px; }
    .label { font: var(--mat-sys-label-large); margin: 16px 0 4px; }
    .weekend { display: flex; gap: 4px 12px; flex-wrap: wrap; }
    .holidays { display: grid; grid-template-columns: 200px 220px minmax(240px, 1fr); gap: 12px 16px; align-items: start; margin-top: 16px; }
    .error-text { color: var(--mat-sys-error); margin: 4px 0 8px; font-size: 13px; }
    .summary { margin: 12px 0 0; font-size: 13px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class CalendarFieldsComponent {
  readonly group = input.required<CalendarGroup>();
  readonly prefix = input('calendar');
  /** Shows the calendar in words below the fields (a customer's own calendar; the plan form says its rules whole). */
  readonly showSummary = input(false);

  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly weekdays = WEEKDAYS;

  protected id(name: string): string {
    return `${this.prefix()}-${name}`;
  }

  protected err(group: AbstractControl, name: string): string {
    return controlErrorText(group.get(name));
  }

  /** The API's `businessHours` error (overlapping intervals…), on the list as a whole. */
  protected hoursError(): string {
    return controlErrorText(this.group().controls.businessHours);
  }

  protected summary(): string | null {
    if (!this.showSummary()) return null;
    const g = this.group();
    if (!g.valid) return 'Complete the fields to see the calendar in words.';
    return `Saved as: ${calendarText(toCalendar(g)) ?? 'no business hours (no after-hours, weekend or holiday rates)'}.`;
  }

  protected officeHours(): void {
    applyOfficeHours(this.fb, this.group());
  }

  /** A new interval: the day after the last one's, 08:00–18:00. */
  protected addInterval(): void {
    const array = this.group().controls.businessHours;
    const last = array.length ? Number(array.at(array.length - 1).controls.day.value) : 0;
    array.push(intervalGroup(this.fb, { day: Math.min(7, last + 1), start: '08:00', end: '18:00' }));
  }

  protected removeInterval(index: number): void {
    this.group().controls.businessHours.removeAt(index);
  }

  protected upper(name: 'holidayCountry' | 'holidayRegion'): void {
    const c = this.group().controls[name];
    const v = c.value.trim().toUpperCase();
    if (v !== c.value) c.setValue(v);
  }
}
