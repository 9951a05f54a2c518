/**
 * Drafts: a closed period's bill is a draft for its review window, then issued (issue #15).
 *
 * Rules:
 * - The review window is `reviewDays` days (an integer 0..90): the customer's, else the organization's.
 * - A bill's scheduled issue day is its period's last local day + reviewDays; its window ends at the end of
 *   that day, the first instant of the next day in the bill's time zone. With reviewDays 0 the window ends
 *   when the period does, so the bill is issued when it is made, dated the period's last day (as before drafts).
 * - A draft issued when its window has ended (by the cron, or by a billing run as of a later instant) is dated
 *   its scheduled issue day, whenever the run happens (a catch-up run dates its bills as they would have
 *   been). One approved before then is dated the local day it is approved, never after the scheduled day.
 * - A bill made with reviewDays 0 is issued at once, also a late-usage bill made during its own last day.
 * - Due date = issue date + dueDays.
 */
import { addDays, isCalendarDate, localDate, startOfDay } from './calendar';

/** The longest review window, in days. */
export const MAX_REVIEW_DAYS = 90;

/** The review window of a bill whose period's last local day is `lastDate`. */
export interface ReviewWindow {
  /** `YYYY-MM-DD`: the day the bill is issued when nobody approves it earlier */
  scheduledIssueDate: string;
  /** the end of the window (exclusive): the first instant after the scheduled issue day, in the bill's zone */
  reviewUntil: Date;
}

export function assertReviewDays(reviewDays: number): void {
  if (!Number.isSafeInteger(reviewDays) || reviewDays < 0 || reviewDays > MAX_REVIEW_DAYS) {
    throw new RangeError(`reviewDays must be an integer from 0 to ${MAX_REVIEW_DAYS}, got ${reviewDays}`);
  }
}

export function reviewWindow(lastDate: string, reviewDays: number, timeZone: string): ReviewWindow {
  if (!isCalendarDate(lastDate)) throw new RangeError(`lastDate must be a YYYY-MM-DD day, got ${lastDate}`);
  assertReviewDays(reviewDays);
  const scheduledIssueDate = addDays(lastDate, reviewDays);
  return { scheduledIssueDate, reviewUntil: startOfDay(addDays(scheduledIssueDate, 1), timeZone) };
}

/** True when the draft's window has ended at `asOf`: it is issued then. */
export function isReviewOver(window: Pick<ReviewWindow, 'reviewUntil'>, asOf: Date): boolean {
  return window.reviewUntil.getTime() <= asOf.getTime();
}

/**
 * The issue date of a draft issued at `at`: its scheduled day once its window has ended, else (approved early)
 * the local day of `at`, never after the scheduled day.
 */
export function issueDateAt(window: ReviewWindow, at: Date, timeZone: string): string {
  if (isReviewOver(window, at)) return window.scheduledIssueDate;
  const today = localDate(at, timeZone);
  return today < window.scheduledIssueDate ? today : window.scheduledIssueDate;
}

/** What a billing run does with a bill it makes as of `asOf`: issue it at once, or keep it as a draft until `reviewUntil`. */
export function draftOrIssue(input: { lastDate: string; reviewDays: number; timeZone: string; asOf: Date }): ReviewWindow & {
  issueNow: boolean;
} {
  const window = reviewWindow(input.lastDate, input.reviewDays, input.timeZone);
  return { ...window, issueNow: input.reviewDays === 0 || isReviewOver(window, input.asOf) };
}
