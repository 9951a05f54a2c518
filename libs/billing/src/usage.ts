/**
 * Usage: which sessions and devices a bill counts.
 *
 * Rules:
 * - A session's duration is whole seconds, partial seconds dropped (end >= start).
 * - A session belongs to the period in which it started. A bill takes the not-yet-billed sessions
 *   that started in [bill start date, period end); those that started before the period start
 *   are late usage.
 * - A device counts in a period when [enrolledAt, removedAt) overlaps [start, end); a device
 *   never removed has removedAt null. A device enrolled and removed at the same instant never counts.
 * - A device's enrolment history is a list of such intervals (removed, enrolled again, …); it counts
 *   once in a period when any of its intervals overlaps it.
 */

/** A span of instants [start, end), e.g. a Period. */
export interface InstantRange {
  start: Date;
  end: Date;
}

/** An unattended device's enrolment. */
export interface DeviceEnrolment {
  enrolledAt: Date;
  removedAt?: Date | null;
}

function ms(value: Date, name: string): number {
  const time = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(time)) throw new RangeError(`${name} must be a valid Date`);
  return time;
}

/** Whole seconds from `startedAt` to `endedAt`, partial seconds dropped; throws when end < start. */
export function durationSeconds(startedAt: Date, endedAt: Date): number {
  const elapsed = ms(endedAt, 'endedAt') - ms(startedAt, 'startedAt');
  if (elapsed < 0) throw new RangeError('A session cannot end before it starts');
  return Math.floor(elapsed / 1000);
}

/** True when the device's [enrolledAt, removedAt) shares at least one instant with [start, end). */
export function isDeviceActiveIn(device: DeviceEnrolment, range: InstantRange): boolean {
  const enrolled = ms(device.enrolledAt, 'enrolledAt');
  const removed = device.removedAt == null ? Infinity : ms(device.removedAt, 'removedAt');
  return Math.max(enrolled, ms(range.start, 'start')) < Math.min(removed, ms(range.end, 'end'));
}
