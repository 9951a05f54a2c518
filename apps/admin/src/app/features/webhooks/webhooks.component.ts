import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import type { WebhookEndpointView } from '@app/contracts';
import { Observable } from 'rxjs';
import { WebhooksApi } from '../../core/api/webhooks.api';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { WebhookActions } from './webhook-actions';
import { disabledText, eventTypesText, webhookFailure } from './webhook-events';

/**
 * Settings › Webhooks: the organization's endpoints (URL, events, enabled, secret age), each with its delivery log.
 * Admins create (the secret is shown once), edit, send a test ping, rotate the secret and delete; billing users read.
 */
@Component({
  selector: 'app-webhooks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatTableModule, MatButtonModule, MatMenuModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page-header">
      <h2 class="title">Webhooks</h2>
      @if (actions.canManage()) {
        <button mat-flat-button type="button" (click)="create()" data-testid="webhook-new"><app-icon name="add" /> New endpoint</button>
      }
    </div>
    <p class="muted intro">
      Other systems learn what happened (a bill drafted or issued, a payment recorded…) from signed JSON POSTed to their endpoints
      (Standard Webhooks), delivered at least once with retries; each endpoint keeps a delivery log.
      @if (!actions.canManage()) { <span data-testid="webhooks-read-only">Only admins add or change endpoints.</span> }
    </p>
    <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
    @if (actionError(); as message) {
      <div class="error-box" role="alert" data-testid="webhooks-error">
        <span>{{ message }}</span>
        <button mat-button type="button" (click)="actionError.set(null)">Dismiss</button>
      </div>
    }
    <div class="table-wrap">
      <table mat-table [dataSource]="endpoints()" aria-label="Webhook endpoints" data-testid="webhooks-table">
        <ng-container matColumnDef="url">
          <th mat-header-cell *matHeaderCellDef>Endpoint</th>
          <td mat-cell *matCellDef="let w">
            <a class="url" [routerLink]="[w.id]" data-testid="webhook-url-cell">{{ w.url }}</a>
            @if (w.description) { <div class="muted">{{ w.description }}</div> }
          </td>
        </ng-container>
        <ng-container matColumnDef="events">
          <th mat-header-cell *matHeaderCellDef>Events</th>
          <td mat-cell *matCellDef="let w" class="events" data-testid="webhook-events-cell">{{ eventsText(w.eventTypes) }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let w">
            @if (w.enabled) {
              <span class="chip chip-active" data-testid="webhook-status">enabled</span>
            } @else {
              <span class="chip chip-inactive" [attr.title]="disabled(w)" data-testid="webhook-status">disabled</span>
              @if (w.disabledReason) { <div class="muted small">{{ disabled(w) }}</div> }
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="secret">
          <th mat-header-cell *matHeaderCellDef>Signing secret</th>
          <td mat-cell *matCellDef="let w" class="small">
            made {{ w.secretCreatedAt | instant }}
            @if (w.previousSecretExpiresAt) { <div class="muted">previous one signs until {{ w.previousSecretExpiresAt | instant }}</div> }
          </td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let w" class="actions">
            <a mat-button [routerLink]="[w.id]" data-testid="webhook-deliveries-link"><app-icon name="history" /> Delivery log</a>
            @if (actions.canManage()) {
              <button mat-icon-button type="button" [matMenuTriggerFor]="menu" [matMenuTriggerData]="{ endpoint: w }"
                [attr.aria-label]="'Actions for ' + w.url" data-testid="webhook-menu">
                <app-icon name="more_vert" />
              </button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let w; columns: columns" data-testid="webhook-row" [attr.data-webhook-id]="w.id" [attr.data-webhook-url]="w.url"></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell empty" [attr.colspan]="columns.length" data-testid="webhooks-empty">
            @if (loaded()) { No webhook endpoints yet.@if (actions.canManage()) { Add one to tell another system about bills and payments.} }
          </td>
        </tr>
      </table>
    </div>

    <mat-menu #menu="matMenu">
      <ng-template matMenuContent let-endpoint="endpoint">
        <button mat-menu-item type="button" (click)="test(endpoint)" data-testid="webhook-menu-test"><app-icon name="send" /><span>Send test ping</span></button>
        <button mat-menu-item type="button" (click)="run(actions.edit(endpoint))" data-testid="webhook-menu-edit"><app-icon name="edit" /><span>Edit</span></button>
        <button mat-menu-item type="button" (click)="run(actions.rotate(endpoint))" data-testid="webhook-menu-rotate"><app-icon name="key" /><span>Rotate secret</span></button>
        <button mat-menu-item type="button" (click)="run(actions.remove(endpoint))" data-testid="webhook-menu-delete"><app-icon name="delete" /><span>Delete</span></button>
      </ng-template>
    </mat-menu>
  `,
  styles: `
    .title { font: var(--mat-sys-title-large); margin: 0; flex: 1; }
    .intro { margin: 0 0 12px; max-width: 900px; }
    a.url { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; color: inherit; overflow-wrap: anywhere; }
    td.events { max-width: 280px; font-size: 13px; }
    td.actions { text-align: right; white-space: nowrap; }
    .small { font-size: 13px; }
    .error-box { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
    td.empty { padding: 16px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class WebhooksComponent {
  private readonly api = inject(WebhooksApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(WebhookActions);

  protected readonly endpoints = signal<WebhookEndpointView[]>([]);
  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** A refused action (a 409 such as WEBHOOK_ENDPOINT_LIMIT) as a sentence. */
  protected readonly actionError = signal<string | null>(null);
  protected readonly columns = ['url', 'events', 'status', 'secret', 'actions'];
  protected readonly eventsText = eventTypesText;
  protected readonly disabled = disabledText;

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list().subscribe({
      next: (endpoints) => {
        this.endpoints.set(endpoints);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The webhook endpoints could not be loaded'));
      },
    });
  }

  protected create(): void {
    this.run(this.actions.create());
  }

  /** Sends the ping and opens the endpoint's delivery log, where its outcome shows. */
  protected test(endpoint: WebhookEndpointView): void {
    this.actionError.set(null);
    this.actions
      .test(endpoint)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => void this.router.navigate(['/settings/webhooks', endpoint.id]),
        error: (err: unknown) => this.actionError.set(webhookFailure(err, 'The test ping could not be sent')),
      });
  }

  /** Runs an action and reloads once it changed something; a refusal shows above the list. */
  protected run(action: Observable<unknown>): void {
    this.actionError.set(null);
    action.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: () => this.load(),
      error: (err: unknown) => {
        this.actionError.set(webhookFailure(err, 'The endpoint could not be changed'));
        this.load();
      },
    });
  }
}
