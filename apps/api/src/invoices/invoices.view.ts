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
  to: string[];
  cc: string[];
  /** `queued` (waiting or retrying), `sending`, `sent`, or `failed` after the last attempt */
  status: 'queued' | 'sending' | 'sent' | 'failed';
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
