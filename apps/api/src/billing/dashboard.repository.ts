import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COVERED } from '../usage/sessions.repository';
import { overdue } from './bills.repository';

/**
 * An exact integer: a number when it is a safe integer, else a bigint (sums of many bills can pass 2^53).
 * The dashboard's response is written with lossless-json, so both come out as plain JSON integers.
 */
export type ExactInteger = number | bigint;

export interface CurrencyTotals {
  currency: string;
  billedMinor: ExactInteger;
  collectedMinor: ExactInteger;
  outstandingMinor: ExactInteger;
  overdueMinor: ExactInteger;
  bills: number;
}

export interface MonthTotals {
  /** YYYY-MM of the issue date */
  month: string;
  currency: string;
  billedMinor: ExactInteger;
  collectedMinor: ExactInteger;
}

/** Integer text from PostgreSQL (a numeric sum, exact at any size) → an exact integer; null (no rows) → 0. */
export function exactInteger(text: unknown): ExactInteger {
  if (text === null || text === undefined) return 0;
  const value = BigInt(String(text));
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * The dashboard's queries. Sums stay numeric in SQL (sum of bigint is numeric: no overflow, no rounding) and
 * travel as text, so no total goes through a float.
 */
@Injectable()
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sessions no association covers: never billed, counted so nothing disappears silently (only unbilled rows are read). */
  async uncoveredSessions(organizationId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM sessions s WHERE s.organization_id = $1 AND s.bill_id IS NULL AND NOT ${COVERED}`,
      [organizationId],
    );
    return rows[0].n;
  }

  /** Drafts waiting for review (not issued yet: outside every total below). */
  async draftsToReview(organizationId: string): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM bills WHERE organization_id = $1 AND status = 'draft'`,
      [organizationId],
    );
    return rows[0].n;
  }

  /** Totals per currency of the organization's issued bills, void bills and drafts excluded; overdue in each bill's own time zone. */
  async currencyTotals(organizationId: string, now: Date): Promise<CurrencyTotals[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT b.currency, sum(b.total_minor + b.supplementary_minor - b.credited_minor)::text AS billed, sum(b.paid_minor)::text AS collected,
              sum(b.balance_minor) FILTER (WHERE b.status = 'unpaid')::text AS outstanding,
              sum(b.balance_minor) FILTER (WHERE ${overdue('$2')})::text AS overdue,
              count(*)::int AS bills
         FROM bills b WHERE b.organization_id = $1 AND b.status NOT IN ('void', 'draft') GROUP BY b.currency ORDER BY b.currency`,
      [organizationId, now],
    );
    return rows.map((r) => ({
      currency: String(r.currency).trim(),
      billedMinor: exactInteger(r.billed),
      collectedMinor: exactInteger(r.collected),
      outstandingMinor: exactInteger(r.outstanding),
      overdueMinor: exactInteger(r.overdue),
      bills: Number(r.bills),
    }));
  }

  /** Billed and collected per month of issue and currency over the last 12 months, void bills excluded. */
  async monthTotals(organizationId: string, now: Date): Promise<MonthTotals[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT to_char(issue_date, 'YYYY-MM') AS month, currency, sum(total_minor + supplementary_minor - credited_minor)::text AS billed, sum(paid_minor)::text AS collected
         FROM bills WHERE organization_id = $1 AND status NOT IN ('void', 'draft') AND issue_date >= ($2::timestamptz - interval '12 months')::date
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [organizationId, now],
    );
    return rows.map((r) => ({
      month: r.month as string,
      currency: String(r.currency).trim(),
      billedMinor: exactInteger(r.billed),
      collectedMinor: exactInteger(r.collected),
    }));
  }
}
