import { Injectable, inject } from '@angular/core';
import type {
  CreateWebhookEndpointDto,
  Page,
  RotateWebhookSecretDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecretView,
  operations,
} from '@app/contracts';
import { Observable } from 'rxjs';
import { ApiClient } from './api-client';

export type WebhookEventType = CreateWebhookEndpointDto['eventTypes'][number];
export type WebhookDeliveryStatus = NonNullable<NonNullable<operations['webhooks_deliveries']['parameters']['query']>['status']>;

/**
 * `/webhooks` (docs/WEBHOOKS.md): the organization's endpoints, signed events POSTed to receivers. Reading needs
 * `webhooks:read` (admin, billing), every change `webhooks:manage` (admin). The signing secret is in the answers of
 * `create` and `rotateSecret` only.
 */
@Injectable({ providedIn: 'root' })
export class WebhooksApi {
  private readonly api = inject(ApiClient);

  /** Oldest first (at most 50 per organization, so one call reads them all). */
  list(): Observable<WebhookEndpointView[]> {
    return this.api.all<WebhookEndpointView>('/webhooks');
  }
  get(id: string): Observable<WebhookEndpointView> {
    return this.api.get<WebhookEndpointView>(`/webhooks/${id}`);
  }
  create(input: CreateWebhookEndpointDto): Observable<WebhookEndpointWithSecretView> {
    return this.api.post<WebhookEndpointWithSecretView>('/webhooks', input);
  }
  update(id: string, input: UpdateWebhookEndpointDto): Observable<WebhookEndpointView> {
    return this.api.patch<WebhookEndpointView>(`/webhooks/${id}`, input);
  }
  remove(id: string): Observable<void> {
    return this.api.delete(`/webhooks/${id}`);
  }
  /** `previousSecretValidSeconds`: how long the old secret keeps signing too (omitted: a day; 0: stops at once). */
  rotateSecret(id: string, previousSecretValidSeconds?: number): Observable<WebhookEndpointWithSecretView> {
    const body: Partial<RotateWebhookSecretDto> = previousSecretValidSeconds === undefined ? {} : { previousSecretValidSeconds };
    return this.api.post<WebhookEndpointWithSecretView>(`/webhooks/${id}/rotate-secret`, body);
  }
  /** A `webhook.test` event to this endpoint only, sent at once: the new delivery of the log. */
  test(id: string): Observable<WebhookDeliveryView> {
    return this.api.post<WebhookDeliveryView>(`/webhooks/${id}/test`);
  }
  /** The delivery log, newest first. */
  deliveries(id: string, cursor: string | null, limit = 25, status?: WebhookDeliveryStatus): Observable<Page<WebhookDeliveryView>> {
    return this.api.page<WebhookDeliveryView>(`/webhooks/${id}/deliveries`, { cursor, limit, status });
  }
  /** The delivery's event again, as a new delivery (same `webhook-id`); 409 WEBHOOK_DELIVERY_IN_PROGRESS while it is pending or sending. */
  redeliver(id: string, deliveryId: string): Observable<WebhookDeliveryView> {
    return this.api.post<WebhookDeliveryView>(`/webhooks/${id}/deliveries/${deliveryId}/redeliver`);
  }
}
