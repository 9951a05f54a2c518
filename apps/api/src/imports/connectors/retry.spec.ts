import { backoffMs, DEFAULT_RETRY, retryAfterMs } from './retry';

describe('connector retries', () => {
  const now = Date.parse('2026-12-08T10:00:00Z');

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('1', now)).toBe(1000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 08 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 08 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('-1', now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });

  it('backs off exponentially with jitter between half and all of the ceiling, capped', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, DEFAULT_RETRY, () => 0))).toEqual([500, 1000, 2000]);
    expect([1, 2, 3].map((a) => backoffMs(a, DEFAULT_RETRY, () => 1))).toEqual([1000, 2000, 4000]);
    expect(backoffMs(20, DEFAULT_RETRY, () => 1)).toBe(DEFAULT_RETRY.maxBackoffMs);
  });
});
