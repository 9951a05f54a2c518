import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';

/** An association a billing run could not bill; every other association was billed. */
export class BillingFailureView {
  @ApiId() associationId: string;
  departmentName: string;
  planName: string;
  /** The start of the period it was on; null for a late-usage bill. */
  @ApiInstant({ nullable: true }) periodStart: string | null;
  /**
   * Why: `AMOUNT_OUT_OF_RANGE` (an amount beyond what a bill can carry: check the plan's rates), `DATABASE_ERROR`
   * (the message starts with the PostgreSQL error code) or `BILLING_ERROR` (anything else). Treat an unknown code
   * like `BILLING_ERROR`.
   */
  code: string;
  message: string;
}

/** What `POST /billing-runs` did. */
export class BillingRunResultView {
  /** The run in `GET /billing-runs`. */
  @ApiId() id: string;
  /** The run closed every cycle that ended at or before this instant. */
  @ApiInstant() asOf: string;
  /** Bills made: issued at once, or drafts for their review window. */
  @ApiInteger() billsCreated: number;
  /** Drafts (made by earlier runs) whose review window had ended, issued by this run. */
  @ApiInteger() draftsIssued: number;
  /** Distinct associations the run looked at. */
  @ApiInteger() associationsScanned: number;
  /** Associations that could not be billed; they are retried by every run until they bill. */
  failures: BillingFailureView[];
}

/** One recorded run, by the API or the cron. */
export class BillingRunView {
  @ApiId() id: string;
  trigger: 'api' | 'cron';
  @ApiInstant() asOf: string;
  @ApiInstant() startedAt: string;
  @ApiInstant() finishedAt: string;
  @ApiInteger() billsCreated: number;
  @ApiInteger() draftsIssued: number;
  /** Distinct associations the run looked at. */
  @ApiInteger() associationsScanned: number;
  /** The associations it could not bill. */
  failures: BillingFailureView[];
}

/** An association that is failing to bill: its last billing attempt failed, and every run retries it. */
export class OpenBillingFailureView {
  @ApiId() associationId: string;
  @ApiId() departmentId: string;
  departmentName: string;
  @ApiId() planId: string;
  planName: string;
  /** The start of the period it is stuck on; null for a late-usage bill. */
  @ApiInstant({ nullable: true }) periodStart: string | null;
  /**
   * Why: `AMOUNT_OUT_OF_RANGE` (an amount beyond what a bill can carry: check the plan's rates), `DATABASE_ERROR`
   * (the message starts with the PostgreSQL error code) or `BILLING_ERROR` (anything else). Treat an unknown code
   * like `BILLING_ERROR`.
   */
  code: string;
  /** What went wrong the last time. */
  message: string;
  /** Runs that failed to bill it in a row. */
  @ApiInteger() attempts: number;
  @ApiInstant() firstFailedAt: string;
  @ApiInstant() lastFailedAt: string;
}

/** Every association failing to bill (all of them: there is no next page). */
export class OpenBillingFailuresView {
  items: OpenBillingFailureView[];
}
