import type { WebhookDeliveryView, WebhookEndpointView } from '@app/contracts';
import type { WebhookEventType } from '../../core/api/webhooks.api';
import { errorCode, errorMessage } from '../../core/errors';
import { formatInstant } from '../../core/format';

/** What each event type means, in the order offered (a new type in the contract fails the build here). */
const EVENT_HINTS: Record<WebhookEventType, string> = {
  'bill.drafted': "a closed period's bill became a draft for review",
  'bill.issued': 'a bill was issued (numbered), at once or after its review',
  'bill.paid': 'a bill was paid in full',
  'bill.overdue': 'a bill passed its due date unpaid',
  'bill.voided': 'a bill was voided',
  'credit_note.issued': 'a credit note was issued: a discount on an issued bill, or its void',
  'supplementary_invoice.issued': 'a supplementary invoice was issued: a charge on an issued bill',
  'payment.recorded': 'a payment was recorded on a bill',
  'payment.reversed': 'a payment was reversed',
  'prepaid.block_low': "what is left of a customer's prepaid block fell below its low-balance alert",
  'prepaid.block_empty': "a customer's prepaid block was used up",
};

export const WEBHOOK_EVENTS: { value: WebhookEventType; hint: string }[] = (Object.keys(EVENT_HINTS) as WebhookEventType[]).map(
  (value) => ({ value, hint: EVENT_HINTS[value] }),
);

/** "All 8 events" or the types, comma-separated. */
export function eventTypesText(types: readonly string[]): string {
  return types.length === WEBHOOK_EVENTS.length ? `All ${types.length} events` : types.join(', ');
}

/** Why an endpoint is disabled, for people. */
export function disabledText(endpoint: Pick<WebhookEndpointView, 'enabled' | 'disabledReason'>): string | null {
  if (endpoint.enabled) return null;
  if (endpoint.disabledReason === 'receiver_gone') {
    return 'Disabled by the system: the receiver answered 410 Gone. Enable it again once the receiver is back.';
  }
  return endpoint.disabledReason
    ? `Disabled: ${endpoint.disabledReason}`
    : 'Disabled: its event deliveries wait until it is enabled again.';
}

/** How a delivery came about: an event, a test ping, a manual redelivery. */
export function triggerText(d: Pick<WebhookDeliveryView, 'trigger'>): string {
  return d.trigger === 'test' ? 'test ping' : d.trigger === 'redelivery' ? 'redelivery' : 'event';
}

/**
 * A refused webhook action as a sentence: the endpoint limit (409 WEBHOOK_ENDPOINT_LIMIT), a delivery still under way
 * (409 WEBHOOK_DELIVERY_IN_PROGRESS), or the API's message.
 */
export function webhookFailure(err: unknown, fallback: string, delivery?: WebhookDeliveryView): string {
  switch (errorCode(err)) {
    case 'WEBHOOK_ENDPOINT_LIMIT':
      return `No endpoint was added. ${errorMessage(err)}.`;
    case 'WEBHOOK_DELIVERY_IN_PROGRESS': {
      if (!delivery) return `Not redelivered. ${errorMessage(err)}.`;
      const next = delivery.nextAttemptAt ? ` (its next attempt is at ${formatInstant(delivery.nextAttemptAt)})` : '';
      return `Not redelivered: this delivery is still ${delivery.status}${next}. It can be redelivered once it is delivered or failed.`;
    }
    default:
      return errorMessage(err, fallback);
  }
}
