/**
 * Prepaid hours (issue #17) in words, for the console: retainers, blocks and ledger entries. Quantities are the API's
 * units: billable SECONDS on a per_hour plan, SESSIONS on a per_session plan. The spelling of a quantity ("2 h 30 min",
 * "12 sessions") is `@app/billing`'s `formatUnits`, the one the bill lines use.
 */
import { formatUnits, prepaidUnit } from '@app/billing';
import type { AssociationView, BlockView, LedgerEntryView, PlanView } from '@app/contracts';
import { showMoney } from './money';

export type PrepaidUnit = 'seconds' | 'sessions';
export type Retainer = NonNullable<PlanView['retainer']>;
export type BillingCycle = AssociationView['billingCycle'];

export const HOUR = 3600;

/** The unit of a plan's prepaid quantities. */
export function unitOfPlan(plan: Pick<PlanView, 'billingType'>): PrepaidUnit {
  return prepaidUnit(plan.billingType);
}

/** Hours and minutes typed by a person as billable seconds ("2" h "30" min → 9000); blanks count 0. */
export function hoursMinutesToSeconds(hours: number | null | undefined, minutes: number | null | undefined): number {
  return (hours ?? 0) * HOUR + (minutes ?? 0) * 60;
}

/** Seconds as whole hours and minutes, for filling the fields (seconds past the minute are not shown). */
export function secondsToHoursMinutes(seconds: number): { hours: number; minutes: number } {
  return { hours: Math.floor(seconds / HOUR), minutes: Math.floor((seconds % HOUR) / 60) };
}

/** A quantity as the bills spell it: "2 h 0 min", "45 min", "1 session". */
export function unitsText(units: number, unit: PrepaidUnit): string {
  return formatUnits(Math.abs(units), unit);
}

/** A quantity in short: "2 h", "2 h 30 min", "45 min", "3 sessions" (for sentences; whole hours without "0 min"). */
export function shortUnits(units: number, unit: PrepaidUnit): string {
  if (unit === 'seconds' && units > 0 && units % HOUR === 0) return `${units / HOUR} h`;
  return unitsText(units, unit);
}

/** A quantity with its sign: "+10 h 0 min", "−2 h 0 min". */
export function signedUnits(units: number, unit: PrepaidUnit): string {
  return `${units < 0 ? '−' : '+'}${unitsText(units, unit)}`;
}

const CYCLE_PERIODS: Record<BillingCycle, string> = {
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  half_yearly: 'half-year',
  yearly: 'year',
};

/** "month" for a monthly cycle; "period" without one (a plan's retainer serves every cycle). */
export function periodWord(cycle: BillingCycle | null | undefined): string {
  return cycle ? CYCLE_PERIODS[cycle] : 'period';
}

/**
 * A retainer in words: "2 h included per month, fee €150.00, unused hours roll over up to 3 h for 1 period",
 * "…, unused hours lapse", "…, overage €90.00/h" (only when it differs from the plan's rate).
 */
export function retainerText(r: Retainer, unit: PrepaidUnit, currency: string, cycle?: BillingCycle | null): string {
  const what = unit === 'seconds' ? 'hours' : 'sessions';
  const parts = [`${shortUnits(r.included, unit)} included per ${periodWord(cycle)}`, `fee ${showMoney(r.feeMinor, currency)}`];
  if (r.rolloverCap > 0 && r.rolloverPeriods > 0) {
    const periods = `${r.rolloverPeriods} ${r.rolloverPeriods === 1 ? 'period' : 'periods'}`;
    parts.push(`unused ${what} roll over up to ${shortUnits(r.rolloverCap, unit)} for ${periods}`);
  } else {
    parts.push(`unused ${what} lapse`);
  }
  if (typeof r.overageRateMinor === 'number') {
    parts.push(`overage ${showMoney(r.overageRateMinor, currency)}${unit === 'seconds' ? '/h' : ' per session'}`);
  }
  return parts.join(', ');
}

export type BlockState = 'usable' | 'waiting_for_payment' | 'used_up' | 'expired' | 'cancelled';

const BLOCK_STATE_LABELS: Record<BlockState, string> = {
  usable: 'Usable',
  waiting_for_payment: 'Waiting for payment',
  used_up: 'Used up',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

/** Where a block stands: cancelled (its invoice went away), expired, used up, waiting for its payment, or usable. */
export function blockState(b: BlockView, now: Date = new Date()): BlockState {
  if (b.cancelledAt) return 'cancelled';
  if (b.expiresAt && Date.parse(b.expiresAt) <= now.getTime()) return 'expired';
  if (b.remaining === 0) return 'used_up';
  if (b.usable) return 'usable';
  return 'waiting_for_payment';
}

export function blockStateLabel(state: BlockState): string {
  return BLOCK_STATE_LABELS[state];
}

const ENTRY_KINDS: Record<LedgerEntryView['kind'], string> = {
  grant: 'Grant',
  draw: 'Draw',
  rollover: 'Rollover',
  expiry: 'Expiry',
  lapse: 'Lapse',
  reversal: 'Reversal',
};

/** The bucket of an entry: "block B-000001", "retainer of period 2", "rolled over from period 1" (periods counted from 1). */
export function entrySource(e: LedgerEntryView, unit: PrepaidUnit): string {
  if (e.source === 'block') return `block ${e.blockNumber ?? '(unknown)'}`;
  const period = Number(e.sourceId) + 1;
  if (e.source === 'retainer') return `retainer of period ${period}`;
  return `${unit === 'seconds' ? 'hours' : 'sessions'} rolled over from period ${period}`;
}

/** A ledger entry without its bill: "Draw · 2 h 0 min · block B-000001". */
export function entryText(e: LedgerEntryView, unit: PrepaidUnit): string {
  return `${ENTRY_KINDS[e.kind]} · ${unitsText(e.quantity, unit)} · ${entrySource(e, unit)}`;
}
