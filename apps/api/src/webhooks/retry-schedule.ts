/**
 * When a failed webhook delivery is tried again: pure, so the schedule is tested by hand (retry-schedule.spec.ts).
 *
 * The default follows the Standard Webhooks specification's example schedule: the first attempt at once, then
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after each failure (10 attempts over about 3 days); past
 * the end of the list its last delay repeats. Each delay gets ±10 % jitter, so receivers that failed together (an
 * outage) are not hit again all in the same second. A `Retry-After` of the receiver (429, 503) is honoured when it
 * asks for longer, up to a day.
 */
export const DEFAULT_RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

/** ±10 %: the delay is `base × (0.9 + 0.2 × random())`. */
export const RETRY_JITTER = 0.1;

/** A receiver's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * The wait after attempt `failedAttempt` (1, 2, …) failed: the schedule's entry for it (the last one past its end)
 * with jitter, in whole milliseconds. `random` returns [0, 1) like Math.random.
 */
export function retryDelayMs(failedAttempt: number, scheduleSeconds: readonly number[], random: () => number = Math.random): number {
  if (!Number.isInteger(failedAttempt) || failedAttempt < 1) throw new RangeError(`failedAttempt must be 1 or more (got ${failedAttempt})`);
  if (scheduleSeconds.length === 0) throw new RangeError('the retry schedule is empty');
  const base = scheduleSeconds[Math.min(failedAttempt, scheduleSeconds.length) - 1] * 1000;
  return Math.round(base * (1 - RETRY_JITTER + 2 * RETRY_JITTER * random()));
}

/**
 * When the delivery whose attempt `failedAttempt` failed at `failedAt` is tried next, or null when that was its
 * last attempt (`maxAttempts`): it is then `failed`. `retryAfterMs` is the receiver's Retry-After, if it sent one.
 */
export function nextAttemptAt(
  failedAt: Date,
  failedAttempt: number,
  maxAttempts: number,
  scheduleSeconds: readonly number[],
  opts: { random?: () => number; retryAfterMs?: number | null } = {},
): Date | null {
  if (failedAttempt >= maxAttempts) return null;
  const delay = Math.max(retryDelayMs(failedAttempt, scheduleSeconds, opts.random), Math.min(opts.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return new Date(failedAt.getTime() + delay);
}

/**
 * A Retry-After header (RFC 9110: delay-seconds or an HTTP date) as milliseconds from `now`; null when absent or
 * not one of the two.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000;
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * WEBHOOK_RETRY_SCHEDULE: comma-separated delays in seconds (`5,300,1800`), 1..50 of them, each 0..604800 (a week).
 * Null when the text is not such a list.
 */
export function parseRetrySchedule(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length < 1 || parts.length > 50 || !parts.every((p) => /^\d{1,6}$/.test(p))) return null;
  const seconds = parts.map(Number);
  return seconds.every((s) => s <= 604800) ? seconds : null;
}
