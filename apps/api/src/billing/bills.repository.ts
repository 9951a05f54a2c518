import type { CustomerEInvoiceFormat } from '@app/invoicing';
import type { BillLineKind, BillLineUnit, BillStatus, TaxGroup, TaxRate, TaxTreatment } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlConditions } from '../database/sql-conditions';
import type { NewBill } from './billing-run.repository';

export interface BillRow {
  id: string;
  /** The customer's e-invoice format now (departments.einvoice_format) */
  einvoiceFormat: CustomerEInvoiceFormat;
  organizationId: string;
  /** null on a draft */
  number: string | null;
  sequence: number | null;
  status: BillStatus;
  overdue: boolean;
  associationId: string;
  departmentId: string;
  departmentName: string;
  planId: string;
  planName: string;
  /** `period`: one association period; `late_usage`: an ended association's sessions that arrived after its final bill. */
  kind: 'period' | 'late_usage' | 'block';
  /** Null on a late-usage bill. */
  periodIndex: number | null;
  periodStart: Date;
  periodEnd: Date;
  issueDate: string;
  dueDate: string;
  timeZone: string;
  currency: string;
  planSnapshot: Record<string, unknown>;
  billingAddress: Record<string, unknown>;
  recipients: string[];
  subtotalMinor: number;
  adjustmentsMinor: number;
  /** total − tax */
  netMinor: number;
  taxMinor: number;
  /** the gross */
  totalMinor: number;
  paidMinor: number;
  /** gross of the credit notes issued for it */
  creditedMinor: number;
  /** gross of the supplementary invoices issued for it */
  supplementaryMinor: number;
  balanceMinor: number;
  taxTreatment: TaxTreatment;
  /** Detail only (undefined in lists): what the bill was made with. */
  taxExemptionReason?: string | null;
  taxRates?: TaxRate[];
  taxes?: TaxGroup[];
  language?: string;
  seller?: Record<string, unknown>;
  buyer?: BillBuyer;
  /** A draft's end of review (null once issued) */
  reviewUntil: Date | null;
  /** When it was issued (null on a draft) */
  issuedAt: Date | null;
  voidReason: string | null;
  voidedAt: Date | null;
  createdAt: Date;
  /** List queries only: what each line counts, in line order (no amounts). */
  lineSummary?: BillLineQuantity[];
}

/** The customer's tax identity on the bill, as it was when the bill was made. */
export interface BillBuyer {
  legalName: string | null;
  vatId: string | null;
  buyerReference: string | null;
  purchaseOrder: string | null;
}

export interface BillLineQuantity {
  kind: BillLineKind;
  quantity: number;
  unit: BillLineUnit;
}

export interface BillLineRow {
  kind: BillLineKind;
  description: string;
  quantity: number;
  unit: BillLineUnit;
  unitAmountMinor: number;
  amountMinor: number;
}

/** What a refresh writes over a draft: a bill made again (NewBill) whose identity, period and number stay. */
export type NewDraftContent = Pick<
  NewBill,
  | 'organizationId'
  | 'id'
  | 'departmentName'
  | 'planName'
  | 'planSnapshot'
  | 'billingAddress'
  | 'recipients'
  | 'subtotalMinor'
  | 'adjustmentsMinor'
  | 'taxMinor'
  | 'taxes'
  | 'totalMinor'
  | 'balanceMinor'
  | 'sellerProfileId'
  | 'buyer'
  | 'language'
  | 'taxTreatment'
  | 'taxExemptionReason'
  | 'taxRates'
  | 'lines'
>;

/** A `from`/`to` bound: a calendar day (compared with the period's first local day) or an instant. */
export type PeriodBound = { day: string } | { instant: Date };

export interface BillFilter {
  status?: 'draft' | 'unpaid' | 'paid' | 'overdue' | 'partly_paid' | 'void';
  departmentId?: string;
  planId?: string;
  from?: PeriodBound;
  to?: PeriodBound;
  /** Add each bill's line quantities (`lineSummary`); the CSV export does without. */
  withLineSummary?: boolean;
  now: Date;
  after?: { periodStart: string; id: string } | null;
  limit: number;
}

/**
 * The one definition of "overdue", for every query (lists, detail, the status filter, the dashboard's sums):
 * unpaid, and the due date is before today in the bill's own time zone at `now` (a bill due today is not
 * overdue). `now` is a SQL parameter such as `$2`; the bills table is `b`.
 */
export function overdue(now: string): string {
  return `(b.status = 'unpaid' AND b.due_date < ((${now}::timestamptz) AT TIME ZONE b.time_zone)::date)`;
}

const SELECT = `
  b.id, b.organization_id, b.number, b.sequence, b.status,
  ${overdue('$NOW')} AS overdue,
  (SELECT d.einvoice_format FROM departments d WHERE d.organization_id = b.organization_id AND d.id = b.department_id) AS einvoice_format,
  b.association_id, b.department_id, b.department_name, b.plan_id, b.plan_name, b.kind, b.period_index, b.period_start, b.period_end,
  to_char(b.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(b.due_date, 'YYYY-MM-DD') AS due_date, b.time_zone, b.currency,
  b.plan_snapshot, b.billing_address, b.recipients, b.subtotal_minor, b.adjustments_minor, b.total_minor, b.paid_minor, b.balance_minor,
  b.credited_minor, b.supplementary_minor, b.tax_minor, b.tax_treatment, b.review_until, b.issued_at, b.tax_exemption_reason, b.tax_rates, b.taxes, b.language, b.buyer,
  (SELECT sp.profile FROM seller_profiles sp WHERE sp.organization_id = b.organization_id AND sp.id = b.seller_profile_id) AS seller,
  b.void_reason, b.voided_at, b.created_at`;

/** The first day of the bill's period in its own time zone (period_start is that day's first instant there). */
const PERIOD_FIRST_LOCAL_DAY = `(b.period_start AT TIME ZONE b.time_zone)::date`;

/**
 * A local day D starts within a day of D's UTC midnight (UTC offsets are -12 h … +14 h), so each day bound
 * adds a plain range on period_start too: it changes no result and lets the list index narrow the scan.
 */
const DAY_FROM = `${PERIOD_FIRST_LOCAL_DAY} >= ?::date AND b.period_start >= ((?::date - 1)::timestamp AT TIME ZONE 'UTC')`;
const DAY_TO = `${PERIOD_FIRST_LOCAL_DAY} < ?::date AND b.period_start < ((?::date + 1)::timestamp AT TIME ZONE 'UTC')`;

/** Per bill, what its lines count (no amounts), for the list's charge details; PK lookup per bill. */
const LINE_SUMMARY = `(SELECT json_agg(json_build_object('kind', l.kind, 'quantity', l.quantity, 'unit', l.unit) ORDER BY l.position)
    FROM bill_lines l WHERE l.organization_id = b.organization_id AND l.bill_id = b.id) AS line_summary`;

/** Lists carry the summary only (no snapshots, address or recipients): less to read, parse and send. */
const LIST_SELECT = SELECT.replace('b.plan_snapshot, b.billing_address, b.recipients, ', '').replace(
  /, b\.tax_exemption_reason,[^]*b\.voided_at, b\.created_at$/,
  ', b.created_at',
);

function toRow(r: Record<string, unknown>): BillRow {
  return {
    id: r.id as string,
    organizationId: r.organization_id as string,
    number: (r.number ?? null) as string | null,
    sequence: r.sequence === null ? null : Number(r.sequence),
    status: r.status as BillRow['status'],
    overdue: r.overdue === true,
    einvoiceFormat: (r.einvoice_format ?? 'none') as CustomerEInvoiceFormat,
    associationId: r.association_id as string,
    departmentId: r.department_id as string,
    departmentName: r.department_name as string,
    planId: r.plan_id as string,
    planName: r.plan_name as string,
    kind: r.kind as BillRow['kind'],
    periodIndex: (r.period_index ?? null) as number | null,
    periodStart: r.period_start as Date,
    periodEnd: r.period_end as Date,
    issueDate: r.issue_date as string,
    dueDate: r.due_date as string,
    timeZone: r.time_zone as string,
    currency: (r.currency as string).trim(),
    planSnapshot: r.plan_snapshot as Record<string, unknown>,
    billingAddress: r.billing_address as Record<string, unknown>,
    recipients: r.recipients as string[],
    subtotalMinor: Number(r.subtotal_minor),
    adjustmentsMinor: Number(r.adjustments_minor),
    netMinor: Number(r.total_minor) - Number(r.tax_minor),
    taxMinor: Number(r.tax_minor),
    totalMinor: Number(r.total_minor),
    paidMinor: Number(r.paid_minor),
    creditedMinor: Number(r.credited_minor),
    supplementaryMinor: Number(r.supplementary_minor),
    balanceMinor: Number(r.balance_minor),
    taxTreatment: r.tax_treatment as TaxTreatment,
    reviewUntil: (r.review_until ?? null) as Date | null,
    issuedAt: (r.issued_at ?? null) as Date | null,
    ...(r.taxes !== undefined
      ? {
          taxExemptionReason: (r.tax_exemption_reason ?? null) as string | null,
          taxRates: r.tax_rates as TaxRate[],
          taxes: r.taxes as TaxGroup[],
          language: r.language as string,
          seller: r.seller as Record<string, unknown>,
          buyer: r.buyer as BillBuyer,
        }
      : {}),
    voidReason: (r.void_reason ?? null) as string | null,
    voidedAt: (r.voided_at ?? null) as Date | null,
    createdAt: r.created_at as Date,
    ...(r.line_summary !== undefined
      ? {
          lineSummary: ((r.line_summary ?? []) as BillLineQuantity[]).map((l) => ({
            kind: l.kind,
            quantity: Number(l.quantity),
            unit: l.unit,
          })),
        }
      : {}),
  };
}

/** Every query that reads or changes bills after they were issued (the billing run's SQL is in billing-run.repository.ts). */
@Injectable()
export class BillsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(organizationId: string, f: BillFilter, manager?: EntityManager): Promise<BillRow[]> {
    const where = new SqlConditions('b.organization_id = $1', [organizationId, f.now]);
    if (f.status === 'overdue') where.raw(overdue('$2'));
    else if (f.status === 'partly_paid') where.raw(`b.status = 'unpaid' AND b.paid_minor > 0`);
    else if (f.status) where.add('b.status = ?', f.status);
    if (f.departmentId) where.add('b.department_id = ?', f.departmentId);
    if (f.planId) where.add('b.plan_id = ?', f.planId);
    if (f.from && 'day' in f.from) where.add(DAY_FROM, f.from.day, f.from.day);
    else if (f.from) where.add('b.period_start >= ?', f.from.instant);
    if (f.to && 'day' in f.to) where.add(DAY_TO, f.to.day, f.to.day);
    else if (f.to) where.add('b.period_start < ?', f.to.instant);
    if (f.after) where.add('(b.period_start, b.id) < (?::timestamptz, ?::uuid)', f.after.periodStart, f.after.id);
    const limit = where.param(f.limit + 1);
    const params = where.params;
    const page = `SELECT ${LIST_SELECT.replace('$NOW', '$2')} FROM bills b WHERE ${where.sql()}
        ORDER BY b.period_start DESC, b.id DESC LIMIT ${limit}`;
    // The line summary is read for the page's rows only, after the limit.
    const sql = f.withLineSummary ? `SELECT b.*, ${LINE_SUMMARY} FROM (${page}) b ORDER BY b.period_start DESC, b.id DESC` : page;
    const rows = await (manager ?? this.dataSource.manager).query(sql, params);
    return rows.map(toRow);
  }

  /** Bills by id, as lists show them (the payloads of webhook events about many bills at once). */
  async summariesByIds(organizationId: string, ids: string[], now: Date, manager: EntityManager): Promise<BillRow[]> {
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${LIST_SELECT.replace('$NOW', '$3')} FROM bills b WHERE b.organization_id = $1 AND b.id = ANY($2::uuid[])`,
      [organizationId, ids, now],
    );
    const byId = new Map(rows.map((r) => [r.id as string, toRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async findById(organizationId: string, id: string, now: Date, manager?: EntityManager, lock = false): Promise<BillRow | null> {
    const rows = await (manager ?? this.dataSource.manager).query(
      `SELECT ${SELECT.replace('$NOW', '$3')} FROM bills b WHERE b.organization_id = $1 AND b.id = $2${lock ? ' FOR UPDATE' : ''}`,
      [organizationId, id, now],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async lines(organizationId: string, billId: string, manager?: EntityManager): Promise<BillLineRow[]> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT kind, description, quantity, unit, unit_amount_minor, amount_minor FROM bill_lines
        WHERE organization_id = $1 AND bill_id = $2 ORDER BY position`,
      [organizationId, billId],
    );
    return rows.map((r) => ({
      kind: r.kind as BillLineKind,
      description: r.description as string,
      quantity: Number(r.quantity),
      unit: r.unit as BillLineUnit,
      unitAmountMinor: Number(r.unit_amount_minor),
      amountMinor: Number(r.amount_minor),
    }));
  }

  /** Stored totals, written only from libs/billing's billTotals. */
  async saveTotals(
    m: EntityManager,
    organizationId: string,
    id: string,
    t: {
      status: string;
      adjustmentsMinor: number;
      taxMinor: number;
      taxes: TaxGroup[];
      totalMinor: number;
      paidMinor: number;
      creditedMinor: number;
      supplementaryMinor: number;
      balanceMinor: number;
    },
  ): Promise<void> {
    await m.query(
      `UPDATE bills SET status = $3, adjustments_minor = $4, tax_minor = $5, taxes = $6, total_minor = $7, paid_minor = $8, balance_minor = $9,
              credited_minor = $10, supplementary_minor = $11, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [
        organizationId,
        id,
        t.status,
        t.adjustmentsMinor,
        t.taxMinor,
        JSON.stringify(t.taxes),
        t.totalMinor,
        t.paidMinor,
        t.balanceMinor,
        t.creditedMinor,
        t.supplementaryMinor,
      ],
    );
  }

  /** Unmarks every session a draft took: they are unbilled again (the next bill of their association takes them). */
  async releaseSessions(m: EntityManager, organizationId: string, billId: string): Promise<number> {
    const [, count]: [unknown, number] = await m.query(`UPDATE sessions SET bill_id = NULL WHERE organization_id = $1 AND bill_id = $2`, [
      organizationId,
      billId,
    ]);
    return count;
  }

  /** Deletes a draft with its lines and adjustments (a discarded draft leaves only its audit record). */
  async deleteDraft(m: EntityManager, organizationId: string, billId: string): Promise<void> {
    await m.query(`DELETE FROM adjustments WHERE organization_id = $1 AND bill_id = $2`, [organizationId, billId]);
    await m.query(`DELETE FROM bill_lines WHERE organization_id = $1 AND bill_id = $2`, [organizationId, billId]);
    await m.query(`DELETE FROM bills WHERE organization_id = $1 AND id = $2 AND status = 'draft'`, [organizationId, billId]);
  }

  /** Writes a draft made again (refreshed): its lines and every field it copies, in place (same id, same adjustments). */
  async replaceDraft(m: EntityManager, b: NewDraftContent): Promise<void> {
    await m.query(`DELETE FROM bill_lines WHERE organization_id = $1 AND bill_id = $2`, [b.organizationId, b.id]);
    await m.query(
      `INSERT INTO bill_lines (organization_id, bill_id, position, kind, description, quantity, unit, unit_amount_minor, amount_minor)
       SELECT $1, $2, t.position, t.kind, t.description, t.quantity, t.unit, t.unit_amount_minor, t.amount_minor
         FROM unnest($3::smallint[], $4::text[], $5::text[], $6::numeric[], $7::text[], $8::bigint[], $9::bigint[])
           AS t(position, kind, description, quantity, unit, unit_amount_minor, amount_minor)`,
      [
        b.organizationId,
        b.id,
        b.lines.map((_, i) => i + 1),
        b.lines.map((l) => l.kind),
        b.lines.map((l) => l.description),
        b.lines.map((l) => l.quantity),
        b.lines.map((l) => l.unit),
        b.lines.map((l) => l.unitAmountMinor),
        b.lines.map((l) => l.amountMinor),
      ],
    );
    await m.query(
      `UPDATE bills SET department_name = $3, plan_name = $4, plan_snapshot = $5, billing_address = $6, recipients = $7::text[],
              subtotal_minor = $8, adjustments_minor = $9, tax_minor = $10, taxes = $11, total_minor = $12, balance_minor = $13,
              seller_profile_id = $14, buyer = $15, language = $16, tax_treatment = $17, tax_exemption_reason = $18, tax_rates = $19,
              updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND status = 'draft'`,
      [
        b.organizationId,
        b.id,
        b.departmentName,
        b.planName,
        JSON.stringify(b.planSnapshot),
        JSON.stringify(b.billingAddress),
        b.recipients,
        b.subtotalMinor,
        b.adjustmentsMinor,
        b.taxMinor,
        JSON.stringify(b.taxes),
        b.totalMinor,
        b.balanceMinor,
        b.sellerProfileId,
        JSON.stringify(b.buyer),
        b.language,
        b.taxTreatment,
        b.taxExemptionReason,
        JSON.stringify(b.taxRates),
      ],
    );
  }

  /** The logo of the seller profile version the bill was made with (its bytes), or null. */
  async sellerLogo(
    organizationId: string,
    billId: string,
    manager?: EntityManager,
  ): Promise<{ contentType: string; bytes: Buffer } | null> {
    const rows: { logo: Buffer | null; logo_content_type: string | null }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT sp.logo, sp.logo_content_type FROM bills b
         JOIN seller_profiles sp ON sp.organization_id = b.organization_id AND sp.id = b.seller_profile_id
        WHERE b.organization_id = $1 AND b.id = $2`,
      [organizationId, billId],
    );
    const row = rows[0];
    return row?.logo && row.logo_content_type ? { contentType: row.logo_content_type, bytes: row.logo } : null;
  }

  async markVoid(m: EntityManager, organizationId: string, id: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE bills SET status = 'void', void_reason = $3, voided_at = now(), updated_at = now() WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, reason],
    );
  }
}
