import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import type { PlanView, TaxRateView, UpdatePlanDto } from '@app/contracts';
import { Observable, map } from 'rxjs';
import { showMoney } from '../../core/money';
import { retainerText, unitOfPlan } from '../../core/prepaid';
import { taxRatesText } from '../../core/taxes';
import { formatDay } from '../../core/format';
import { mergedRules, rateRulesText, rulesOf, sameRules } from '../../core/rate-rules';
import { sameRetainer } from './retainer-form';

export interface RateChange {
  label: string;
  from: string;
  to: string;
}

export interface RateChangeData {
  plan: PlanView;
  changes: RateChange[];
  /** Names of the customers (departments) on the plan now. */
  customers: string[];
  /** The day the new rates take effect (a dated rate version); null or left out: from each customer's open period. */
  effectiveFrom?: string | null;
}

/**
 * Asked before saving new rates on a plan that has customers: what changes, and what it affects.
 * Bills copy the plan's rates when they are made, so every period not billed yet (the current one
 * included) is billed at the rates in force when it closes; bills already made keep theirs.
 */
@Component({
  selector: 'app-rate-change-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButtonModule],
  template: `
    <h2 mat-dialog-title>Change the rates of "{{ data.plan.name }}"?</h2>
    <mat-dialog-content data-testid="rate-change-dialog">
      <ul class="changes" aria-label="Changes">
        @for (c of data.changes; track c.label) {
          <li data-testid="rate-change-item"><strong>{{ c.label }}</strong>: {{ c.from }} → {{ c.to }}</li>
        }
      </ul>
      <p data-testid="rate-change-affects">
        {{ customersText() }} {{ data.customers.length === 1 ? 'is' : 'are' }} on this plan.
        @if (data.effectiveFrom) {
          <strong>Usage from {{ effectiveDay() }} (in each customer's time zone) is billed at the new rates</strong>; a period that
          straddles that day is billed in two parts, each at its own rates.
        } @else {
          <strong>Periods not billed yet, including the current one, are billed at the new rates when they close.</strong>
        }
      </p>
      <p>Bills already made keep the rates they were issued with.</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false" data-testid="rate-change-cancel">Keep editing</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" cdkFocusInitial data-testid="rate-change-confirm">Save new rates</button>
    </mat-dialog-actions>
  `,
  styles: `.changes { margin: 0 0 12px; padding-left: 20px; } .changes li { margin: 2px 0; }`,
})
export class RateChangeDialogComponent {
  protected readonly data = inject<RateChangeData>(MAT_DIALOG_DATA);

  protected effectiveDay(): string {
    return formatDay(this.data.effectiveFrom);
  }

  protected customersText(): string {
    const names = this.data.customers;
    if (names.length === 0) return 'Customers';
    if (names.length === 1) return names[0];
    if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return `${names.slice(0, 2).join(', ')} and ${names.length - 2} other customers`;
  }
}

/** Emits true to save, false to go back to the form. */
export function confirmRateChange(dialog: MatDialog, data: RateChangeData): Observable<boolean> {
  return dialog
    .open<RateChangeDialogComponent, RateChangeData, boolean>(RateChangeDialogComponent, { data, width: '520px', maxWidth: '96vw' })
    .afterClosed()
    .pipe(map((ok) => ok === true));
}

/** The plan fields that change what customers are charged: a plan view's and a plan edit's. */
type RateField = keyof UpdatePlanDto & keyof PlanView;

const RATE_FIELDS: { key: RateField; label: string }[] = [
  { key: 'currency', label: 'Currency' },
  { key: 'billingType', label: 'Billing type' },
  { key: 'sessionRateMinor', label: 'Session rate' },
  { key: 'hourRateMinor', label: 'Hour rate' },
  { key: 'unattendedDeviceRateMinor', label: 'Unattended device cost' },
  { key: 'billingIncrementMinutes', label: 'Billing increment' },
  { key: 'minimumBillableMinutes', label: 'Minimum billable time' },
  { key: 'taxRateIds', label: 'Default tax rates' },
];

/**
 * What a plan edit changes in how customers are charged (name and the like are left out). `taxRates` names the
 * tax rates by id (for "Default tax rates: none → VAT 19 %"). The retainer in words, as the plan's customers without
 * their own retainer get it.
 */
export function rateChanges(stored: PlanView, next: UpdatePlanDto, taxRates: ReadonlyMap<string, TaxRateView> = new Map()): RateChange[] {
  const out: RateChange[] = [];
  for (const { key, label } of RATE_FIELDS) {
    const to = next[key];
    if (to === undefined) continue;
    const from = stored[key];
    if (from === to || (Array.isArray(from) && Array.isArray(to) && from.join() === to.join())) continue;
    const currency = next.currency ?? stored.currency;
    out.push({ label, from: show(key, from, stored.currency, taxRates), to: show(key, to, currency, taxRates) });
  }
  const before = rulesOf(stored);
  const after = mergedRules(before, next);
  if (!sameRules(before, after)) {
    const type = next.billingType ?? stored.billingType;
    const currency = next.currency ?? stored.currency;
    out.push({
      label: 'Rate rules',
      from: rateRulesText(before, stored.billingType, stored.currency) ?? 'none',
      to: rateRulesText(after, type, currency) ?? 'none',
    });
  }
  if (next.retainer !== undefined && !sameRetainer(stored.retainer, next.retainer)) {
    const currency = next.currency ?? stored.currency;
    const toUnit = unitOfPlan({ billingType: next.billingType ?? stored.billingType });
    out.push({
      label: 'Retainer',
      from: stored.retainer ? retainerText(stored.retainer, unitOfPlan(stored), stored.currency) : 'none',
      to: next.retainer
        ? retainerText({ ...next.retainer, overageRateMinor: next.retainer.overageRateMinor ?? null }, toUnit, currency)
        : 'none',
    });
  }
  return out;
}

function show(key: RateField, value: unknown, currency: string, taxRates: ReadonlyMap<string, TaxRateView>): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length ? taxRatesText(value as string[], taxRates) : 'none';
  if (key.endsWith('Minor')) return showMoney(value as number, currency);
  if (key.endsWith('Minutes')) return `${String(value)} min`;
  if (key === 'billingType') return value === 'per_hour' ? 'per hour' : 'per session';
  return String(value);
}

/** The fields a rate version holds besides the rules (the API's `ratesOf`). */
const VERSION_FIELDS = [
  'billingType',
  'sessionRateMinor',
  'hourRateMinor',
  'unattendedDeviceRateMinor',
  'billingIncrementMinutes',
  'minimumBillableMinutes',
] as const satisfies readonly RateField[];

/**
 * What a plan edit makes of its rate versions: 'none' (no change of rates or rules: no new version, no effective day),
 * 'dated' (a new version that may take an effective day), 'type' (a billing-type change: from each customer's next open
 * period, never dated).
 */
export function rateVersionChange(stored: PlanView, next: UpdatePlanDto): 'none' | 'dated' | 'type' {
  if (next.billingType !== undefined && next.billingType !== stored.billingType) return 'type';
  const changed =
    VERSION_FIELDS.some((key) => next[key] !== undefined && next[key] !== stored[key]) ||
    !sameRules(rulesOf(stored), mergedRules(rulesOf(stored), next));
  return changed ? 'dated' : 'none';
}
