/**
 * Rating: turns a period's usage into bill lines, one small rater per pricing rule (per session,
 * per hour, per device) chosen by `usageRaterFor`.
 *
 * Rules:
 * - Only the rate of the plan's billing type is charged, plus the unattended device rate.
 * - Durations are whole seconds. Each session's billable time is its duration raised to the
 *   plan's minimum, then rounded up to the billing increment (see `billableSeconds`).
 * - Hours are rated on the line's total billable seconds and rounded ONCE per line, half away
 *   from zero, in the currency's minor unit: 3 sessions of 20 min at 1000/h cost 1000, not 3 × 333.
 * - The usage line is always present (quantity 0 when nothing was used), so a bill of 0 still
 *   shows what was counted; device and late-usage lines appear only when there is something to rate.
 * - Fixed per-period charges (the device fee) on a short period — the last period of an ended
 *   association — are prorated by the seconds the period covers: count × rate × covered / full,
 *   rounded once for the line, half away from zero. Usage is never prorated: it is what was used.
 * - Every amount is exact; one that is not a safe integer throws `AmountOutOfRangeError`.
 */
import { assertSafeInteger, isCurrencyCode, multiplyRate, roundHalfUp, sumMinor, toSafeNumber } from './money';

/** How a plan charges usage. */
export type BillingType = 'per_session' | 'per_hour';

/** Every billing type. */
export const BILLING_TYPES: readonly BillingType[] = Object.freeze(['per_session', 'per_hour'] as const);

/** The plan's rates as they were when the bill was made (a bill never follows later plan edits). */
export interface PlanSnapshot {
  currency: string;
  billingType: BillingType;
  sessionRateMinor: number;
  hourRateMinor: number;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
}

/**
 * What a line bills. Prepaid plans (issue #17, prepaid.ts): `retainer` (the retainer's fee), `prepaid` (usage drawn
 * from a retainer, rolled-over units or a block, at 0), `overage` (usage no source covered); `block` is the one line
 * of a block's own invoice. Rate rules (issue #18): `commitment`, the minimum commitment's top-up.
 */
export type BillLineKind = 'sessions' | 'hours' | 'devices' | 'late_usage' | 'retainer' | 'prepaid' | 'overage' | 'block' | 'commitment';
/** `item`: one of something (a retainer's period, a block). */
export type BillLineUnit = 'session' | 'hour' | 'device' | 'item';

/** One line of a bill; `amountMinor` is the line's rounded amount. */
export interface BillLine {
  kind: BillLineKind;
  description: string;
  quantity: number;
  unit: BillLineUnit;
  unitAmountMinor: number;
  amountMinor: number;
}

/** The lines of a bill and their sum. */
export interface RatedBill {
  lines: BillLine[];
  subtotalMinor: number;
}

/** How much of a full period a short period covers, in whole seconds (0 < covered <= full). */
export interface Proration {
  coveredSeconds: number;
  periodSeconds: number;
}

/** Input of `rateBill`: durations (whole seconds) of the period's and of late sessions, and active devices. */
export interface RateBillInput {
  plan: PlanSnapshot;
  sessionDurations: readonly number[];
  lateSessionDurations: readonly number[];
  deviceCount: number;
  /** Set for a short period; fixed per-period charges are prorated by it. Absent or null: a full period. */
  proration?: Proration | null;
}

/** Throws `RangeError` unless 0 <= covered <= full and full > 0, both whole seconds. */
function assertProration(p: Proration): void {
  nonNegativeInteger(p.coveredSeconds, 'coveredSeconds');
  nonNegativeInteger(p.periodSeconds, 'periodSeconds');
  if (p.periodSeconds === 0 || p.coveredSeconds > p.periodSeconds) {
    throw new RangeError(`A short period covers 0..${p.periodSeconds} seconds, got ${p.coveredSeconds}`);
  }
}

/** A fixed per-period amount prorated to the seconds covered, rounded once, half away from zero. */
export function prorate(amountMinor: number, proration: Proration | null | undefined): number {
  assertSafeInteger(amountMinor, 'amountMinor');
  if (!proration || proration.coveredSeconds === proration.periodSeconds) return amountMinor;
  assertProration(proration);
  return toSafeNumber(roundHalfUp(BigInt(amountMinor) * BigInt(proration.coveredSeconds), BigInt(proration.periodSeconds)));
}

/** "46.7742 %" of a period, for line descriptions (4 decimals, trailing zeros dropped). */
function coveredPercent(p: Proration): string {
  const tenThousandths = roundHalfUp(BigInt(p.coveredSeconds) * 1_000_000n, BigInt(p.periodSeconds));
  return `${(Number(tenThousandths) / 10_000).toString()} %`;
}

/** What a usage rater computes for a list of sessions. */
export interface UsageCharge {
  quantity: number;
  unit: BillLineUnit;
  unitAmountMinor: number;
  amountMinor: number;
}

/** A pricing rule for usage: rates a list of session durations under a plan. */
export type UsageRater = (plan: PlanSnapshot, durationsSeconds: readonly number[]) => UsageCharge;

function nonNegativeInteger(value: number, name: string): void {
  assertSafeInteger(value, name);
  if (value < 0) throw new RangeError(`${name} must be >= 0, got ${value}`);
}

/** Throws `RangeError` unless the plan has a known currency and type and non-negative integer rates and minutes. */
export function assertPlanSnapshot(plan: PlanSnapshot): void {
  if (!isCurrencyCode(plan.currency)) throw new RangeError(`Unknown currency: ${String(plan.currency)}`);
  if (!(BILLING_TYPES as readonly string[]).includes(plan.billingType)) {
    throw new RangeError(`Unknown billing type: ${String(plan.billingType)}`);
  }
  nonNegativeInteger(plan.sessionRateMinor, 'sessionRateMinor');
  nonNegativeInteger(plan.hourRateMinor, 'hourRateMinor');
  nonNegativeInteger(plan.unattendedDeviceRateMinor, 'unattendedDeviceRateMinor');
  nonNegativeInteger(plan.billingIncrementMinutes, 'billingIncrementMinutes');
  nonNegativeInteger(plan.minimumBillableMinutes, 'minimumBillableMinutes');
}

/**
 * Billable seconds of one session: the duration (whole seconds >= 0) raised to the minimum
 * billable time, then rounded UP to a multiple of the billing increment. Increment 1 rounds up to
 * whole minutes (61 s → 120 s); increment 0 means no rounding (per-second billing); minimum 0
 * means no minimum. A 0-second session with a minimum of 5 minutes bills 5 minutes.
 */
export function billableSeconds(
  durationSeconds: number,
  plan: Pick<PlanSnapshot, 'billingIncrementMinutes' | 'minimumBillableMinutes'>,
): number {
  nonNegativeInteger(durationSeconds, 'durationSeconds');
  nonNegativeInteger(plan.billingIncrementMinutes, 'billingIncrementMinutes');
  nonNegativeInteger(plan.minimumBillableMinutes, 'minimumBillableMinutes');
  const minimum = BigInt(plan.minimumBillableMinutes) * 60n;
  const raised = BigInt(durationSeconds) > minimum ? BigInt(durationSeconds) : minimum;
  const increment = BigInt(plan.billingIncrementMinutes) * 60n;
  if (increment === 0n) return toSafeNumber(raised, 'billable seconds');
  return toSafeNumber(((raised + increment - 1n) / increment) * increment, 'billable seconds');
}

/** Per session: quantity = number of sessions, amount = count × session rate. */
export const ratePerSession: UsageRater = (plan, durationsSeconds) => {
  for (const seconds of durationsSeconds) nonNegativeInteger(seconds, 'durationSeconds');
  return {
    quantity: durationsSeconds.length,
    unit: 'session',
    unitAmountMinor: plan.sessionRateMinor,
    amountMinor: multiplyRate(durationsSeconds.length, plan.sessionRateMinor),
  };
};

/**
 * Per hour: amount = roundHalfUp(total billable seconds × hour rate / 3600), rounded once for the
 * line; quantity = total billable hours rounded half-up to 4 decimals (for display only).
 */
export const ratePerHour: UsageRater = (plan, durationsSeconds) => {
  let seconds = 0n;
  for (const duration of durationsSeconds) seconds += BigInt(billableSeconds(duration, plan));
  return {
    quantity: toSafeNumber(roundHalfUp(seconds * 10_000n, 3600n), 'hours') / 10_000,
    unit: 'hour',
    unitAmountMinor: plan.hourRateMinor,
    amountMinor: toSafeNumber(roundHalfUp(seconds * BigInt(plan.hourRateMinor), 3600n)),
  };
};

const USAGE_RATERS: Readonly<Record<BillingType, UsageRater>> = {
  per_session: ratePerSession,
  per_hour: ratePerHour,
};

/** Factory: the usage rater of a billing type. */
export function usageRaterFor(billingType: BillingType): UsageRater {
  const rater = USAGE_RATERS[billingType];
  if (!rater) throw new RangeError(`Unknown billing type: ${String(billingType)}`);
  return rater;
}

/** The usage line of each billing type. */
export const USAGE_LINE: Readonly<Record<BillingType, { kind: BillLineKind; description: string }>> = {
  per_session: { kind: 'sessions', description: 'Remote sessions' },
  per_hour: { kind: 'hours', description: 'Session hours' },
};

/**
 * Per device: a 'devices' line of count × device rate (prorated on a short period, rounded once for the
 * line), or null when no device was active.
 */
export function rateDevices(deviceCount: number, plan: PlanSnapshot, proration?: Proration | null): BillLine | null {
  nonNegativeInteger(deviceCount, 'deviceCount');
  if (deviceCount === 0) return null;
  if (proration) assertProration(proration);
  const short = !!proration && proration.coveredSeconds < proration.periodSeconds;
  return {
    kind: 'devices',
    description: short ? `Unattended devices, prorated to ${coveredPercent(proration!)} of the period` : 'Unattended devices',
    quantity: deviceCount,
    unit: 'device',
    unitAmountMinor: plan.unattendedDeviceRateMinor,
    amountMinor: prorate(multiplyRate(deviceCount, plan.unattendedDeviceRateMinor), proration),
  };
}

/**
 * Rates one period: the usage line of the plan's billing type (always present), a 'devices'
 * line when devices were active, and a 'late_usage' line, rated exactly like the usage line,
 * for sessions of earlier periods that arrived after those were billed. Subtotal = sum of lines.
 */
export function rateBill(input: RateBillInput): RatedBill {
  const { plan, sessionDurations, lateSessionDurations, deviceCount, proration } = input;
  assertPlanSnapshot(plan);
  const rate = usageRaterFor(plan.billingType);
  const lines: BillLine[] = [{ ...USAGE_LINE[plan.billingType], ...rate(plan, sessionDurations) }];
  const devices = rateDevices(deviceCount, plan, proration);
  if (devices) lines.push(devices);
  if (lateSessionDurations.length > 0) {
    lines.push({ kind: 'late_usage', description: 'Late usage from earlier periods', ...rate(plan, lateSessionDurations) });
  }
  return { lines, subtotalMinor: sumMinor(lines.map((line) => line.amountMinor)) };
}

/**
 * Rates a late-usage bill: the sessions of an ended association that arrived after its final bill. One
 * 'late_usage' line, rated like the usage line under the association's plan snapshot.
 */
export function rateLateUsageBill(plan: PlanSnapshot, lateSessionDurations: readonly number[]): RatedBill {
  assertPlanSnapshot(plan);
  const lines: BillLine[] = [
    { kind: 'late_usage', description: 'Late usage from earlier periods', ...usageRaterFor(plan.billingType)(plan, lateSessionDurations) },
  ];
  return { lines, subtotalMinor: sumMinor(lines.map((line) => line.amountMinor)) };
}
