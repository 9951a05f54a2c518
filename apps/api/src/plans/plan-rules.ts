/**
 * Pure rules for a plan's rates that span several fields (single-field rules live on the DTOs).
 * No framework imports: unit-tested in plan-rules.spec.ts.
 */
import type { BillingType } from '@app/billing';

export interface PlanRates {
  billingType: BillingType;
  sessionRateMinor?: number | null;
  hourRateMinor?: number | null;
}

export interface RuleError {
  field: string;
  message: string;
}

export const BILLING_INCREMENTS = [1, 5, 6, 10, 15, 30, 60] as const;
/** A sane upper bound for any rate: 10^11 minor units (a billion dollars, or 100 billion yen). */
export const MAX_RATE_MINOR = 100_000_000_000;

/** The rate of the plan's billing type is required; the other is optional. */
export function planRateErrors(plan: PlanRates, prefix = ''): RuleError[] {
  const errors: RuleError[] = [];
  if (plan.billingType === 'per_session' && (plan.sessionRateMinor === undefined || plan.sessionRateMinor === null)) {
    errors.push({ field: `${prefix}sessionRateMinor`, message: 'sessionRateMinor is required for a per_session plan' });
  }
  if (plan.billingType === 'per_hour' && (plan.hourRateMinor === undefined || plan.hourRateMinor === null)) {
    errors.push({ field: `${prefix}hourRateMinor`, message: 'hourRateMinor is required for a per_hour plan' });
  }
  return errors;
}

/** Recipients compared case-insensitively: the same address twice is one recipient. */
export function duplicateRecipients(recipients: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const r of recipients) {
    const k = r.trim().toLowerCase();
    if (seen.has(k)) dups.push(r);
    seen.add(k);
  }
  return dups;
}
