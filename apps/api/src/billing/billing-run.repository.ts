import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A due association with everything a bill copies from it, its plan and its department. */
export interface DueAssociation {
  organizationId: string;
  id: string;
  planId: string;
  departmentId: string;
  billingCycle: 'weekly' | 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';
  billStartDate: string;
  dueDays: number;
  billingAddress: unknown;
  recipients: string[];
  timeZone: string;
  endedAt: Date | null;
  nextPeriodIndex: number;
  planName: string;
  departmentName: string;
  currency: string;
  billingType: 'per_session' | 'per_hour';
  sessionRateMinor: number | null;
  hourRateMinor: number | null;
  unattendedDeviceRateMinor: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
}

/** One bill to make: an association's period, with the range of unbilled sessions it takes. */
export interface BillSlot {
  billId: string;
  organizationId: string;
  departmentId: string;
  /** Sessions started in [takeFrom, periodEnd) are taken; those before periodStart are late usage. */
  takeFrom: Date;
  periodStart: Date;
  periodEnd: Date;
}

export interface NewBill {
  organizationId: string;
  id: string;
  sequence: number;
  number: string;
  associationId: string;
  departmentId: string;
  planId: string;
  periodIndex: number;
  periodStart: Date;
  periodEnd: Date;
  issueDate: string;
  dueDate: string;
  timeZone: string;
  currency: string;
  departmentName: string;
  planName: string;
  planSnapshot: unknown;
  billingAddress: unknown;
  recipients: string[];
  status: 'unpaid' | 'paid';
  subtotalMinor: number;
  totalMinor: number;
  balanceMinor: number;
  lines: { kind: string; description: string; quantity: number; unit: string; unitAmountMinor: number; amountMinor: number }[];
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The billing run's SQL, set-based: one statement per step for a whole batch of bills.
 * Every method runs inside the caller's transaction.
 */
@Injectable()
export class BillingRunRepository {
  /** Organizations with at least one due association. */
  async organizationsWithDueWork(m: EntityManager, asOf: Date, organizationId?: string): Promise<string[]> {
    const rows: { organization_id: string }[] = await m.query(
      `SELECT DISTINCT organization_id FROM associations
        WHERE next_period_end <= $1 AND (ended_at IS NULL OR next_period_start < ended_at)
          AND ($2::uuid IS NULL OR organization_id = $2)`,
      [asOf, organizationId ?? null],
    );
    return rows.map((r) => r.organization_id);
  }

  /**
   * Claims up to `limit` due associations of one organization: locked FOR UPDATE, skipping rows another
   * run holds, so several instances share the work and never bill one twice.
   */
  async claimDue(m: EntityManager, organizationId: string, asOf: Date, limit: number): Promise<DueAssociation[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `WITH due AS (
         SELECT organization_id, id FROM associations
          WHERE organization_id = $1 AND next_period_end <= $2 AND (ended_at IS NULL OR next_period_start < ended_at)
          ORDER BY next_period_end, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED
       )
       SELECT a.organization_id, a.id, a.plan_id, a.department_id, a.billing_cycle, to_char(a.bill_start_date, 'YYYY-MM-DD') AS bill_start_date,
              a.due_days, a.billing_address, a.recipients, a.time_zone, a.ended_at, a.next_period_index,
              p.name AS plan_name, d.name AS department_name, p.currency, p.billing_type, p.session_rate_minor, p.hour_rate_minor,
              p.unattended_device_rate_minor, p.billing_increment_minutes, p.minimum_billable_minutes
         FROM due
         JOIN associations a ON a.organization_id = due.organization_id AND a.id = due.id
         JOIN plans p ON p.organization_id = a.organization_id AND p.id = a.plan_id
         JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id`,
      [organizationId, asOf, limit],
    );
    return rows.map((r) => ({
      organizationId: r.organization_id as string, id: r.id as string, planId: r.plan_id as string, departmentId: r.department_id as string,
      billingCycle: r.billing_cycle as DueAssociation['billingCycle'], billStartDate: r.bill_start_date as string, dueDays: r.due_days as number,
      billingAddress: r.billing_address, recipients: r.recipients as string[], timeZone: r.time_zone as string,
      endedAt: r.ended_at as Date | null, nextPeriodIndex: r.next_period_index as number,
      planName: r.plan_name as string, departmentName: r.department_name as string, currency: (r.currency as string).trim(),
      billingType: r.billing_type as DueAssociation['billingType'], sessionRateMinor: n(r.session_rate_minor), hourRateMinor: n(r.hour_rate_minor),
      unattendedDeviceRateMinor: Number(r.unattended_device_rate_minor), billingIncrementMinutes: r.billing_increment_minutes as number,
      minimumBillableMinutes: r.minimum_billable_minutes as number,
    }));
  }

  /**
   * Marks every unbilled session each slot takes with the slot's bill, and returns their durations split
   * into current and late. Marking and reading are one statement, so a session arriving meanwhile is
   * either in this bill (marked and rated) or left for the next one: never marked without being rated.
   */
  async takeSessions(m: EntityManager, slots: BillSlot[]): Promise<Map<string, { current: number[]; late: number[] }>> {
    const out = new Map<string, { current: number[]; late: number[] }>();
    if (slots.length === 0) return out;
    const rows: { bill_id: string; late: boolean; durations: number[] }[] = await m.query(
      `WITH slot AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])
           AS t(bill_id, organization_id, department_id, take_from, period_start, period_end)
       ), marked AS (
         UPDATE sessions s SET bill_id = slot.bill_id
           FROM slot
          WHERE s.organization_id = slot.organization_id AND s.department_id = slot.department_id
            AND s.bill_id IS NULL AND s.started_at >= slot.take_from AND s.started_at < slot.period_end
         RETURNING s.bill_id, s.duration_seconds, s.started_at < slot.period_start AS late
       )
       SELECT bill_id, late, array_agg(duration_seconds) AS durations FROM marked GROUP BY bill_id, late`,
      [
        slots.map((s) => s.billId), slots.map((s) => s.organizationId), slots.map((s) => s.departmentId),
        slots.map((s) => s.takeFrom), slots.map((s) => s.periodStart), slots.map((s) => s.periodEnd),
      ],
    );
    for (const r of rows) {
      const entry = out.get(r.bill_id) ?? { current: [], late: [] };
      (r.late ? entry.late : entry.current).push(...r.durations.map(Number));
      out.set(r.bill_id, entry);
    }
    return out;
  }

  /** Devices active at any moment of each slot's period ([enrolledAt, removedAt) overlaps it). */
  async countDevices(m: EntityManager, slots: BillSlot[]): Promise<Map<string, number>> {
    if (slots.length === 0) return new Map();
    const rows: { bill_id: string; n: number }[] = await m.query(
      `SELECT slot.bill_id, count(dv.id)::int AS n
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[])
           AS slot(bill_id, organization_id, department_id, period_start, period_end)
         JOIN devices dv ON dv.organization_id = slot.organization_id AND dv.department_id = slot.department_id
          AND dv.enrolled_at < slot.period_end AND (dv.removed_at IS NULL OR dv.removed_at > slot.period_start)
        GROUP BY slot.bill_id`,
      [slots.map((s) => s.billId), slots.map((s) => s.organizationId), slots.map((s) => s.departmentId), slots.map((s) => s.periodStart), slots.map((s) => s.periodEnd)],
    );
    return new Map(rows.map((r) => [r.bill_id, r.n]));
  }

  /**
   * Reserves `count` consecutive bill numbers for the organization. The sequence row stays locked until the
   * transaction ends, so numbers are gapless: a rolled-back run gives its numbers back.
   */
  async reserveSequence(m: EntityManager, organizationId: string, count: number): Promise<number> {
    await m.query('INSERT INTO bill_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING', [organizationId]);
    // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
    const [rows]: [{ last_value: string }[], number] = await m.query(
      'UPDATE bill_sequences SET last_value = last_value + $2 WHERE organization_id = $1 RETURNING last_value', [organizationId, count],
    );
    return Number(rows[0].last_value) - count + 1;
  }

  async insertBills(m: EntityManager, bills: NewBill[]): Promise<void> {
    if (bills.length === 0) return;
    const col = <K extends keyof NewBill>(k: K) => bills.map((b) => b[k]);
    await m.query(
      `INSERT INTO bills (organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                          issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                          status, subtotal_minor, adjustments_minor, total_minor, paid_minor, balance_minor)
       SELECT t.organization_id, t.id, t.sequence, t.number, t.association_id, t.department_id, t.plan_id, t.period_index, t.period_start, t.period_end,
              t.issue_date, t.due_date, t.time_zone, t.currency, t.department_name, t.plan_name, t.plan_snapshot, t.billing_address,
              ARRAY(SELECT jsonb_array_elements_text(t.recipients)), t.status, t.subtotal_minor, 0, t.total_minor, 0, t.balance_minor
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::int[], $9::timestamptz[], $10::timestamptz[],
                     $11::date[], $12::date[], $13::text[], $14::text[], $15::text[], $16::text[], $17::jsonb[], $18::jsonb[], $19::jsonb[],
                     $20::text[], $21::bigint[], $22::bigint[], $23::bigint[])
           AS t(organization_id, id, sequence, number, association_id, department_id, plan_id, period_index, period_start, period_end,
                issue_date, due_date, time_zone, currency, department_name, plan_name, plan_snapshot, billing_address, recipients,
                status, subtotal_minor, total_minor, balance_minor)`,
      [
        col('organizationId'), col('id'), col('sequence'), col('number'), col('associationId'), col('departmentId'), col('planId'),
        col('periodIndex'), col('periodStart'), col('periodEnd'), col('issueDate'), col('dueDate'), col('timeZone'), col('currency'),
        col('departmentName'), col('planName'), bills.map((b) => JSON.stringify(b.planSnapshot)), bills.map((b) => JSON.stringify(b.billingAddress)),
        bills.map((b) => JSON.stringify(b.recipients)), col('status'), col('subtotalMinor'), col('totalMinor'), col('balanceMinor'),
      ],
    );
    const lines = bills.flatMap((b) => b.lines.map((l, i) => ({ ...l, organizationId: b.organizationId, billId: b.id, position: i + 1 })));
    await m.query(
      `INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::bigint[], $9::bigint[])`,
      [
        lines.map((l) => l.organizationId), lines.map((l) => l.billId), lines.map((l) => l.position), lines.map((l) => l.kind),
        lines.map((l) => l.description), lines.map((l) => l.quantity), lines.map((l) => l.unit), lines.map((l) => l.unitAmountMinor),
        lines.map((l) => l.amountMinor),
      ],
    );
  }

  /** Moves each association to its next unbilled period. */
  async advance(m: EntityManager, rows: { organizationId: string; id: string; index: number; start: Date; end: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `UPDATE associations a SET next_period_index = t.idx, next_period_start = t.start_at, next_period_end = t.end_at, updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[]) AS t(organization_id, id, idx, start_at, end_at)
        WHERE a.organization_id = t.organization_id AND a.id = t.id`,
      [rows.map((r) => r.organizationId), rows.map((r) => r.id), rows.map((r) => r.index), rows.map((r) => r.start), rows.map((r) => r.end)],
    );
  }
}
