import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import type { ApiKeyCreatedView, ApiKeyView } from '@app/contracts';
import { SettingsApi } from '../../core/api/settings.api';
import { errorMessage } from '../../core/errors';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { ApiKeyCreateDialogComponent, ApiKeyShownDialogComponent } from './api-key-dialogs.component';

/** Settings > API keys (admins): keys for internal services, created with scopes, shown once, revocable. */
@Component({
  selector: 'app-api-keys',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page-header">
      <h2 class="title">API keys</h2>
      <button mat-flat-button type="button" (click)="create()" data-testid="api-key-new"><app-icon name="key" /> New API key</button>
    </div>
    <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
    <div class="table-wrap">
      <table mat-table [dataSource]="keys()" aria-label="API keys" data-testid="api-keys-table">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>Name</th>
          <td mat-cell *matCellDef="let k">{{ k.name }}<div class="muted"><code>{{ k.prefix }}…</code></div></td>
        </ng-container>
        <ng-container matColumnDef="scopes">
          <th mat-header-cell *matHeaderCellDef>Scopes</th>
          <td mat-cell *matCellDef="let k"><code>{{ k.scopes.join(', ') }}</code></td>
        </ng-container>
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef>Created</th>
          <td mat-cell *matCellDef="let k">{{ k.createdAt | instant }}</td>
        </ng-container>
        <ng-container matColumnDef="lastUsedAt">
          <th mat-header-cell *matHeaderCellDef>Last used</th>
          <td mat-cell *matCellDef="let k">{{ k.lastUsedAt ? (k.lastUsedAt | instant) : 'Never' }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let k">
            @if (k.revokedAt) { <span class="chip chip-revoked">revoked</span> } @else { <span class="chip chip-active">active</span> }
          </td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let k">
            @if (!k.revokedAt) {
              <button mat-button type="button" (click)="revoke(k)" [attr.aria-label]="'Revoke ' + k.name" data-testid="api-key-revoke">
                <app-icon name="delete" /> Revoke
              </button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let k; columns: columns" data-testid="api-key-row" [attr.data-api-key-name]="k.name"></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell empty" [attr.colspan]="columns.length">@if (!loading() && !error()) { No API keys yet. }</td>
        </tr>
      </table>
    </div>
  `,
  styles: `.title { font: var(--mat-sys-title-large); margin: 0; flex: 1; }`,
})
export class ApiKeysComponent {
  private readonly api = inject(SettingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly keys = signal<ApiKeyView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'scopes', 'createdAt', 'lastUsedAt', 'status', 'actions'];

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.apiKeys().subscribe({
      next: (keys) => {
        this.keys.set(keys);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The API keys could not be loaded'));
      },
    });
  }

  create(): void {
    this.dialog
      .open<ApiKeyCreateDialogComponent, void, ApiKeyCreatedView>(ApiKeyCreateDialogComponent, { width: '520px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((created) => {
        if (!created) return;
        this.load();
        this.dialog.open(ApiKeyShownDialogComponent, { data: created, width: '560px', maxWidth: '96vw', disableClose: true });
      });
  }

  revoke(key: ApiKeyView): void {
    confirmAction(this.dialog, {
      title: 'Revoke API key',
      message: `Revoke "${key.name}"? Services using it are refused from now on.`,
      confirmLabel: 'Revoke',
      danger: true,
    }).subscribe((confirmed) => {
      if (confirmed === null) return;
      this.api.revokeApiKey(key.id).subscribe({
        next: () => {
          this.notify.ok(`"${key.name}" revoked`);
          this.load();
        },
        error: (err: unknown) => this.notify.error(err, 'The key could not be revoked'),
      });
    });
  }
}
