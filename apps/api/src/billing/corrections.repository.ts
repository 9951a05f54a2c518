import type { CorrectionType, TaxGroup } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlConditions } from '../database/sql-conditions';

/** One line of a correction as it is printed (positive amounts; the type gives the sign). */
export interface CorrectionLine {
  kind: 'correction';
  description: string;
  quantity: number;
  unit: 'item';
  unitAmountMinor: number;
  amountMinor: number;
}

export interface CorrectionRow {
  organizationId: string;
  id: string;
  billId: string;
  /** the original's number and issue date (joined) */
  billNumber: string;
  billIssueDate: string;
  type: CorrectionType;
  cause: 'adjustment' | 'void';
  sequence: number;
  number: string;
  issueDate: string;
  dueDate: string;
  issuedAt: Date;
  reason: string;
  fixedAmountMinor: number | null;
  percent: string | null;
  lines: CorrectionLine[];
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
  taxes: TaxGroup[];
  currency: string;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
}

export type NewCorrection = Omit<CorrectionRow, 'billNumber' | 'billIssueDate' | 'issuedAt' | 'createdAt' | 'currency'>;

export interface CorrectionFilter {
  type?: CorrectionType;
  billId?: string;
  after?: { issuedAt: string; id: string } | null;
  limit: number;
}

const SELECT = `c.organization_id, c.id, c.bill_id, b.number AS bill_number, to_char(b.issue_date, 'YYYY-MM-DD') AS bill_issue_date,
  c.type, c.cause, c.sequence, c.number, to_char(c.issue_date, 'YYYY-MM-DD') AS issue_date, to_char(c.due_date, 'YYYY-MM-DD') AS due_date,
  c.issued_at, c.reason, c.fixed_amount_minor, c.percent::text AS percent, c.lines, c.net_minor, c.tax_minor, c.total_minor, c.taxes,
  b.currency, c.author_id, c.author_name, c.created_at
  FROM corrections c JOIN bills b ON b.organization_id = c.organization_id AND b.id = c.bill_id`;

function toRow(r: Record<string, unknown>): CorrectionRow {
  return {
    organizationId: r.organization_id as string,
    id: r.id as string,
    billId: r.bill_id as string,
    billNumber: r.bill_number as string,
    billIssueDate: r.bill_issue_date as string,
    type: r.type as CorrectionType,
    cause: r.cause as CorrectionRow['cause'],
    sequence: Number(r.sequence),
    number: r.number as string,
    issueDate: r.issue_date as string,
    dueDate: r.due_date as string,
    issuedAt: r.issued_at as Date,
    reason: r.reason as string,
    fixedAmountMinor: r.fixed_amount_minor === null ? null : Number(r.fixed_amount_minor),
    percent: r.percent === null ? null : String(Number(r.percent)),
    lines: r.lines as CorrectionLine[],
    netMinor: Number(r.net_minor),
    taxMinor: Number(r.tax_minor),
    totalMinor: Number(r.total_minor),
    taxes: r.taxes as TaxGroup[],
    currency: (r.currency as string).trim(),
    authorId: (r.author_id ?? null) as string | null,
    authorName: r.author_name as string,
    createdAt: r.created_at as Date,
  };
}

/** Every query on credit notes and supplementary invoices (libs/billing corrections.ts). */
@Injectable()
export class CorrectionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The next credit note number of the organization: the sequence row stays locked until the transaction ends, so
   * the series is gapless (a rolled-back correction gives its number back). Supplementary invoices take the
   * invoice series (BillingRunRepository.reserveSequence).
   */
  async reserveCreditNoteSequence(m: EntityManager, organizationId: string): Promise<number> {
    await m.query('INSERT INTO credit_note_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING', [organizationId]);
    const [rows]: [{ last_value: string }[], number] = await m.query(
      'UPDATE credit_note_sequences SET last_value = last_value + 1 WHERE organization_id = $1 RETURNING last_value',
      [organizationId],
    );
    return Number(rows[0].last_value);
  }

  async insert(m: EntityManager, c: NewCorrection): Promise<void> {
    await m.query(
      `INSERT INTO corrections (organization_id, id, bill_id, type, cause, sequence, number, issue_date, due_date, reason, fixed_amount_minor,
                                percent, lines, net_minor, tax_minor, total_minor, taxes, author_id, author_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        c.organizationId,
        c.id,
        c.billId,
        c.type,
        c.cause,
        c.sequence,
        c.number,
        c.issueDate,
        c.dueDate,
        c.reason,
        c.fixedAmountMinor,
        c.percent,
        JSON.stringify(c.lines),
        c.netMinor,
        c.taxMinor,
        c.totalMinor,
        JSON.stringify(c.taxes),
        c.authorId,
        c.authorName,
      ],
    );
  }

  /** A bill's corrections, oldest first. */
  async forBill(organizationId: string, billId: string, manager?: EntityManager): Promise<CorrectionRow[]> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${SELECT} WHERE c.organization_id = $1 AND c.bill_id = $2 ORDER BY c.created_at, c.id`,
      [organizationId, billId],
    );
    return rows.map(toRow);
  }

  async findById(organizationId: string, id: string, manager?: EntityManager): Promise<CorrectionRow | null> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${SELECT} WHERE c.organization_id = $1 AND c.id = $2`,
      [organizationId, id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Newest first, by issue instant. */
  async list(organizationId: string, f: CorrectionFilter): Promise<CorrectionRow[]> {
    const where = new SqlConditions('c.organization_id = $1', [organizationId]);
    if (f.type) where.add('c.type = ?', f.type);
    if (f.billId) where.add('c.bill_id = ?', f.billId);
    if (f.after) where.add('(c.issued_at, c.id) < (?::timestamptz, ?::uuid)', f.after.issuedAt, f.after.id);
    const limit = where.param(f.limit + 1);
    const rows: Record<string, unknown>[] = await this.dataSource.manager.query(
      `SELECT ${SELECT} WHERE ${where.sql()} ORDER BY c.issued_at DESC, c.id DESC LIMIT ${limit}`,
      where.params,
    );
    return rows.map(toRow);
  }
}
