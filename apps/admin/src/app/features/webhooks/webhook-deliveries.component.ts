import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import type { WebhookDeliveryView, WebhookEndpointView } from '@app/contracts';
import { Observable } from 'rxjs';
import { WebhookDeliveryStatus, WebhooksApi } from '../../core/api/webhooks.api';
import { errorMessage } from '../../core/errors';
import { CursorPager } from '../../shared/cursor-pager';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { WebhookActions } from './webhook-actions';
import { disabledText, eventTypesText, triggerText, webhookFailure } from './webhook-events';

const STATUSES: { value: WebhookDeliveryStatus; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'sending', label: 'Sending' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'failed', label: 'Failed' },
];

/** How often the log is read again while a delivery is being sent or due within a minute. */
const POLL_MS = 2000;

/**
 * `/settings/webhooks/:id`: one endpoint and its delivery log, newest first (status, event type, attempts, last
 * status code and error, next attempt, delivered at; paged, filtered by status), read again every 2 s while a
 * delivery is under way. Admins send a test ping, redeliver a delivered or failed event, edit, rotate, delete.
 */
@Component({
  selector: 'app-webhook-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatTableModule,
    PageStateComponent,
    IconComponent,
    InstantPipe,
  ],
  template: `
    <div class="breadcrumb"><a routerLink="/settings/webhooks">Webhooks</a></div>
    <app-page-state [loading]="loadingEndpoint()" [error]="endpointError()" (retry)="loadEndpoint()" />
    @if (endpoint(); as w) {
      <div class="page-header">
        <h2 class="title" data-testid="webhook-title"><code>{{ w.url }}</code></h2>
        @if (actions.canManage()) {
          <button mat-flat-button type="button" (click)="test(w)" [disabled]="testing()" data-testid="webhook-test"><app-icon name="send" /> Send test ping</button>
          <button mat-stroked-button type="button" (click)="run(actions.edit(w))" data-testid="webhook-edit"><app-icon name="edit" /> Edit</button>
          <button mat-stroked-button type="button" (click)="run(actions.rotate(w))" data-testid="webhook-rotate"><app-icon name="key" /> Rotate secret</button>
          <button mat-button type="button" (click)="remove(w)" data-testid="webhook-delete"><app-icon name="delete" /> Delete</button>
        }
      </div>
      <mat-card appearance="outlined">
        <mat-card-content>
          <dl class="details" data-testid="webhook-details">
            @if (w.description) { <dt>Description</dt><dd>{{ w.description }}</dd> }
            <dt>Status</dt>
            <dd data-testid="webhook-enabled-text">@if (w.enabled) { Enabled: events are delivered } @else { {{ disabled(w) }} }</dd>
            <dt>Events</dt><dd data-testid="webhook-events-text">{{ eventsText(w.eventTypes) }}</dd>
            <dt>Signing secret</dt>
            <dd>made {{ w.secretCreatedAt | instant }}@if (w.previousSecretExpiresAt) {; the previous one signs too until {{ w.previousSecretExpiresAt | instant }}}</dd>
          </dl>
          @if (!actions.canManage()) { <p class="muted" data-testid="webhooks-read-only">Only admins send pings, redeliver or change the endpoint.</p> }
        </mat-card-content>
      </mat-card>
    }
    @if (actionError(); as message) {
      <div class="error-box" role="alert" data-testid="webhook-action-error">
        <span>{{ message }}</span>
        <button mat-button type="button" (click)="actionError.set(null)">Dismiss</button>
      </div>
    }

    <div class="section-head">
      <h3>Delivery log</h3>
      <mat-form-field class="status-filter" subscriptSizing="dynamic">
        <mat-label>Status</mat-label>
        <select matNativeControl [value]="status()" (change)="setStatus($any($event.target).value)" data-testid="deliveries-filter-status">
          <option value="">All</option>
          @for (s of statuses; track s.value) { <option [value]="s.value">{{ s.label }}</option> }
        </select>
      </mat-form-field>
      <button mat-button type="button" (click)="pager.load()" [disabled]="pager.loading()" data-testid="deliveries-reload"><app-icon name="refresh" /> Reload</button>
    </div>
    <app-page-state [loading]="pager.loading()" [error]="pager.error()" (retry)="pager.load()" />
    <div class="table-wrap">
      <table mat-table [dataSource]="pager.items()" aria-label="Delivery log" data-testid="deliveries-table">
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef>Event time</th>
          <td mat-cell *matCellDef="let d" class="when">{{ d.eventTimestamp | instant }}<div class="muted id" [attr.title]="'webhook-id ' + d.eventId">…{{ d.eventId.slice(-12) }}</div></td>
        </ng-container>
        <ng-container matColumnDef="eventType">
          <th mat-header-cell *matHeaderCellDef>Event</th>
          <td mat-cell *matCellDef="let d"><code data-testid="delivery-event-type">{{ d.eventType }}</code><div class="muted" data-testid="delivery-trigger">{{ trigger(d) }}</div></td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let d"><span class="chip chip-{{ d.status }}" data-testid="delivery-status" [attr.data-status]="d.status">{{ d.status }}</span></td>
        </ng-container>
        <ng-container matColumnDef="attempts">
          <th mat-header-cell *matHeaderCellDef class="num">Attempts</th>
          <td mat-cell *matCellDef="let d" class="num" data-testid="delivery-attempts">{{ d.attempts }} / {{ d.maxAttempts }}</td>
        </ng-container>
        <ng-container matColumnDef="lastAnswer">
          <th mat-header-cell *matHeaderCellDef>Last status / error</th>
          <td mat-cell *matCellDef="let d" class="answer">
            <span class="code" data-testid="delivery-status-code">{{ d.lastStatusCode ?? '—' }}</span>
            @if (d.lastError) { <div class="error-text" data-testid="delivery-error">{{ d.lastError }}</div> }
          </td>
        </ng-container>
        <ng-container matColumnDef="nextAttemptAt">
          <th mat-header-cell *matHeaderCellDef>Next attempt</th>
          <td mat-cell *matCellDef="let d" class="when" data-testid="delivery-next-attempt">{{ d.nextAttemptAt ? (d.nextAttemptAt | instant) : '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="deliveredAt">
          <th mat-header-cell *matHeaderCellDef>Delivered</th>
          <td mat-cell *matCellDef="let d" class="when" data-testid="delivery-delivered-at">{{ d.deliveredAt ? (d.deliveredAt | instant) : '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let d" class="actions">
            @if (actions.canManage() && (d.status === 'delivered' || d.status === 'failed')) {
              <button mat-button type="button" (click)="redeliver(d)" [disabled]="redelivering() === d.id" [attr.aria-label]="'Redeliver ' + d.eventType"
                data-testid="delivery-redeliver"><app-icon name="refresh" /> Redeliver</button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let d; columns: columns" data-testid="delivery-row" [attr.data-delivery-id]="d.id" [attr.data-trigger]="d.trigger"></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell empty" [attr.colspan]="columns.length" data-testid="deliveries-empty">
            @if (!pager.loading() && !pager.error()) { No deliveries{{ status() ? ' in this status' : ' yet' }}.@if (actions.canManage() && !status()) { Send a test ping to try the receiver.} }
          </td>
        </tr>
      </table>
      <div class="pager">
        <button mat-icon-button type="button" (click)="pager.back()" [disabled]="!pager.hasPrevious() || pager.loading()" aria-label="Previous page" data-testid="deliveries-prev">
          <app-icon name="chevron_left" />
        </button>
        <span class="muted">Page {{ pager.pageNumber() }}</span>
        <button mat-icon-button type="button" (click)="pager.next()" [disabled]="!pager.nextCursor() || pager.loading()" aria-label="Next page" data-testid="deliveries-next">
          <app-icon name="chevron_right" />
        </button>
      </div>
    </div>
  `,
  styles: `
    .title { font: var(--mat-sys-title-medium); margin: 0; flex: 1; overflow-wrap: anywhere; }
    .section-head { display: flex; align-items: center; gap: 12px; margin: 16px 0 8px; flex-wrap: wrap; }
    .section-head h3 { margin: 0; flex: 1; font: var(--mat-sys-title-medium); }
    .status-filter { width: 160px; }
    .id { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 11px; }
    .error-text { color: var(--mat-sys-error); font-size: 13px; max-width: 280px; overflow-wrap: anywhere; }
    td.actions { text-align: right; white-space: nowrap; }
    td.when { min-width: 104px; }
    td.answer { min-width: 90px; }
    .code { font-variant-numeric: tabular-nums; font-weight: 500; }
    .error-box { display: flex; align-items: center; justify-content: space-between; gap: 12px; margin-top: 12px; }
    td.empty { padding: 16px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class WebhookDeliveriesComponent {
  readonly id = input.required<string>();

  private readonly api = inject(WebhooksApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(WebhookActions);

  protected readonly statuses = STATUSES;
  protected readonly columns = ['createdAt', 'eventType', 'status', 'attempts', 'lastAnswer', 'nextAttemptAt', 'deliveredAt', 'actions'];
  protected readonly eventsText = eventTypesText;
  protected readonly disabled = disabledText;
  protected readonly trigger = triggerText;
  protected readonly endpoint = signal<WebhookEndpointView | null>(null);
  protected readonly loadingEndpoint = signal(true);
  protected readonly endpointError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly testing = signal(false);
  protected readonly redelivering = signal<string | null>(null);
  protected readonly status = signal<WebhookDeliveryStatus | ''>('');
  protected readonly pager = new CursorPager<WebhookDeliveryView>(
    (cursor) => this.api.deliveries(this.id(), cursor, 25, this.status() || undefined),
    'The delivery log could not be loaded',
  );

  constructor() {
    effect(() => {
      this.id();
      untracked(() => {
        this.loadEndpoint();
        this.pager.first();
      });
    });
    // While a delivery is being sent (or due within a minute), the log is read again: its outcome shows by itself.
    effect((onCleanup) => {
      const soon = Date.now() + 60_000;
      const underWay = this.pager
        .items()
        .some((d) => d.status === 'sending' || (d.status === 'pending' && (!d.nextAttemptAt || Date.parse(d.nextAttemptAt) <= soon)));
      if (!underWay || this.pager.loading()) return;
      const timer = setTimeout(() => this.pager.load(true), POLL_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  loadEndpoint(): void {
    this.loadingEndpoint.set(true);
    this.endpointError.set(null);
    this.api.get(this.id()).subscribe({
      next: (w) => {
        this.endpoint.set(w);
        this.loadingEndpoint.set(false);
      },
      error: (err: unknown) => {
        this.loadingEndpoint.set(false);
        this.endpointError.set(errorMessage(err, 'The webhook endpoint could not be loaded'));
      },
    });
  }

  protected setStatus(value: string): void {
    this.status.set(value as WebhookDeliveryStatus | '');
    this.pager.first();
  }

  protected test(endpoint: WebhookEndpointView): void {
    this.actionError.set(null);
    this.testing.set(true);
    this.actions
      .test(endpoint)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.testing.set(false);
          this.pager.first();
        },
        error: (err: unknown) => {
          this.testing.set(false);
          this.actionError.set(webhookFailure(err, 'The test ping could not be sent'));
        },
      });
  }

  protected redeliver(delivery: WebhookDeliveryView): void {
    const endpoint = this.endpoint();
    if (!endpoint) return;
    this.actionError.set(null);
    this.redelivering.set(delivery.id);
    this.actions
      .redeliver(endpoint, delivery)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.redelivering.set(null);
          this.pager.first(); // the new delivery is the newest
        },
        error: (err: unknown) => {
          this.redelivering.set(null);
          this.actionError.set(webhookFailure(err, 'The delivery could not be redelivered', delivery));
          this.pager.load();
        },
      });
  }

  protected remove(endpoint: WebhookEndpointView): void {
    this.actions
      .remove(endpoint)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => void this.router.navigate(['/settings/webhooks']),
        error: (err: unknown) => this.actionError.set(webhookFailure(err, 'The endpoint could not be deleted')),
      });
  }

  /** Edit, rotate: the endpoint is read again once it changed. */
  protected run(action: Observable<unknown>): void {
    this.actionError.set(null);
    action.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => this.loadEndpoint(),
      error: (err: unknown) => this.actionError.set(webhookFailure(err, 'The endpoint could not be changed')),
    });
  }
}
