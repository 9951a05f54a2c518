import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatTableModule } from '@angular/material/table';
import type { TaxRateView } from '@app/contracts';
import { filter, switchMap } from 'rxjs';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorCode, errorMessage } from '../../core/errors';
import { TAX_CATEGORY_NAMES, percentText, taxRateText } from '../../core/taxes';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { TaxRateDialogComponent } from './tax-rate-dialog.component';

/**
 * Settings > Tax rates: the organization's rates (name, percent, EN 16931 category, exemption reason), with the
 * archived ones on request. Admins and billing users create, edit and archive (a rate that a plan or customer
 * uses is not archived: 409 TAX_RATE_IN_USE, explained above the list); viewers read.
 */
@Component({
  selector: 'app-tax-rates',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatTableModule, MatButtonModule, MatCheckboxModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page-header">
      <h2 class="title">Tax rates</h2>
      <mat-checkbox [checked]="showArchived()" (change)="toggleArchived($event.checked)" data-testid="tax-rates-show-archived">Show archived</mat-checkbox>
      @if (auth.canWrite()) {
        <button mat-flat-button type="button" (click)="open(null)" data-testid="tax-rate-new"><app-icon name="add" /> New tax rate</button>
      }
    </div>
    <p class="muted intro">
      A <a routerLink="/plans">billing plan</a> names up to two default rates (e.g. GST and PST, each on the net amount);
      a <a routerLink="/departments">customer</a> can have its own instead. A change applies to the bills made afterwards: every bill keeps a copy of the rates it applied.
    </p>
    <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
    @if (actionError(); as message) {
      <div class="error-box" role="alert" data-testid="tax-rates-error">
        <span>{{ message }}</span>
        <button mat-button type="button" (click)="actionError.set(null)" aria-label="Dismiss">Dismiss</button>
      </div>
    }
    <div class="table-wrap">
      <table mat-table [dataSource]="rates()" aria-label="Tax rates" data-testid="tax-rates-table">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>Name</th>
          <td mat-cell *matCellDef="let r" data-testid="tax-rate-name-cell">{{ r.name }}</td>
        </ng-container>
        <ng-container matColumnDef="rate">
          <th mat-header-cell *matHeaderCellDef class="num">Rate</th>
          <td mat-cell *matCellDef="let r" class="num" data-testid="tax-rate-percent-cell">{{ percent(r.ratePercent) }}</td>
        </ng-container>
        <ng-container matColumnDef="category">
          <th mat-header-cell *matHeaderCellDef>Category</th>
          <td mat-cell *matCellDef="let r" data-testid="tax-rate-category-cell"><span class="code">{{ r.categoryCode }}</span> {{ categoryName(r.categoryCode) }}</td>
        </ng-container>
        <ng-container matColumnDef="reason">
          <th mat-header-cell *matHeaderCellDef>Exemption reason</th>
          <td mat-cell *matCellDef="let r" class="reason">{{ r.exemptionReason || '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let r">
            @if (r.archivedAt) {
              <span class="chip chip-ended" [attr.title]="'Archived ' + (r.archivedAt | instant)" data-testid="tax-rate-status">archived</span>
            } @else {
              <span class="chip chip-active" data-testid="tax-rate-status">active</span>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let r" class="actions">
            @if (auth.canWrite() && !r.archivedAt) {
              <button mat-button type="button" (click)="open(r)" [attr.aria-label]="'Edit ' + label(r)" data-testid="tax-rate-edit">
                <app-icon name="edit" /> Edit
              </button>
              <button mat-button type="button" (click)="archive(r)" [attr.aria-label]="'Archive ' + label(r)" data-testid="tax-rate-archive">
                <app-icon name="archive" /> Archive
              </button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let r; columns: columns" data-testid="tax-rate-row" [attr.data-tax-rate-id]="r.id" [attr.data-tax-rate-name]="r.name"
          [class.archived]="!!r.archivedAt"></tr>
        <tr class="mat-row" *matNoDataRow>
          <td class="mat-cell empty" [attr.colspan]="columns.length" data-testid="tax-rates-empty">
            @if (loaded()) {
              No tax rates{{ showArchived() ? '' : ' (archived ones are hidden)' }}. Bills are untaxed until a plan or customer has a rate@if (auth.canWrite()) {: create one, e.g. VAT 19 % (S)}.
            }
          </td>
        </tr>
      </table>
    </div>
  `,
  styles: `
    .title { font: var(--mat-sys-title-large); margin: 0; flex: 1; }
    .intro { margin: 0 0 12px; max-width: 860px; }
    .code { display: inline-block; min-width: 28px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .reason { max-width: 360px; font-size: 13px; }
    td.actions { text-align: right; white-space: nowrap; }
    tr.archived td { color: var(--mat-sys-on-surface-variant); }
    .error-box { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
    td.empty { padding: 16px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class TaxRatesComponent {
  private readonly api = inject(TaxRatesApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly rates = signal<TaxRateView[]>([]);
  protected readonly showArchived = signal(false);
  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** A refused archive (409 TAX_RATE_IN_USE): the API's sentence names the plans and customers. */
  protected readonly actionError = signal<string | null>(null);
  protected readonly columns = ['name', 'rate', 'category', 'reason', 'status', 'actions'];
  protected readonly percent = percentText;
  protected readonly label = taxRateText;

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list(this.showArchived()).subscribe({
      next: (rates) => {
        this.rates.set(rates);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The tax rates could not be loaded'));
      },
    });
  }

  protected categoryName(code: TaxRateView['categoryCode']): string {
    return TAX_CATEGORY_NAMES[code] ?? code;
  }

  protected toggleArchived(checked: boolean): void {
    this.showArchived.set(checked);
    this.load();
  }

  open(rate: TaxRateView | null): void {
    this.actionError.set(null);
    this.dialog
      .open<TaxRateDialogComponent, TaxRateView | null, TaxRateView>(TaxRateDialogComponent, {
        data: rate,
        width: '560px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((saved) => {
        this.load(); // also after a 409 TAX_RATE_ARCHIVED: the list shows what is stored
        if (saved) this.notify.ok(rate ? `Tax rate "${taxRateText(saved)}" saved` : `Tax rate "${taxRateText(saved)}" created`);
      });
  }

  archive(rate: TaxRateView): void {
    this.actionError.set(null);
    confirmAction(this.dialog, {
      title: 'Archive tax rate',
      message:
        `Archive "${taxRateText(rate)}"? Plans and customers can no longer choose it; it stays on the bills that applied it. ` +
        'A rate that a plan or customer still uses can not be archived.',
      confirmLabel: 'Archive',
      danger: true,
    })
      .pipe(
        filter((reason) => reason !== null),
        switchMap(() => this.api.archive(rate.id)),
      )
      .subscribe({
        next: (archived) => {
          this.notify.ok(`Tax rate "${taxRateText(archived)}" archived`);
          this.load();
        },
        error: (err: unknown) => {
          if (errorCode(err) === 'TAX_RATE_IN_USE') {
            this.actionError.set(`"${taxRateText(rate)}" can not be archived. ${errorMessage(err)}.`);
          } else {
            this.actionError.set(errorMessage(err, 'The tax rate could not be archived'));
          }
        },
      });
  }
}
