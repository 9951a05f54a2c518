/**
 * The association lifecycle: the rules that keep "every covered session billed exactly once" true at the
 * edges of an association's life.
 *
 * Rules:
 * - An association covers the interval [startsAt, endedAt): startsAt is the first instant of its bill start
 *   date in its time zone; endedAt is null while it has no end. A department's associations never overlap.
 * - A session belongs to the association whose interval holds its start, and to that association's period
 *   that holds it. A session no association covers is never billed (but it is listed and counted).
 * - The last period of an ended association ends at the end: [period start, endedAt), a short period.
 *   Fixed per-period charges on it are prorated by the seconds it covers (see `prorationOf`).
 * - An end is never before the association's start, nor before the end of its last billed period; it may
 *   be in the future (scheduled).
 * - A new association, or an edit of one, never starts before the end of the department's previous one.
 */
import { InstantRange } from './usage';
import type { Proration } from './rating';

/** An association's interval of time: [startsAt, endedAt), endedAt null when open-ended. */
export interface AssociationInterval {
  startsAt: Date;
  endedAt: Date | null;
}

function ms(value: Date, name: string): number {
  const time = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(time)) throw new RangeError(`${name} must be a valid Date`);
  return time;
}

/** True when the association's interval holds `instant` (startsAt <= instant < endedAt). */
export function covers(interval: AssociationInterval, instant: Date): boolean {
  const t = ms(instant, 'instant');
  return ms(interval.startsAt, 'startsAt') <= t && (interval.endedAt == null || t < ms(interval.endedAt, 'endedAt'));
}

/** Where a period of the association really ends: its end, or the association's end when that comes first. */
export function coveredEnd(period: InstantRange, endedAt: Date | null): Date {
  if (endedAt == null || ms(endedAt, 'endedAt') >= ms(period.end, 'end')) return period.end;
  return endedAt;
}

/**
 * The proration of a short period (the part [start, endedAt) of a period the association's end cuts short),
 * in whole seconds; null for a full period.
 */
export function prorationOf(period: InstantRange, endedAt: Date | null): Proration | null {
  const end = coveredEnd(period, endedAt);
  if (end === period.end) return null;
  const start = ms(period.start, 'start');
  return {
    coveredSeconds: Math.max(0, Math.floor((ms(end, 'endedAt') - start) / 1000)),
    periodSeconds: Math.floor((ms(period.end, 'end') - start) / 1000),
  };
}

/** Why an end can not be set, or null when it can. */
export type EndErrorCode = 'END_BEFORE_START' | 'END_BEFORE_BILLED_PERIOD';

/**
 * Checks an association's end: not before its start (an end exactly at the start cancels it: it covers
 * nothing), not before `billedThrough` (the end of its last billed period, null when nothing is billed).
 */
export function checkEnd(input: { startsAt: Date; billedThrough: Date | null; endedAt: Date }): EndErrorCode | null {
  const end = ms(input.endedAt, 'endedAt');
  if (end < ms(input.startsAt, 'startsAt')) return 'END_BEFORE_START';
  if (input.billedThrough && end < ms(input.billedThrough, 'billedThrough')) return 'END_BEFORE_BILLED_PERIOD';
  return null;
}

/**
 * True when an association starting at `startsAt` fits after the department's previous associations, whose
 * latest end is `previousEnd` (null when there is none).
 */
export function startsAfterPrevious(startsAt: Date, previousEnd: Date | null): boolean {
  return previousEnd == null || ms(startsAt, 'startsAt') >= ms(previousEnd, 'previousEnd');
}
