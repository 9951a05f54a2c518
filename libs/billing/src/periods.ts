/**
 * Billing cycles and periods, computed in an IANA time zone from a bill start date (the anchor).
 *
 * Rules:
 * - Period n is [boundary(n), boundary(n + 1)). Boundary n is the anchor + n weeks (weekly) or
 *   the anchor + n·k months (k = 1, 3, 6, 12), the day of month being the anchor's day clamped
 *   to the month's last day. It is always computed from the anchor, so 31 Jan → 28/29 Feb →
 *   31 Mar → 30 Apr: the cycle returns to the anchor day.
 * - A boundary instant is the FIRST instant of its local day: local midnight, or, where a DST
 *   change skips midnight (America/Santiago, America/Havana, …), the end of the gap (01:00).
 *   DST never shifts a boundary: a period simply has a 23- or 25-hour day.
 */
import { addDays, clampedDate, instantMs, parseDate, startOfDay } from './calendar';

/** How often an association is billed. */
export type BillingCycle = 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

/** Every billing cycle, shortest first. */
export const BILLING_CYCLES: readonly BillingCycle[] = Object.freeze(['weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly'] as const);

/** One billing period: the instants [start, end) and its first and last local days. */
export interface Period {
  index: number;
  start: Date;
  end: Date;
  startDate: string;
  lastDate: string;
}

const MONTHS_PER_CYCLE: Readonly<Record<BillingCycle, number>> = {
  weekly: 0,
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
  yearly: 12,
};

/** True for a BillingCycle name. */
export function isBillingCycle(value: string): value is BillingCycle {
  return (BILLING_CYCLES as readonly string[]).includes(value);
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index)) throw new RangeError(`Period index must be a safe integer, got ${index}`);
}

/** Local day on which period `index` starts (the anchor's day, clamped to the month's end). */
export function boundaryDate(cycle: BillingCycle, billStartDate: string, index: number): string {
  if (!isBillingCycle(cycle)) throw new RangeError(`Unknown billing cycle: ${String(cycle)}`);
  checkIndex(index);
  const { year, month, day } = parseDate(billStartDate);
  const months = MONTHS_PER_CYCLE[cycle];
  if (months === 0) return addDays(billStartDate, 7 * index);
  const total = year * 12 + (month - 1) + index * months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = total - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) throw new RangeError(`Period ${index} is out of range`);
  return clampedDate(targetYear, targetMonth, day);
}

/**
 * Period number `index` (0 = the one starting on the bill start date; negative indexes are the
 * virtual periods before it) of an association billed every `cycle` from `billStartDate` in `timeZone`.
 */
export function periodAt(cycle: BillingCycle, billStartDate: string, timeZone: string, index: number): Period {
  const startDate = boundaryDate(cycle, billStartDate, index);
  return periodFrom(cycle, billStartDate, timeZone, index, startDate, startOfDay(startDate, timeZone));
}

/** Period `index` when its start is already known (consecutive periods share a boundary). */
function periodFrom(cycle: BillingCycle, billStartDate: string, timeZone: string, index: number, startDate: string, start: Date): Period {
  const nextDate = boundaryDate(cycle, billStartDate, index + 1);
  return { index, start, end: startOfDay(nextDate, timeZone), startDate, lastDate: addDays(nextDate, -1) };
}

/** Input of `closedPeriods`. */
export interface ClosedPeriodsInput {
  cycle: BillingCycle;
  billStartDate: string;
  timeZone: string;
  asOf: Date;
  fromIndex?: number;
  endedAt?: Date | null;
  maxPeriods?: number;
}

/** Default cap of `closedPeriods`, against absurd ranges (1000 weeks is about 19 years). */
export const DEFAULT_MAX_PERIODS = 1000;

/**
 * The periods to bill: every period with index >= fromIndex (default 0) that has closed
 * (end <= asOf, so a period closes at the exact instant of its end), oldest first. An ended
 * association (endedAt) gets no period that starts at or after its end; a period that started
 * before the end is still billed once it closes. At most maxPeriods (default 1000) are returned;
 * call again from the next index for the rest.
 */
export function closedPeriods(input: ClosedPeriodsInput): Period[] {
  const { cycle, billStartDate, timeZone, fromIndex = 0, maxPeriods = DEFAULT_MAX_PERIODS } = input;
  const asOf = instantMs(input.asOf, 'asOf');
  const endedAt = input.endedAt == null ? Infinity : instantMs(input.endedAt, 'endedAt');
  if (!Number.isSafeInteger(fromIndex) || fromIndex < 0) throw new RangeError(`fromIndex must be >= 0, got ${fromIndex}`);
  if (!Number.isSafeInteger(maxPeriods) || maxPeriods < 1) throw new RangeError(`maxPeriods must be >= 1, got ${maxPeriods}`);
  const periods: Period[] = [];
  let period = periodAt(cycle, billStartDate, timeZone, fromIndex);
  while (period.end.getTime() <= asOf && period.start.getTime() < endedAt) {
    periods.push(period);
    if (periods.length === maxPeriods) break;
    const { index, end } = period; // the next period starts where this one ends
    period = periodFrom(cycle, billStartDate, timeZone, index + 1, boundaryDate(cycle, billStartDate, index + 1), end);
  }
  return periods;
}

/**
 * Issue and due dates of the bill for `period`: issued on the period's last local day, due
 * `dueDays` (an integer >= 0) calendar days later.
 */
export function billDates(period: Pick<Period, 'lastDate'>, dueDays: number): { issueDate: string; dueDate: string } {
  if (!Number.isSafeInteger(dueDays) || dueDays < 0) throw new RangeError(`dueDays must be an integer >= 0, got ${dueDays}`);
  return { issueDate: period.lastDate, dueDate: addDays(period.lastDate, dueDays) };
}

/**
 * The index (0 ..< `count`) of the period that holds `instant`, among the first `count` periods (binary search over
 * `periodAt`). An instant before period 0 answers 0 and one after period count-1 answers count-1: the first and last
 * periods take what lies beyond them (an association's interval may start before its bill start date).
 */
export function periodIndexAt(cycle: BillingCycle, billStartDate: string, timeZone: string, instant: Date, count: number): number {
  const t = instantMs(instant, 'instant');
  if (!Number.isSafeInteger(count) || count < 1) throw new RangeError(`count must be >= 1, got ${count}`);
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (periodAt(cycle, billStartDate, timeZone, mid).start.getTime() <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
