import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { WebhookDeliveryView, WebhookEndpointView, WebhookEndpointWithSecretView } from '@app/contracts';
import { Observable, filter, map, switchMap, tap } from 'rxjs';
import { WebhooksApi } from '../../core/api/webhooks.api';
import { AuthService } from '../../core/auth/auth.service';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import {
  WebhookDialogComponent,
  WebhookRotateDialogComponent,
  WebhookSecretDialogComponent,
  WebhookSecretData,
} from './webhook-dialogs.component';

/**
 * The endpoint actions, shared by Settings › Webhooks and an endpoint's delivery log. Each emits once it changed
 * something and completes; a refusal is an error the page shows as a sentence (`webhookFailure`).
 */
@Injectable({ providedIn: 'root' })
export class WebhookActions {
  private readonly dialog = inject(MatDialog);
  private readonly api = inject(WebhooksApi);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);

  /** Admins manage endpoints (`webhooks:manage`); billing users read them and their log. */
  canManage(): boolean {
    return this.auth.can('webhooks:manage');
  }

  /** The create dialog, then the new secret (shown once). Emits the new endpoint. */
  create(): Observable<WebhookEndpointWithSecretView> {
    return this.dialog
      .open<WebhookDialogComponent, WebhookEndpointView | null, WebhookEndpointWithSecretView>(WebhookDialogComponent, {
        data: null,
        width: '640px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .pipe(
        filter((created): created is WebhookEndpointWithSecretView => !!created),
        tap((created) => this.showSecret(created, false)),
      );
  }

  edit(endpoint: WebhookEndpointView): Observable<WebhookEndpointView> {
    return this.dialog
      .open<WebhookDialogComponent, WebhookEndpointView | null, WebhookEndpointView>(WebhookDialogComponent, {
        data: endpoint,
        width: '640px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .pipe(
        filter((saved): saved is WebhookEndpointView => !!saved),
        tap(() => this.notify.ok('Webhook endpoint saved')),
      );
  }

  /** The rotate dialog, then the new secret (shown once). */
  rotate(endpoint: WebhookEndpointView): Observable<WebhookEndpointWithSecretView> {
    return this.dialog
      .open<WebhookRotateDialogComponent, WebhookEndpointView, WebhookEndpointWithSecretView>(WebhookRotateDialogComponent, {
        data: endpoint,
        width: '560px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .pipe(
        filter((rotated): rotated is WebhookEndpointWithSecretView => !!rotated),
        tap((rotated) => this.showSecret(rotated, true)),
      );
  }

  /** A `webhook.test` ping to this endpoint, sent at once (enabled or not): emits its delivery. */
  test(endpoint: WebhookEndpointView): Observable<WebhookDeliveryView> {
    return this.api.test(endpoint.id).pipe(tap(() => this.notify.ok('Test ping sent: its outcome shows in the delivery log')));
  }

  /** After a confirmation: the endpoint and its delivery log are deleted; deliveries not made yet are not made. */
  remove(endpoint: WebhookEndpointView): Observable<true> {
    return confirmAction(this.dialog, {
      title: 'Delete webhook endpoint',
      message:
        `Delete ${endpoint.url}${endpoint.description ? ` (${endpoint.description})` : ''} with its delivery log? ` +
        'Deliveries not made yet are not made. To pause it instead, edit it and turn "Enabled" off.',
      confirmLabel: 'Delete',
      danger: true,
    }).pipe(
      filter((reason) => reason !== null),
      switchMap(() => this.api.remove(endpoint.id)),
      map(() => true as const),
      tap(() => this.notify.ok('Webhook endpoint deleted')),
    );
  }

  /** The delivery's event again, as a new delivery (the same `webhook-id`). */
  redeliver(endpoint: WebhookEndpointView, delivery: WebhookDeliveryView): Observable<WebhookDeliveryView> {
    return this.api.redeliver(endpoint.id, delivery.id).pipe(tap(() => this.notify.ok(`${delivery.eventType} redelivery queued`)));
  }

  private showSecret(endpoint: WebhookEndpointWithSecretView, rotated: boolean): void {
    this.dialog.open<WebhookSecretDialogComponent, WebhookSecretData>(WebhookSecretDialogComponent, {
      data: { endpoint, rotated },
      width: '620px',
      maxWidth: '96vw',
      disableClose: true,
    });
  }
}
