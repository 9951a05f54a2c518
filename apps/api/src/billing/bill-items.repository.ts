import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AdjustmentRow {
  id: string;
  type: 'charge' | 'discount';
  amountMinor: number | null;
  percent: string | null;
  computedMinor: number;
  reason: string;
  authorId: string | null;
  authorName: string;
  createdAt: Date;
}

export interface PaymentRow {
  id: string;
  amountMinor: number;
  paidAt: Date;
  method: string | null;
  reference: string | null;
  recordedByName: string;
  reversedAt: Date | null;
  reversalReason: string | null;
  reversedByName: string | null;
  createdAt: Date;
}

/** Every query on adjustments and payments, the records that change a bill after it was issued. */
@Injectable()
export class BillItemsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async adjustments(organizationId: string, billId: string, manager?: EntityManager): Promise<AdjustmentRow[]> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, type, amount_minor, percent::text AS percent, computed_minor, reason, author_id, author_name, created_at
         FROM adjustments WHERE organization_id = $1 AND bill_id = $2 ORDER BY created_at, id`,
      [organizationId, billId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      type: r.type as AdjustmentRow['type'],
      amountMinor: r.amount_minor === null ? null : Number(r.amount_minor),
      percent: r.percent === null ? null : String(Number(r.percent)),
      computedMinor: Number(r.computed_minor),
      reason: r.reason as string,
      authorId: r.author_id as string | null,
      authorName: r.author_name as string,
      createdAt: r.created_at as Date,
    }));
  }

  async payments(organizationId: string, billId: string, manager?: EntityManager): Promise<PaymentRow[]> {
    const rows: Record<string, unknown>[] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, amount_minor, paid_at, method, reference, recorded_by_name, reversed_at, reversal_reason, reversed_by_name, created_at
         FROM payments WHERE organization_id = $1 AND bill_id = $2 ORDER BY created_at, id`,
      [organizationId, billId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      amountMinor: Number(r.amount_minor),
      paidAt: r.paid_at as Date,
      method: r.method as string | null,
      reference: r.reference as string | null,
      recordedByName: r.recorded_by_name as string,
      reversedAt: r.reversed_at as Date | null,
      reversalReason: r.reversal_reason as string | null,
      reversedByName: r.reversed_by_name as string | null,
      createdAt: r.created_at as Date,
    }));
  }

  async insertAdjustment(
    m: EntityManager,
    a: {
      organizationId: string;
      id: string;
      billId: string;
      type: string;
      amountMinor: number | null;
      percent: number | null;
      computedMinor: number;
      reason: string;
      authorId: string | null;
      authorName: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO adjustments (organization_id, id, bill_id, type, amount_minor, percent, computed_minor, reason, author_id, author_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [a.organizationId, a.id, a.billId, a.type, a.amountMinor, a.percent, a.computedMinor, a.reason, a.authorId, a.authorName],
    );
  }

  async insertPayment(
    m: EntityManager,
    p: {
      organizationId: string;
      id: string;
      billId: string;
      amountMinor: number;
      paidAt: Date;
      method: string | null;
      reference: string | null;
      recordedById: string | null;
      recordedByName: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO payments (organization_id, id, bill_id, amount_minor, paid_at, method, reference, recorded_by_id, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [p.organizationId, p.id, p.billId, p.amountMinor, p.paidAt, p.method, p.reference, p.recordedById, p.recordedByName],
    );
  }

  async reversePayment(m: EntityManager, organizationId: string, id: string, reason: string, by: string): Promise<void> {
    await m.query(
      `UPDATE payments SET reversed_at = now(), reversal_reason = $3, reversed_by_name = $4 WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, reason, by],
    );
  }
}
