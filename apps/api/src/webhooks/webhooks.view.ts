import { ApiProperty } from '@nestjs/swagger';
import { ApiId, ApiInstant, ApiInteger } from '../common/openapi';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_PAYLOAD_TYPES } from './webhook-event-types';
import type { WebhookEventType, WebhookPayloadType } from './webhook-event-types';

export const EVENT_TYPES_DOC =
  'bill.drafted, bill.issued, bill.paid, bill.overdue, bill.voided, credit_note.issued, supplementary_invoice.issued, payment.recorded, ' +
  'payment.reversed, prepaid.block_low, prepaid.block_empty ' +
  '(docs/WEBHOOKS.md describes each payload)';

/**
 * A receiver of the organization's webhook events. Its signing secret is shown once, when it is created and when it
 * is rotated (`WebhookEndpointWithSecretView`), and never again.
 */
export class WebhookEndpointView {
  @ApiId() id: string;
  /** Where events are POSTed: https:// (http:// only where the server allows it) */
  url: string;
  /** What it is for (at most 500 characters); null: none */
  description: string | null;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES], isArray: true, description: `The event types it receives: ${EVENT_TYPES_DOC}` })
  eventTypes: WebhookEventType[];
  /** Whether events are delivered to it; a disabled endpoint's event deliveries wait until it is enabled again */
  enabled: boolean;
  /** Why the system disabled it: `receiver_gone` when the receiver answered 410 Gone; null when enabled or disabled by an admin */
  disabledReason: 'receiver_gone' | null;
  /** When the current signing secret was made (create or rotate-secret) */
  @ApiInstant() secretCreatedAt: string;
  /** Until when the previous secret still signs too, after a rotation (two signatures in `webhook-signature`); null: none */
  @ApiInstant({ nullable: true }) previousSecretExpiresAt: string | null;
  @ApiInstant() createdAt: string;
  @ApiInstant() updatedAt: string;
}

/** The endpoint with its signing secret: the only answer that ever carries it (create, rotate-secret). */
export class WebhookEndpointWithSecretView extends WebhookEndpointView {
  @ApiProperty({
    pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$',
    description:
      'The signing secret (Standard Webhooks): `whsec_` + base64 of 32 random bytes; the HMAC-SHA256 key is the bytes the base64 ' +
      'decodes to. Shown only in this answer: store it now',
  })
  secret: string;
}

/** One delivery of an event to an endpoint, with its attempts so far. */
export class WebhookDeliveryView {
  @ApiId() id: string;
  @ApiId() endpointId: string;
  /** The event's id: the `webhook-id` header of every attempt (receivers de-duplicate by it) */
  @ApiId() eventId: string;
  @ApiProperty({ enum: [...WEBHOOK_PAYLOAD_TYPES], description: 'The event type (`webhook.test` for a test ping)' })
  eventType: WebhookPayloadType;
  /** When the event happened (`timestamp` of the payload) */
  @ApiInstant() eventTimestamp: string;
  /** Why it exists: an event the endpoint subscribes to, a test ping, or a manual redelivery of an earlier delivery */
  trigger: 'event' | 'test' | 'redelivery';
  /** For a redelivery, the delivery it repeats; null otherwise */
  @ApiId({ nullable: true }) redeliveryOf: string | null;
  /** `pending` (waiting for its next attempt), `sending` (an attempt is under way), `delivered` (a 2xx), `failed` (attempts used up, or 410 Gone) */
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  /** Attempts made so far */
  @ApiInteger({ minimum: 0 }) attempts: number;
  @ApiInteger({ minimum: 1 }) maxAttempts: number;
  /** When the last attempt started; null before the first */
  @ApiInstant({ nullable: true }) lastAttemptAt: string | null;
  /** The HTTP status of the last attempt's answer; null when there was none (timeout, connection error, refused address) */
  @ApiInteger({ nullable: true }) lastStatusCode: number | null;
  /** What went wrong in the last attempt (e.g. `HTTP 500: …`, `timed out after 15000 ms`); null after a success */
  lastError: string | null;
  /** When the next attempt is due, while `pending`; null otherwise */
  @ApiInstant({ nullable: true }) nextAttemptAt: string | null;
  /** When a 2xx answer came; null until then */
  @ApiInstant({ nullable: true }) deliveredAt: string | null;
  @ApiInstant() createdAt: string;
}
