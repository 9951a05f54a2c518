import { DEFAULT_RETRY_SCHEDULE_SECONDS, nextAttemptAt, parseRetryAfter, parseRetrySchedule, retryDelayMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  const mid = () => 0.5; // no jitter: factor 0.9 + 0.2 × 0.5 = 1
  const T = new Date('2026-03-01T12:00:00.000Z');

  it('is the Standard Webhooks example schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    expect(DEFAULT_RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, DEFAULT_RETRY_SCHEDULE_SECONDS, mid))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000,
    ]);
  });

  it('repeats the last delay past the end of the list', () => {
    expect(retryDelayMs(10, [5, 60], mid)).toBe(60_000);
    expect(retryDelayMs(3, [5, 60], mid)).toBe(60_000);
  });

  it('adds ±10 % jitter: 0.9× at random 0, 1.1× just below 1', () => {
    expect(retryDelayMs(2, [300], () => 0)).toBe(270_000);
    expect(retryDelayMs(2, [300], () => 0.999999)).toBe(330_000); // 329,999.94 rounded
    expect(retryDelayMs(1, [5], () => 0.25)).toBe(4_750); // 5 s × 0.95
  });

  it('schedules from the failure instant, and gives up after the last attempt', () => {
    expect(nextAttemptAt(T, 1, 10, DEFAULT_RETRY_SCHEDULE_SECONDS, { random: mid })).toEqual(new Date('2026-03-01T12:00:05.000Z'));
    expect(nextAttemptAt(T, 3, 10, DEFAULT_RETRY_SCHEDULE_SECONDS, { random: mid })).toEqual(new Date('2026-03-01T12:30:00.000Z'));
    expect(nextAttemptAt(T, 9, 10, DEFAULT_RETRY_SCHEDULE_SECONDS, { random: mid })).toEqual(new Date('2026-03-02T12:00:00.000Z'));
    expect(nextAttemptAt(T, 10, 10, DEFAULT_RETRY_SCHEDULE_SECONDS, { random: mid })).toBeNull();
    expect(nextAttemptAt(T, 1, 1, DEFAULT_RETRY_SCHEDULE_SECONDS, { random: mid })).toBeNull();
  });

  it("takes the receiver's Retry-After when it asks for longer, at most a day", () => {
    const at = (retryAfterMs: number | null) => nextAttemptAt(T, 1, 10, [5], { random: mid, retryAfterMs });
    expect(at(120_000)).toEqual(new Date('2026-03-01T12:02:00.000Z'));
    expect(at(1_000)).toEqual(new Date('2026-03-01T12:00:05.000Z')); // shorter than the schedule: the schedule wins
    expect(at(7 * 24 * 3600_000)).toEqual(new Date('2026-03-02T12:00:00.000Z'));
    expect(at(null)).toEqual(new Date('2026-03-01T12:00:05.000Z'));
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', T)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', T)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:10:00 GMT', T)).toBe(600_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', T)).toBe(0);
    for (const bad of [undefined, '', '-5', '1.5', 'soon', '2026-03-01T12:10:00Z']) expect(parseRetryAfter(bad, T)).toBeNull();
  });

  it('WEBHOOK_RETRY_SCHEDULE: comma-separated seconds, 1..50 of them, each at most a week', () => {
    expect(parseRetrySchedule('5,300, 1800')).toEqual([5, 300, 1800]);
    expect(parseRetrySchedule('0')).toEqual([0]);
    expect(parseRetrySchedule('604800')).toEqual([604800]);
    for (const bad of ['', ' ', '5,,6', '1.5', '-1', '604801', 'a', Array(51).fill('1').join(',')]) {
      expect(parseRetrySchedule(bad)).toBeNull();
    }
  });

  it('refuses attempt numbers below 1 and an empty schedule', () => {
    expect(() => retryDelayMs(0, [5])).toThrow(RangeError);
    expect(() => retryDelayMs(1, [])).toThrow(RangeError);
  });
});
