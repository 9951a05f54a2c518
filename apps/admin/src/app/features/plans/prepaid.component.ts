import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatTableModule } from '@angular/material/table';
import type { AssociationView, BalancesView, BlockView, LedgerEntryView, PlanView } from '@app/contracts';
import { forkJoin } from 'rxjs';
import { PlansApi } from '../../core/api/plans.api';
import { PrepaidApi } from '../../core/api/prepaid.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { blockState, blockStateLabel, entryText, retainerText, signedUnits, unitsText } from '../../core/prepaid';
import { formatZoned } from '../../core/zoned-time';
import { CursorPager } from '../../shared/cursor-pager';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe, MoneyPipe } from '../../shared/pipes';
import { BuyBlockData, BuyBlockDialogComponent } from './buy-block-dialog.component';
import { isActive } from './plan-helpers';

/** Chip class of each block state (the colours the console uses for the like of them). */
const STATE_CHIPS: Record<ReturnType<typeof blockState>, string> = {
  usable: 'chip-active',
  waiting_for_payment: 'chip-pending',
  used_up: 'chip-ended',
  expired: 'chip-ended',
  cancelled: 'chip-cancelled',
};

/**
 * `/plans/:planId/customers/:associationId/prepaid`: one customer's prepaid hours (issue #17). Its retainer in words,
 * what is available now (rolled-over hours with their expiry, blocks), its blocks with their invoices, and the ledger
 * (newest first, paged); "Buy block" for those who may write bills.
 */
@Component({
  selector: 'app-prepaid',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatCardModule, MatTableModule, PageStateComponent, IconComponent, MoneyPipe, InstantPipe],
  template: `
    <div class="page">
      <div class="breadcrumb">
        <a routerLink="/settings/organization">Settings</a> › Organization › Billing › <a routerLink="/plans">Billing Plans</a> ›
        <a [routerLink]="['/plans', planId()]" data-testid="prepaid-plan-link">{{ plan()?.name ?? 'Plan' }}</a>
      </div>
      @let a = association();
      @let p = plan();
      @let b = balances();
      <div class="page-header">
        <h1 data-testid="prepaid-title">Prepaid hours{{ a ? ' · ' + a.department.name : '' }}</h1>
        <button mat-stroked-button type="button" (click)="load()" [disabled]="loading()" data-testid="prepaid-refresh"><app-icon name="refresh" /> Refresh</button>
        @if (a && p && canBuy(a)) {
          <button mat-flat-button type="button" (click)="buy(a, p)" data-testid="prepaid-buy-block"><app-icon name="add" /> Buy block</button>
        }
      </div>
      <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />

      @if (a && p && b) {
        <div class="top">
          <mat-card appearance="outlined">
            <mat-card-header><mat-card-title>Retainer</mat-card-title></mat-card-header>
            <mat-card-content>
              @if (b.retainer; as r) {
                <p class="retainer" data-testid="prepaid-retainer">{{ retainer(r, p, a) }}</p>
              } @else {
                <p class="muted" data-testid="prepaid-retainer">No retainer: usage draws from prepaid blocks, then is billed at the plan's rate.</p>
              }
              <p class="muted source" data-testid="prepaid-retainer-source">
                {{ a.retainerOverride ? "This customer's own (it replaces the plan's)." : "The plan's retainer." }}
                @if (auth.canWrite() && active()) { Change it with Edit on <a [routerLink]="['/plans', p.id]">the plan's page</a>. }
              </p>
            </mat-card-content>
          </mat-card>
          <mat-card appearance="outlined">
            <mat-card-header><mat-card-title>Available now</mat-card-title></mat-card-header>
            <mat-card-content>
              <p class="available" data-testid="prepaid-available">{{ units(b.available) }}</p>
              <p class="muted">Rolled-over {{ what() }} and what is left of usable blocks, beside each period's own retainer.</p>
              @if (b.rolled.length === 0) {
                <p class="muted" data-testid="prepaid-rolled-empty">No {{ what() }} rolled over.</p>
              } @else {
                <ul class="rolled" aria-label="Rolled over">
                  @for (r of b.rolled; track r.fromPeriod) {
                    <li data-testid="prepaid-rolled-row" [attr.data-from-period]="r.fromPeriod">
                      <strong>{{ units(r.remaining) }}</strong> rolled over from period {{ r.fromPeriod + 1 }} (from {{ zoned(r.fromPeriodStart) }}),
                      <span data-testid="prepaid-rolled-expires">expires {{ zoned(r.expiresAt) }}</span>
                    </li>
                  }
                </ul>
              }
            </mat-card-content>
          </mat-card>
        </div>

        <h2>Blocks</h2>
        @if (b.blocks.length === 0) {
          <p class="muted" data-testid="prepaid-blocks-empty">No blocks bought yet.@if (canBuy(a)) { Buy block adds one, with its invoice. }</p>
        } @else {
          <div class="table-wrap">
            <table mat-table [dataSource]="blocksNewestFirst()" aria-label="Prepaid blocks" data-testid="prepaid-blocks-table">
              <ng-container matColumnDef="number">
                <th mat-header-cell *matHeaderCellDef>Block</th>
                <td mat-cell *matCellDef="let k" class="bill-number" data-testid="block-number">{{ k.number }}</td>
              </ng-container>
              <ng-container matColumnDef="bought">
                <th mat-header-cell *matHeaderCellDef>Bought</th>
                <td mat-cell *matCellDef="let k" data-testid="block-bought">{{ zoned(k.purchasedAt) }}</td>
              </ng-container>
              <ng-container matColumnDef="held">
                <th mat-header-cell *matHeaderCellDef class="num">Held</th>
                <td mat-cell *matCellDef="let k" class="num" data-testid="block-held">{{ units(k.units) }}</td>
              </ng-container>
              <ng-container matColumnDef="left">
                <th mat-header-cell *matHeaderCellDef class="num">Left</th>
                <td mat-cell *matCellDef="let k" class="num" data-testid="block-left">{{ units(k.remaining) }}</td>
              </ng-container>
              <ng-container matColumnDef="price">
                <th mat-header-cell *matHeaderCellDef class="num">Price</th>
                <td mat-cell *matCellDef="let k" class="num">{{ k.priceMinor | money: k.currency }}</td>
              </ng-container>
              <ng-container matColumnDef="expires">
                <th mat-header-cell *matHeaderCellDef>Expires</th>
                <td mat-cell *matCellDef="let k" data-testid="block-expires">{{ k.expiresAt ? zoned(k.expiresAt) : 'Never' }}</td>
              </ng-container>
              <ng-container matColumnDef="state">
                <th mat-header-cell *matHeaderCellDef>Status</th>
                <td mat-cell *matCellDef="let k">
                  <span class="chip state {{ chip(k) }}" data-testid="block-state" [attr.data-state]="state(k)">{{ stateLabel(k) }}</span>
                </td>
              </ng-container>
              <ng-container matColumnDef="invoice">
                <th mat-header-cell *matHeaderCellDef>Invoice</th>
                <td mat-cell *matCellDef="let k">
                  @if (k.bill; as bill) {
                    <a [routerLink]="['/bills', bill.id]" class="bill-number" data-testid="block-invoice">{{ bill.number ?? 'Draft' }}</a>
                    <span class="muted"> · {{ bill.status }}</span>
                  } @else {
                    <span class="muted">Discarded</span>
                  }
                </td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="blockColumns"></tr>
              <tr mat-row *matRowDef="let k; columns: blockColumns" data-testid="prepaid-block-row" [attr.data-block-number]="k.number"></tr>
            </table>
          </div>
        }

        <h2>History</h2>
        <app-page-state [loading]="ledger.loading()" [error]="ledger.error()" (retry)="ledger.load()" />
        <div class="table-wrap">
          <table mat-table [dataSource]="ledger.items()" aria-label="Prepaid ledger, newest first" data-testid="prepaid-ledger-table">
            <ng-container matColumnDef="when">
              <th mat-header-cell *matHeaderCellDef>When</th>
              <td mat-cell *matCellDef="let e" class="when">{{ e.createdAt | instant }}</td>
            </ng-container>
            <ng-container matColumnDef="entry">
              <th mat-header-cell *matHeaderCellDef>Entry</th>
              <td mat-cell *matCellDef="let e" data-testid="ledger-entry"
                >{{ entry(e) }}@if (e.billId) { · <a [routerLink]="['/bills', e.billId]" class="bill-number">{{ e.billNumber ?? 'draft' }}</a>}</td
              >
            </ng-container>
            <ng-container matColumnDef="change">
              <th mat-header-cell *matHeaderCellDef class="num">Change</th>
              <td mat-cell *matCellDef="let e" class="num" data-testid="ledger-change">{{ signed(e.quantity) }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="ledgerColumns"></tr>
            <tr mat-row *matRowDef="let e; columns: ledgerColumns" data-testid="prepaid-ledger-row" [attr.data-kind]="e.kind"></tr>
            <tr class="mat-row" *matNoDataRow>
              <td class="mat-cell empty" [attr.colspan]="ledgerColumns.length" data-testid="prepaid-ledger-empty">
                @if (!ledger.loading() && !ledger.error()) { Nothing recorded yet: entries appear when a block is bought and when bills draw. }
              </td>
            </tr>
          </table>
          <div class="pager">
            <button mat-icon-button type="button" (click)="ledger.back()" [disabled]="!ledger.hasPrevious() || ledger.loading()" aria-label="Newer entries" data-testid="ledger-prev">
              <app-icon name="chevron_left" />
            </button>
            <span class="muted" data-testid="ledger-page">Page {{ ledger.pageNumber() }}</span>
            <button mat-icon-button type="button" (click)="ledger.next()" [disabled]="!ledger.nextCursor() || ledger.loading()" aria-label="Older entries" data-testid="ledger-next">
              <app-icon name="chevron_right" />
            </button>
          </div>
        </div>
      }
    </div>
  `,
  styles: `
    .top { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 0 16px; align-items: stretch; }
    .retainer { font: var(--mat-sys-body-large); margin: 0 0 8px; }
    .source { font-size: 13px; margin: 0; }
    .available { font: var(--mat-sys-headline-small); margin: 0 0 4px; }
    .rolled { margin: 8px 0 0; padding-left: 20px; }
    .rolled li { margin: 2px 0; }
    .state { text-transform: none; white-space: nowrap; }
    td.when { white-space: nowrap; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PrepaidComponent {
  readonly planId = input.required<string>();
  readonly associationId = input.required<string>();

  private readonly plans = inject(PlansApi);
  private readonly prepaid = inject(PrepaidApi);
  private readonly dialog = inject(MatDialog);
  protected readonly auth = inject(AuthService);

  protected readonly association = signal<AssociationView | null>(null);
  protected readonly plan = signal<PlanView | null>(null);
  protected readonly balances = signal<BalancesView | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly ledger = new CursorPager<LedgerEntryView>(
    (cursor) => this.prepaid.ledger(this.associationId(), cursor, 20),
    'The history could not be loaded',
  );
  protected readonly blockColumns = ['number', 'bought', 'held', 'left', 'price', 'expires', 'state', 'invoice'];
  protected readonly ledgerColumns = ['when', 'entry', 'change'];
  protected readonly active = computed(() => {
    const a = this.association();
    return !!a && isActive(a);
  });
  /** The newest block first, like the history. */
  protected readonly blocksNewestFirst = computed(() => [...(this.balances()?.blocks ?? [])].reverse());

  constructor() {
    effect(() => {
      const id = this.associationId();
      const planId = this.planId();
      untracked(() => this.load(id, planId));
    });
  }

  load(id: string = this.associationId(), planId: string = this.planId()): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({ association: this.plans.association(id), plan: this.plans.get(planId), balances: this.prepaid.balances(id) }).subscribe({
      next: ({ association, plan, balances }) => {
        this.association.set(association);
        this.plan.set(plan);
        this.balances.set(balances);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, "The customer's prepaid hours could not be loaded"));
      },
    });
    this.ledger.first();
  }

  protected canBuy(a: AssociationView): boolean {
    return this.auth.can('bills:write') && isActive(a);
  }

  protected what(): string {
    return this.balances()?.unit === 'sessions' ? 'sessions' : 'hours';
  }

  protected units(n: number): string {
    return unitsText(n, this.balances()?.unit ?? 'seconds');
  }

  protected signed(n: number): string {
    return signedUnits(n, this.balances()?.unit ?? 'seconds');
  }

  protected entry(e: LedgerEntryView): string {
    return entryText(e, this.balances()?.unit ?? 'seconds');
  }

  protected retainer(r: NonNullable<BalancesView['retainer']>, p: PlanView, a: AssociationView): string {
    return retainerText(r, this.balances()?.unit ?? 'seconds', p.currency, a.billingCycle);
  }

  /** An instant in the customer's zone: the day alone at its first instant ("Mar 1, 2026"), else day and time. */
  protected zoned(instant: string): string {
    return formatZoned(instant, this.association()?.timeZone);
  }

  protected state(k: BlockView) {
    return blockState(k);
  }

  protected stateLabel(k: BlockView): string {
    return blockStateLabel(blockState(k));
  }

  protected chip(k: BlockView): string {
    return STATE_CHIPS[blockState(k)];
  }

  buy(a: AssociationView, p: PlanView): void {
    this.dialog
      .open<BuyBlockDialogComponent, BuyBlockData, BlockView>(BuyBlockDialogComponent, {
        data: { association: a, plan: p },
        width: '640px',
        maxWidth: '96vw',
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      // However it closed (after a purchase, Close or Escape), the balances and the history are read again.
      .subscribe(() => this.load());
  }
}
