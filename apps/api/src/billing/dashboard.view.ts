import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { ApiInstant, ApiInteger } from '../common/openapi';
import type { ExactInteger } from './dashboard.repository';
import { OpenBillingFailureView } from './billing-runs.view';

/**
 * A sum of amounts in integer minor units, written as a JSON integer with all its digits: it may exceed 2^53
 * (common/exact-json.interceptor.ts), where a JavaScript `JSON.parse` rounds it; read it with a parser that
 * keeps big integers exact (e.g. lossless-json) when that matters.
 */
const ApiExactMinor = (description: string) =>
  ApiProperty({
    type: 'integer',
    format: 'int64',
    description: `${description}; integer minor units, written exactly and possibly beyond 2^53 (parse with a big-integer-aware JSON parser)`,
  } as ApiPropertyOptions);

/** One currency's totals over all its bills, void bills excluded. */
export class CurrencyTotalsView {
  /** ISO 4217 */
  currency: string;
  @ApiExactMinor('Sum of the totals of the bills, with their supplementary invoices and less their credit notes') billedMinor: ExactInteger;
  @ApiExactMinor('Sum of what was paid') collectedMinor: ExactInteger;
  @ApiExactMinor('Balance of the unpaid bills') outstandingMinor: ExactInteger;
  @ApiExactMinor('Balance of the unpaid bills past their due date (in the time zone of each bill)') overdueMinor: ExactInteger;
  /** Bills in this currency. */
  @ApiInteger() bills: number;
}

/** One month's and currency's totals, by the bills' issue date, void bills excluded. */
export class MonthTotalsView {
  /** `YYYY-MM` of the issue date */
  @ApiProperty({ pattern: '^\\d{4}-\\d{2}$', example: '2026-01' }) month: string;
  /** ISO 4217 */
  currency: string;
  @ApiExactMinor('Sum of the totals of the bills issued that month, with their corrections (counted in the bill’s month)')
  billedMinor: ExactInteger;
  @ApiExactMinor('Sum of what was paid on those bills (whenever paid)') collectedMinor: ExactInteger;
}

/** `GET /dashboard`: each section is one field, read in parallel. */
export class DashboardView {
  /** Per currency, alphabetical. */
  currencies: CurrencyTotalsView[];
  /** The last 12 months of issue dates, oldest first; months without bills are left out. */
  months: MonthTotalsView[];
  /** When the billing cron runs next; null when it is off. */
  @ApiInstant({ nullable: true }) nextBillingRunAt: string | null;
  /** Associations whose last billing attempt failed (retried by every run until they bill). */
  billingFailures: OpenBillingFailureView[];
  /** Sessions no association covers: never billed; listed by `GET /sessions?coverage=uncovered`. */
  @ApiInteger() uncoveredSessions: number;
  /** Drafts waiting for review (`GET /bills?status=draft`); they count in no total until they are issued. */
  @ApiInteger() draftsToReview: number;
}
