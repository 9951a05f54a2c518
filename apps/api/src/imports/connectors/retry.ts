/** How a connector waits when the tool pushes back (429, a 5xx, a dropped connection). */
export interface RetryPolicy {
  /** Attempts of one request in all (the first included). */
  tries: number;
  /** First wait without Retry-After, in ms; doubled on every further attempt. */
  baseMs: number;
  /** Longest wait without Retry-After, in ms. */
  maxBackoffMs: number;
  /** Longest Retry-After honoured within a run, in ms: a longer one ends the run (tried again at the next). */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { tries: 4, baseMs: 1_000, maxBackoffMs: 30_000, maxRetryAfterMs: 120_000 };

/**
 * A Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `nowMs`
 * (0 for a date in the past); null when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null;
  const v = header.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1) without Retry-After: exponential with "equal jitter"
 * (half fixed, half random), so instances that were refused together do not come back together.
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Statuses worth another attempt within the run: rate limited, or the server's passing trouble. */
export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
