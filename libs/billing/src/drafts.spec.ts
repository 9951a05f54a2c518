import { draftOrIssue, issueDateAt, isReviewOver, reviewWindow } from './drafts';

// Every instant below is written by hand from the zone's offset on that day.
describe('review windows', () => {
  it('ends at the end of the scheduled issue day (last day + reviewDays) in the bill zone', () => {
    // January's last day 2026-01-31 + 5 days = 2026-02-05; the window ends at 2026-02-06T00:00 Berlin (UTC+1).
    expect(reviewWindow('2026-01-31', 5, 'Europe/Berlin')).toEqual({
      scheduledIssueDate: '2026-02-05',
      reviewUntil: new Date('2026-02-05T23:00:00Z'),
    });
    // 0 days: when the period ends (the first instant of February in New York, UTC-5).
    expect(reviewWindow('2026-01-31', 0, 'America/New_York').reviewUntil).toEqual(new Date('2026-02-01T05:00:00Z'));
    // Across the spring change: Berlin's 2026-03-30 starts at 22:00Z on the 29th (UTC+2).
    expect(reviewWindow('2026-03-26', 3, 'Europe/Berlin')).toEqual({
      scheduledIssueDate: '2026-03-29',
      reviewUntil: new Date('2026-03-29T22:00:00Z'),
    });
  });

  it.each([-1, 91, 1.5, NaN])('refuses reviewDays %p', (days) => {
    expect(() => reviewWindow('2026-01-31', days, 'UTC')).toThrow(RangeError);
  });

  it('is over at its end, not a millisecond before', () => {
    const w = reviewWindow('2026-01-31', 2, 'UTC'); // ends 2026-02-03T00:00Z
    expect(isReviewOver(w, new Date('2026-02-02T23:59:59.999Z'))).toBe(false);
    expect(isReviewOver(w, new Date('2026-02-03T00:00:00Z'))).toBe(true);
  });

  it('dates an early approval the day it happens, and a draft issued after its window its scheduled day', () => {
    const w = reviewWindow('2026-01-31', 10, 'Asia/Tokyo'); // scheduled 2026-02-10, ends 2026-02-10T15:00Z
    // 2026-02-03T16:00Z is already the 4th in Tokyo (UTC+9).
    expect(issueDateAt(w, new Date('2026-02-03T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-02-04');
    expect(issueDateAt(w, new Date('2026-02-10T14:59:59Z'), 'Asia/Tokyo')).toBe('2026-02-10');
    expect(issueDateAt(w, new Date('2026-05-01T00:00:00Z'), 'Asia/Tokyo')).toBe('2026-02-10');
  });

  it('a run issues at once with 0 days or once the window is over, else keeps a draft', () => {
    const asOf = new Date('2026-02-01T00:00:00Z');
    expect(draftOrIssue({ lastDate: '2026-01-31', reviewDays: 0, timeZone: 'UTC', asOf }).issueNow).toBe(true);
    expect(draftOrIssue({ lastDate: '2026-01-31', reviewDays: 3, timeZone: 'UTC', asOf }).issueNow).toBe(false);
    // A catch-up run months later issues it, dated its scheduled day.
    const late = draftOrIssue({ lastDate: '2026-01-31', reviewDays: 3, timeZone: 'UTC', asOf: new Date('2026-06-01T00:00:00Z') });
    expect([late.issueNow, late.scheduledIssueDate]).toEqual([true, '2026-02-03']);
    // A late-usage bill made on its own last day with 0 days is issued too.
    expect(draftOrIssue({ lastDate: '2026-06-01', reviewDays: 0, timeZone: 'UTC', asOf: new Date('2026-06-01T12:00:00Z') }).issueNow).toBe(
      true,
    );
  });
});
