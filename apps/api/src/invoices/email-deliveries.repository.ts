import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface DeliveryRow {
  organizationId: string;
  id: string;
  billId: string;
  /** the credit note or supplementary invoice it carries; null: the bill's invoice (or a reminder) */
  correctionId: string | null;
  to: string[];
  cc: string[];
  message: string | null;
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  /** `invoice` (asked for), `reminder` (queued by a billing run from the organization's schedule), `prepaid_alert` */
  kind: 'invoice' | 'reminder' | 'prepaid_alert';
  /** A prepaid alert's block and what it says (`low`, `empty`); null otherwise. Its billId is the block's invoice. */
  prepaidBlockId: string | null;
  prepaidAlert: 'low' | 'empty' | null;
  /** A reminder's 0-based step of the schedule, and the step's days from the due date; null for invoices */
  reminderStep: number | null;
  reminderOffsetDays: number | null;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  messageId: string | null;
  requestedByName: string;
  createdAt: Date;
}

function toRow(r: Record<string, unknown>): DeliveryRow {
  return {
    organizationId: r.organization_id as string,
    id: r.id as string,
    billId: r.bill_id as string,
    correctionId: (r.correction_id ?? null) as string | null,
    to: r.to_addresses as string[],
    cc: r.cc_addresses as string[],
    message: r.message as string | null,
    status: r.status as DeliveryRow['status'],
    kind: r.kind as DeliveryRow['kind'],
    reminderStep: (r.reminder_step ?? null) as number | null,
    reminderOffsetDays: (r.reminder_offset_days ?? null) as number | null,
    prepaidBlockId: (r.prepaid_block_id ?? null) as string | null,
    prepaidAlert: (r.prepaid_alert ?? null) as DeliveryRow['prepaidAlert'],
    attempts: r.attempts as number,
    maxAttempts: r.max_attempts as number,
    lastError: r.last_error as string | null,
    nextAttemptAt: r.next_attempt_at as Date,
    sentAt: r.sent_at as Date | null,
    messageId: r.message_id as string | null,
    requestedByName: r.requested_by_name as string,
    createdAt: r.created_at as Date,
  };
}

/** Every query on the e-mail outbox. */
@Injectable()
export class EmailDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    m: EntityManager,
    d: {
      organizationId: string;
      id: string;
      billId: string;
      correctionId: string | null;
      to: string[];
      cc: string[];
      message: string | null;
      maxAttempts: number;
      requestedByName: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO email_deliveries (organization_id, id, bill_id, correction_id, to_addresses, cc_addresses, message, status, max_attempts,
                                     requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9)`,
      [d.organizationId, d.id, d.billId, d.correctionId, d.to, d.cc, d.message, d.maxAttempts, d.requestedByName],
    );
  }

  async listForBill(organizationId: string, billId: string): Promise<DeliveryRow[]> {
    const rows = await this.dataSource.query(
      `SELECT * FROM email_deliveries WHERE organization_id = $1 AND bill_id = $2 ORDER BY created_at DESC, id DESC`,
      [organizationId, billId],
    );
    return rows.map(toRow);
  }

  /**
   * Claims due deliveries: queued ones whose time has come, and 'sending' ones whose claim expired (the
   * process died mid-send). Marked 'sending' with a lease, committed before any SMTP traffic, so nothing
   * queued is lost and two workers never send the same delivery at once.
   */
  async claimDue(now: Date, limit: number, leaseSeconds: number): Promise<DeliveryRow[]> {
    return this.dataSource.transaction(async (m) => {
      const [rows]: [Record<string, unknown>[], number] = await m.query(
        `UPDATE email_deliveries e SET status = 'sending', attempts = e.attempts + 1, locked_until = $1::timestamptz + make_interval(secs => $3), updated_at = now()
          WHERE (e.organization_id, e.id) IN (
            SELECT organization_id, id FROM email_deliveries
             WHERE (status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND locked_until < $1)
             ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING e.*`,
        [now, limit, leaseSeconds],
      );
      return rows.map(toRow);
    });
  }

  async markSent(d: DeliveryRow, messageId: string | null, sentAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'sent', sent_at = $4, message_id = $3, last_error = NULL, locked_until = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [d.organizationId, d.id, messageId, sentAt],
    );
  }

  /** A reminder whose bill is no longer unpaid (paid or voided meanwhile): never sent. */
  async markCancelled(d: DeliveryRow, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = 'cancelled', last_error = $3, locked_until = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [d.organizationId, d.id, reason],
    );
  }

  async markFailedAttempt(d: DeliveryRow, error: string, retryAt: Date | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_deliveries SET status = $3, last_error = $4, next_attempt_at = coalesce($5, next_attempt_at), locked_until = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [d.organizationId, d.id, retryAt ? 'queued' : 'failed', error.slice(0, 2000), retryAt],
    );
  }
}
