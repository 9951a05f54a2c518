import { EINVOICE_FORMATS } from '@app/invoicing';
import type { EInvoiceFormat } from '@app/invoicing';
import { ApiProperty } from '@nestjs/swagger';
import { ProblemView } from '../common/errors.view';
import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';

/** An invoice e-mail was queued in the outbox; the worker sends it (`GET /bills/{id}/emails` follows it). */
export class EmailQueuedView {
  @ApiId() deliveryId: string;
  status: 'queued';
}

/** One invoice e-mail and how its delivery went. */
export class EmailDeliveryView {
  @ApiId() id: string;
  @ApiId() billId: string;
  /** The credit note or supplementary invoice it carries; null: the bill's invoice (or a reminder about it) */
  @ApiId({ nullable: true }) correctionId: string | null;
  to: string[];
  cc: string[];
  /**
   * `queued` (waiting or retrying), `sending`, `sent`, `failed` after the last attempt, or `cancelled` (a reminder
   * whose bill was paid or voided before it went out)
   */
  status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
  /**
   * `invoice`: the invoice e-mail; `reminder`: a payment reminder of the organization's schedule; `prepaid_alert`: a
   * prepaid block (this bill is its invoice) running low or used up
   */
  kind: 'invoice' | 'reminder' | 'prepaid_alert';
  /** A reminder's step of the schedule (0: the first) and its days from the due date; null for invoices */
  @ApiInteger({ nullable: true }) reminderStep: number | null;
  @ApiInteger({ nullable: true }) reminderOffsetDays: number | null;
  @ApiInteger() attempts: number;
  @ApiInteger() maxAttempts: number;
  lastError: string | null;
  /** When the next attempt is due; null unless queued. */
  @ApiInstant({ nullable: true }) nextAttemptAt: string | null;
  @ApiInstant({ nullable: true }) sentAt: string | null;
  /** The name of who asked for it. */
  requestedBy: string;
  @ApiInstant() createdAt: string;
}

/** What keeps a bill from becoming an e-invoice of a format (empty: it can be one). */
export class EInvoiceProblemsView {
  @ApiProperty({
    enum: [...EINVOICE_FORMATS, null],
    nullable: true,
    description: "The format checked; null: the customer's is none (nothing to check)",
  })
  format: EInvoiceFormat | null;
  problems: ProblemView[];
}
