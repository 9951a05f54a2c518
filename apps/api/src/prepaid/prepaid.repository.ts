import type { BlockBalance, LedgerEffect, PrepaidState, RolledUnits } from '@app/billing';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/** An association's balances as the billing run reads them, with the printed number of each block. */
export interface AssociationPrepaid extends PrepaidState {
  blockNumbers: Map<string, string>;
  /** each block as stored (its `remaining` is not read here: the state's blocks carry it) */
  blockInfo: Map<string, BlockRow>;
}

/** A ledger entry to insert: an effect of one bill (or a block's purchase, a reversal). */
export interface NewLedgerEntry extends Omit<LedgerEffect, 'kind' | 'periodIndex'> {
  organizationId: string;
  associationId: string;
  kind: LedgerEffect['kind'] | 'reversal';
  billId: string | null;
  periodIndex: number | null;
  reverses?: string | null;
}

export interface LedgerRow {
  id: string;
  seq: number;
  kind: NewLedgerEntry['kind'];
  source: LedgerEffect['source'];
  sourceId: string;
  quantity: number;
  billId: string | null;
  billNumber: string | null;
  periodIndex: number | null;
  reverses: string | null;
  createdAt: Date;
  blockNumber: string | null;
}

export interface BlockRow {
  organizationId: string;
  id: string;
  number: string;
  associationId: string;
  unit: 'seconds' | 'sessions';
  units: number;
  priceMinor: number;
  currency: string;
  purchasedAt: Date;
  expiresAt: Date | null;
  requiresPayment: boolean;
  lowBalancePercent: number;
  /** its invoice; null once the invoice's draft was discarded (the block is cancelled) */
  billId: string | null;
  billNumber: string | null;
  billStatus: string | null;
  cancelledAt: Date | null;
  remaining: number;
  lowAlertedAt: Date | null;
  emptyAlertedAt: Date | null;
  createdAt: Date;
}

export type NewBlock = Omit<
  BlockRow,
  'billNumber' | 'billStatus' | 'cancelledAt' | 'remaining' | 'lowAlertedAt' | 'emptyAlertedAt' | 'createdAt'
> & {
  sequence: number;
};

const BLOCK_BASE_COLUMNS = `b.organization_id, b.id, b.number, b.association_id, b.unit, b.units, b.price_minor, b.currency, b.purchased_at,
  b.expires_at, b.requires_payment, b.low_balance_percent, b.bill_id, bl.number AS bill_number, bl.status AS bill_status,
  b.cancelled_at, b.low_alerted_at, b.empty_alerted_at, b.created_at`;
const BLOCK_COLUMNS = `${BLOCK_BASE_COLUMNS},
  coalesce((SELECT sum(l.quantity) FROM prepaid_ledger l WHERE l.organization_id = b.organization_id AND l.association_id = b.association_id
              AND l.source = 'block' AND l.source_id = b.id::text), 0) AS remaining`;

function toBlock(r: Record<string, unknown>): BlockRow {
  return {
    organizationId: r.organization_id as string,
    id: r.id as string,
    number: r.number as string,
    associationId: r.association_id as string,
    unit: r.unit as BlockRow['unit'],
    units: Number(r.units),
    priceMinor: Number(r.price_minor),
    currency: (r.currency as string).trim(),
    purchasedAt: r.purchased_at as Date,
    expiresAt: (r.expires_at ?? null) as Date | null,
    requiresPayment: r.requires_payment as boolean,
    lowBalancePercent: Number(r.low_balance_percent),
    billId: (r.bill_id ?? null) as string | null,
    billNumber: (r.bill_number ?? null) as string | null,
    billStatus: (r.bill_status ?? null) as string | null,
    cancelledAt: (r.cancelled_at ?? null) as Date | null,
    remaining: Number(r.remaining),
    lowAlertedAt: (r.low_alerted_at ?? null) as Date | null,
    emptyAlertedAt: (r.empty_alerted_at ?? null) as Date | null,
    createdAt: r.created_at as Date,
  };
}

/** A block may be drawn once its invoice is paid when it says so, otherwise as soon as it is bought; never once cancelled. */
export const blockUsable = (b: Pick<BlockRow, 'requiresPayment' | 'billStatus' | 'cancelledAt'>) =>
  b.cancelledAt === null && (!b.requiresPayment || b.billStatus === 'paid');

/** Every query on prepaid blocks and the prepaid ledger. Every method runs in the caller's transaction. */
@Injectable()
export class PrepaidRepository {
  /**
   * The balances of many associations at once (one query for the ledger's rolled and block buckets, one for the
   * blocks): rolled units per period of origin with something left, and every block with what is left of it.
   */
  async states(m: EntityManager, organizationId: string, associationIds: readonly string[]): Promise<Map<string, AssociationPrepaid>> {
    const out = new Map<string, AssociationPrepaid>();
    if (associationIds.length === 0) return out;
    const ids = [...new Set(associationIds)];
    for (const id of ids) out.set(id, { rolled: [], blocks: [], blockNumbers: new Map(), blockInfo: new Map() });
    // One pass over the ledger's rolled and block buckets of the batch (the retainer buckets are always back at 0).
    const buckets: { association_id: string; source: string; source_id: string; remaining: string }[] = await m.query(
      `SELECT association_id, source, source_id, sum(quantity) AS remaining FROM prepaid_ledger
        WHERE organization_id = $1 AND association_id = ANY($2::uuid[]) AND source IN ('rollover', 'block')
        GROUP BY association_id, source, source_id HAVING sum(quantity) <> 0`,
      [organizationId, ids],
    );
    const blockLeft = new Map<string, number>();
    for (const r of buckets) {
      if (r.source === 'block') blockLeft.set(r.source_id, Number(r.remaining));
      else out.get(r.association_id)!.rolled.push({ fromPeriod: Number(r.source_id), remaining: Number(r.remaining) });
    }
    const blocks: Record<string, unknown>[] = await m.query(
      `SELECT ${BLOCK_BASE_COLUMNS}, 0 AS remaining FROM prepaid_blocks b LEFT JOIN bills bl ON bl.organization_id = b.organization_id AND bl.id = b.bill_id
        WHERE b.organization_id = $1 AND b.association_id = ANY($2::uuid[])`,
      [organizationId, ids],
    );
    for (const row of blocks.map(toBlock)) {
      const state = out.get(row.associationId)!;
      const balance: BlockBalance = {
        id: row.id,
        remaining: blockLeft.get(row.id) ?? 0,
        purchasedAt: row.purchasedAt,
        expiresAt: row.expiresAt,
        usable: blockUsable(row),
      };
      state.blocks.push(balance);
      state.blockNumbers.set(row.id, row.number);
      state.blockInfo.set(row.id, row);
    }
    return out;
  }

  async insertEntries(m: EntityManager, entries: readonly NewLedgerEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const ids = entries.map(() => randomUUID());
    await m.query(
      `INSERT INTO prepaid_ledger (organization_id, id, association_id, kind, source, source_id, quantity, bill_id, period_index, reverses)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::uuid[], $9::int[], $10::uuid[])`,
      [
        entries.map((e) => e.organizationId),
        ids,
        entries.map((e) => e.associationId),
        entries.map((e) => e.kind),
        entries.map((e) => e.source),
        entries.map((e) => e.sourceId),
        entries.map((e) => e.quantity),
        entries.map((e) => e.billId),
        entries.map((e) => e.periodIndex),
        entries.map((e) => e.reverses ?? null),
      ],
    );
    return ids;
  }

  /**
   * The entries of a bill that are still in force (not reversals, not reversed yet), with what their bucket holds now:
   * what a discard, a refresh or a void gives back.
   */
  async openEntriesOfBill(
    m: EntityManager,
    organizationId: string,
    billId: string,
  ): Promise<(LedgerRow & { associationId: string; bucketRemaining: number })[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT l.*, (SELECT sum(x.quantity) FROM prepaid_ledger x WHERE x.organization_id = l.organization_id AND x.association_id = l.association_id
                      AND x.source = l.source AND x.source_id = l.source_id) AS bucket_remaining
         FROM prepaid_ledger l
        WHERE l.organization_id = $1 AND l.bill_id = $2 AND l.kind <> 'reversal'
          AND NOT EXISTS (SELECT 1 FROM prepaid_ledger r WHERE r.organization_id = l.organization_id AND r.reverses = l.id)
        ORDER BY l.seq`,
      [organizationId, billId],
    );
    return rows.map((r) => ({ ...toLedger(r), associationId: r.association_id as string, bucketRemaining: Number(r.bucket_remaining) }));
  }

  /** Reserves the organization's next block number (the row stays locked until the transaction ends: gapless). */
  async reserveBlockSequence(m: EntityManager, organizationId: string): Promise<number> {
    await m.query('INSERT INTO prepaid_block_sequences (organization_id) VALUES ($1) ON CONFLICT DO NOTHING', [organizationId]);
    const [rows]: [{ last_value: string }[], number] = await m.query(
      'UPDATE prepaid_block_sequences SET last_value = last_value + 1 WHERE organization_id = $1 RETURNING last_value',
      [organizationId],
    );
    return Number(rows[0].last_value);
  }

  async insertBlock(m: EntityManager, b: NewBlock): Promise<void> {
    await m.query(
      `INSERT INTO prepaid_blocks (organization_id, id, sequence, number, association_id, unit, units, price_minor, currency, purchased_at,
                                   expires_at, requires_payment, low_balance_percent, bill_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        b.organizationId,
        b.id,
        b.sequence,
        b.number,
        b.associationId,
        b.unit,
        b.units,
        b.priceMinor,
        b.currency,
        b.purchasedAt,
        b.expiresAt,
        b.requiresPayment,
        b.lowBalancePercent,
        b.billId,
      ],
    );
  }

  async blocks(m: EntityManager, organizationId: string, associationId: string): Promise<BlockRow[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${BLOCK_COLUMNS} FROM prepaid_blocks b LEFT JOIN bills bl ON bl.organization_id = b.organization_id AND bl.id = b.bill_id
        WHERE b.organization_id = $1 AND b.association_id = $2 ORDER BY b.purchased_at, b.sequence`,
      [organizationId, associationId],
    );
    return rows.map(toBlock);
  }

  /** Rolled units per period of origin with something left. */
  async rolled(m: EntityManager, organizationId: string, associationId: string): Promise<RolledUnits[]> {
    const rows: { source_id: string; remaining: string }[] = await m.query(
      `SELECT source_id, sum(quantity) AS remaining FROM prepaid_ledger
        WHERE organization_id = $1 AND association_id = $2 AND source = 'rollover'
        GROUP BY source_id HAVING sum(quantity) <> 0 ORDER BY source_id::int`,
      [organizationId, associationId],
    );
    return rows.map((r) => ({ fromPeriod: Number(r.source_id), remaining: Number(r.remaining) }));
  }

  /** The association's ledger, newest first: `limit` + 1 entries written before `beforeSeq` (null: from the newest). */
  async ledger(
    m: EntityManager,
    organizationId: string,
    associationId: string,
    limit: number,
    beforeSeq: number | null,
  ): Promise<LedgerRow[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT l.*, b.number AS bill_number, pb.number AS block_number
         FROM prepaid_ledger l
         LEFT JOIN bills b ON b.organization_id = l.organization_id AND b.id = l.bill_id
         LEFT JOIN prepaid_blocks pb ON l.source = 'block' AND pb.organization_id = l.organization_id AND pb.id::text = l.source_id
        WHERE l.organization_id = $1 AND l.association_id = $2
          AND ($4::bigint IS NULL OR l.seq < $4)
        ORDER BY l.seq DESC
        LIMIT $3`,
      [organizationId, associationId, limit + 1, beforeSeq],
    );
    return rows.map(toLedger);
  }

  /** The block whose invoice `billId` is, locked; null when the bill is not a block's. */
  async blockOfBill(m: EntityManager, organizationId: string, billId: string): Promise<{ id: string; associationId: string } | null> {
    const rows: { id: string; association_id: string }[] = await m.query(
      'SELECT id, association_id FROM prepaid_blocks WHERE organization_id = $1 AND bill_id = $2 FOR UPDATE',
      [organizationId, billId],
    );
    return rows[0] ? { id: rows[0].id, associationId: rows[0].association_id } : null;
  }

  /** Cancels a block (its invoice's draft discarded: it no longer points at the bill, which is deleted; or voided). */
  async cancelBlock(m: EntityManager, organizationId: string, id: string, dropBill: boolean): Promise<void> {
    await m.query(
      `UPDATE prepaid_blocks SET cancelled_at = now(), bill_id = CASE WHEN $3 THEN NULL ELSE bill_id END WHERE organization_id = $1 AND id = $2`,
      [organizationId, id, dropBill],
    );
  }

  /** Locks the association's row: one writer of its ledger at a time (the billing run's claim takes the same lock). */
  async lockAssociation(m: EntityManager, organizationId: string, associationId: string): Promise<void> {
    await m.query('SELECT 1 FROM associations WHERE organization_id = $1 AND id = $2 FOR UPDATE', [organizationId, associationId]);
  }

  /** Blocks by id with what an alert needs: the customer (department) and where its e-mails go. */
  async blocksForAlerts(
    m: EntityManager,
    organizationId: string,
    ids: readonly string[],
  ): Promise<(BlockRow & { departmentId: string; recipients: string[] })[]> {
    if (ids.length === 0) return [];
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${BLOCK_COLUMNS}, a.department_id, a.recipients
         FROM prepaid_blocks b
         LEFT JOIN bills bl ON bl.organization_id = b.organization_id AND bl.id = b.bill_id
         JOIN associations a ON a.organization_id = b.organization_id AND a.id = b.association_id
        WHERE b.organization_id = $1 AND b.id = ANY($2::uuid[])`,
      [organizationId, [...new Set(ids)]],
    );
    return rows.map((r) => ({ ...toBlock(r), departmentId: r.department_id as string, recipients: r.recipients as string[] }));
  }

  /** What an alert e-mail about a block says: the block, its customer, the language of its invoices, its time zone. */
  async alertEmailData(
    m: EntityManager,
    organizationId: string,
    blockId: string,
  ): Promise<(BlockRow & { departmentName: string; language: string; timeZone: string; organizationName: string }) | null> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${BLOCK_COLUMNS}, d.name AS department_name, coalesce(d.invoice_language, o.invoice_language) AS language,
              a.time_zone, o.name AS organization_name
         FROM prepaid_blocks b
         LEFT JOIN bills bl ON bl.organization_id = b.organization_id AND bl.id = b.bill_id
         JOIN associations a ON a.organization_id = b.organization_id AND a.id = b.association_id
         JOIN departments d ON d.organization_id = a.organization_id AND d.id = a.department_id
         JOIN organizations o ON o.id = b.organization_id
        WHERE b.organization_id = $1 AND b.id = $2`,
      [organizationId, blockId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      ...toBlock(r),
      departmentName: r.department_name as string,
      language: r.language as string,
      timeZone: r.time_zone as string,
      organizationName: r.organization_name as string,
    };
  }

  /** Queues the alert e-mails (one per block and alert at most), to the association's recipients, about the block's invoice. */
  async queueAlertEmails(
    m: EntityManager,
    organizationId: string,
    alerts: readonly { blockId: string; alert: 'low' | 'empty' }[],
    maxAttempts: number,
  ): Promise<string[]> {
    if (alerts.length === 0) return [];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO email_deliveries (organization_id, id, bill_id, to_addresses, status, max_attempts, requested_by_name,
                                     kind, prepaid_block_id, prepaid_alert)
       SELECT b.organization_id, gen_random_uuid(), b.bill_id, a.recipients, 'queued', $4, 'prepaid alerts', 'prepaid_alert', b.id, t.alert
         FROM unnest($2::uuid[], $3::text[]) AS t(block_id, alert)
         JOIN prepaid_blocks b ON b.organization_id = $1 AND b.id = t.block_id
         JOIN associations a ON a.organization_id = b.organization_id AND a.id = b.association_id
        WHERE b.bill_id IS NOT NULL AND cardinality(a.recipients) > 0
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [organizationId, alerts.map((x) => x.blockId), alerts.map((x) => x.alert), maxAttempts],
    );
    return rows.map((r) => r.id);
  }

  /** Marks alerts as sent; answers the blocks whose mark was not set before (each alert goes out once). */
  async markAlerted(m: EntityManager, organizationId: string, blockIds: readonly string[], which: 'low' | 'empty'): Promise<string[]> {
    if (blockIds.length === 0) return [];
    const column = which === 'low' ? 'low_alerted_at' : 'empty_alerted_at';
    // An empty alert sets the low mark too: a block drawn straight to 0 never sends the low one afterwards.
    const also = which === 'empty' ? ', low_alerted_at = coalesce(low_alerted_at, now())' : '';
    const [rows]: [{ id: string }[], number] = await m.query(
      `UPDATE prepaid_blocks SET ${column} = now()${also} WHERE organization_id = $1 AND id = ANY($2::uuid[]) AND ${column} IS NULL RETURNING id`,
      [organizationId, blockIds],
    );
    return rows.map((r) => r.id);
  }
}

function toLedger(r: Record<string, unknown>): LedgerRow {
  return {
    id: r.id as string,
    seq: Number(r.seq),
    kind: r.kind as LedgerRow['kind'],
    source: r.source as LedgerRow['source'],
    sourceId: r.source_id as string,
    quantity: Number(r.quantity),
    billId: (r.bill_id ?? null) as string | null,
    billNumber: (r.bill_number ?? null) as string | null,
    periodIndex: r.period_index === null || r.period_index === undefined ? null : Number(r.period_index),
    reverses: (r.reverses ?? null) as string | null,
    createdAt: r.created_at as Date,
    blockNumber: (r.block_number ?? null) as string | null,
  };
}
