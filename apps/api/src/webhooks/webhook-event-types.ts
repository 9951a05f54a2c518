/**
 * The event types an endpoint may subscribe to (issue #15, point 4). `type` of the payload and of the delivery log;
 * each names the schema of its `data` (docs/WEBHOOKS.md).
 */
export const WEBHOOK_EVENT_TYPES = [
  'bill.drafted',
  'bill.issued',
  'bill.paid',
  'bill.overdue',
  'bill.voided',
  'credit_note.issued',
  'supplementary_invoice.issued',
  'payment.recorded',
  'payment.reversed',
  'prepaid.block_low',
  'prepaid.block_empty',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The ping of `POST /webhooks/:id/test`: delivered to that endpoint only, whatever it subscribes to. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

/** Every `type` a delivered payload can have. */
export const WEBHOOK_PAYLOAD_TYPES = [...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT] as const;
export type WebhookPayloadType = (typeof WEBHOOK_PAYLOAD_TYPES)[number];

export function isWebhookEventType(v: unknown): v is WebhookEventType {
  return typeof v === 'string' && (WEBHOOK_EVENT_TYPES as readonly string[]).includes(v);
}
