import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatTableModule } from '@angular/material/table';
import type { BillListItemView } from '@app/contracts';
import { Observable, catchError, concatMap, filter, from, map, of, switchMap, tap, toArray } from 'rxjs';
import { BillsApi } from '../../core/api/bills.api';
import { AuthService } from '../../core/auth/auth.service';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { CursorPager } from '../../shared/cursor-pager';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { DayPipe, InstantPipe, MoneyPipe, PeriodPipe } from '../../shared/pipes';
import { BillKindTagComponent } from '../../shared/bill-kind-tag.component';
import { BillActions } from './bill-actions';
import { draftFailure, draftTitle } from './bill-label';

/** One draft's outcome in a bulk approval. */
export type ApprovalOutcome =
  { ok: true; draft: BillListItemView; number: string | null } | { ok: false; draft: BillListItemView; reason: string };

/**
 * `/bills/drafts`: the drafts under review (`GET /bills?status=draft`): customer, period, the scheduled issue day,
 * when the review ends (the cron issues it from then) and the total. Each can be approved (issued now), refreshed
 * (re-rated from current usage, its adjustments kept) or discarded (with a reason); the selected ones are approved one
 * after the other, and each failure is named with its reason.
 */
@Component({
  selector: 'app-drafts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatTableModule,
    MatButtonModule,
    MatCheckboxModule,
    PageStateComponent,
    IconComponent,
    BillKindTagComponent,
    MoneyPipe,
    PeriodPipe,
    DayPipe,
    InstantPipe,
  ],
  template: `
    <div class="page">
      <div class="breadcrumb"><a routerLink="/bills">Bills</a></div>
      <div class="page-header">
        <h1>Drafts to review</h1>
        <button mat-button type="button" (click)="pager.load()" [disabled]="pager.loading()" data-testid="drafts-reload"><app-icon name="refresh" /> Reload</button>
      </div>
      <p class="muted intro">
        When a billing period closes, its bill stays a draft for the review window (Settings › Organization, or the customer's own) and has
        no number yet. Add charges or discounts, refresh it from current usage (late sessions join it), approve it to issue it now, or
        discard it. A draft not approved is issued automatically when its review ends.
      </p>

      @if (bulkResult(); as r) {
        <div class="result" [class.failed]="r.failures.length > 0" role="status" data-testid="drafts-bulk-result">
          <div data-testid="drafts-bulk-summary">{{ r.summary }}</div>
          @if (r.failures.length) {
            <ul>
              @for (f of r.failures; track f.draft.id) {
                <li data-testid="drafts-bulk-failure" [attr.data-bill-id]="f.draft.id"><strong>{{ title(f.draft) }}</strong>: {{ f.reason }}</li>
              }
            </ul>
          }
          <button mat-button type="button" (click)="bulkResult.set(null)" data-testid="drafts-bulk-dismiss">Dismiss</button>
        </div>
      }

      @if (auth.canWrite()) {
        <div class="toolbar">
          <mat-checkbox [checked]="allSelected()" [indeterminate]="someSelected()" [disabled]="pager.items().length === 0 || approving()"
            (change)="toggleAll($event.checked)" data-testid="drafts-select-all">Select all on this page</mat-checkbox>
          <span class="spacer"></span>
          @if (progress(); as p) { <span class="muted" role="status" data-testid="drafts-bulk-progress">{{ p }}</span> }
          <button mat-flat-button type="button" (click)="approveSelected()" [disabled]="selectedDrafts().length === 0 || approving()"
            data-testid="drafts-approve-selected">
            <app-icon name="check" /> Approve selected ({{ selectedDrafts().length }})
          </button>
        </div>
      }

      <app-page-state [loading]="pager.loading()" [error]="pager.error()" (retry)="pager.load()" />
      <div class="table-wrap">
        <table mat-table [dataSource]="pager.items()" aria-label="Drafts to review" data-testid="drafts-table">
          <ng-container matColumnDef="select">
            <th mat-header-cell *matHeaderCellDef><span class="sr-only">Select</span></th>
            <td mat-cell *matCellDef="let b">
              <mat-checkbox [checked]="selected().has(b.id)" [disabled]="approving()" (change)="toggle(b.id, $event.checked)"
                [aria-label]="'Select the draft for ' + b.department.name" data-testid="draft-select" />
            </td>
          </ng-container>
          <ng-container matColumnDef="customer">
            <th mat-header-cell *matHeaderCellDef>Customer</th>
            <td mat-cell *matCellDef="let b">
              <a [routerLink]="['/bills', b.id]" class="customer" data-testid="draft-customer">{{ b.department.name }}</a><app-bill-kind-tag [kind]="b.kind" />
              <div class="muted">{{ b.plan.name }}</div>
            </td>
          </ng-container>
          <ng-container matColumnDef="period">
            <th mat-header-cell *matHeaderCellDef>Period</th>
            <td mat-cell *matCellDef="let b" class="period" data-testid="draft-period">{{ b | period }}</td>
          </ng-container>
          <ng-container matColumnDef="issueDate">
            <th mat-header-cell *matHeaderCellDef>Scheduled issue date</th>
            <td mat-cell *matCellDef="let b" class="nowrap" data-testid="draft-issue-date">{{ b.issueDate | day }}<div class="muted">due {{ b.dueDate | day }}</div></td>
          </ng-container>
          <ng-container matColumnDef="reviewUntil">
            <th mat-header-cell *matHeaderCellDef>Issued automatically</th>
            <td mat-cell *matCellDef="let b" class="review" data-testid="draft-review-until">
              {{ b.reviewUntil | instant }}
              @if (reviewEnded(b)) { <div class="muted">review ended: issued by the next billing run</div> }
            </td>
          </ng-container>
          <ng-container matColumnDef="total">
            <th mat-header-cell *matHeaderCellDef class="num" title="Net plus tax">Total (gross)</th>
            <td mat-cell *matCellDef="let b" class="num">
              <span data-testid="draft-total">{{ b.totalMinor | money: b.currency }}</span>
              @if (b.adjustmentsMinor) { <div class="muted">adjustments {{ b.adjustmentsMinor | money: b.currency }}</div> }
            </td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
            <td mat-cell *matCellDef="let b" class="actions">
              @if (actions.canReview(b)) {
                <button mat-button type="button" (click)="run(b, actions.approve(b))" [disabled]="busy(b.id)"
                  [attr.aria-label]="'Approve the draft for ' + b.department.name" data-testid="draft-approve"><app-icon name="check" /> Approve</button>
                <button mat-icon-button type="button" (click)="run(b, actions.refresh(b))" [disabled]="busy(b.id)"
                  [attr.aria-label]="'Refresh the draft for ' + b.department.name" title="Refresh: made again from current usage" data-testid="draft-refresh">
                  <app-icon name="refresh" />
                </button>
                <button mat-icon-button type="button" (click)="discard(b)" [disabled]="busy(b.id)"
                  [attr.aria-label]="'Discard the draft for ' + b.department.name" title="Discard (with a reason)" data-testid="draft-discard">
                  <app-icon name="delete" />
                </button>
              } @else {
                <a mat-button [routerLink]="['/bills', b.id]" data-testid="draft-view"><app-icon name="view" /> View</a>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns()"></tr>
          <tr mat-row *matRowDef="let b; columns: columns()" data-testid="draft-row" [attr.data-bill-id]="b.id" [attr.data-department-name]="b.department.name"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="mat-cell empty" [attr.colspan]="columns().length" data-testid="drafts-empty">
              @if (!pager.loading() && !pager.error()) {
                No drafts to review. Bills are drafts only while a review window runs: set one in <a routerLink="/settings/organization">Settings › Organization</a>.
              }
            </td>
          </tr>
        </table>
        <div class="pager">
          <button mat-icon-button type="button" (click)="pager.back()" [disabled]="!pager.hasPrevious() || pager.loading()" aria-label="Previous page" data-testid="drafts-prev">
            <app-icon name="chevron_left" />
          </button>
          <span class="muted">Page {{ pager.pageNumber() }}</span>
          <button mat-icon-button type="button" (click)="pager.next()" [disabled]="!pager.nextCursor() || pager.loading()" aria-label="Next page" data-testid="drafts-next">
            <app-icon name="chevron_right" />
          </button>
        </div>
      </div>
    </div>
  `,
  styles: `
    .intro { margin: 0 0 12px; max-width: 900px; }
    .toolbar { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; margin-bottom: 8px; }
    .spacer { flex: 1 1 auto; }
    a.customer { font-weight: 500; color: inherit; }
    td.actions { white-space: nowrap; text-align: right; }
    td.nowrap { white-space: nowrap; }
    td.period { min-width: 120px; }
    td.review { min-width: 150px; }
    td.actions .mat-mdc-button { padding: 0 8px; }
    .result { padding: 12px 16px; border-radius: 8px; margin: 0 0 12px; background: #dcf5e3; color: #135c2b; }
    .result.failed { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    .result ul { margin: 8px 0 0; padding-left: 20px; }
  `,
})
export class DraftsComponent {
  private readonly api = inject(BillsApi);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(BillActions);
  protected readonly auth = inject(AuthService);

  protected readonly pager = new CursorPager<BillListItemView>(
    (cursor) => this.api.list({ status: 'draft' }, cursor, 50).pipe(tap((page) => this.keepSelected(page.items))),
    'The drafts could not be loaded',
  );
  protected readonly columns = computed(() =>
    this.auth.canWrite()
      ? ['select', 'customer', 'period', 'issueDate', 'reviewUntil', 'total', 'actions']
      : ['customer', 'period', 'issueDate', 'reviewUntil', 'total', 'actions'],
  );
  protected readonly title = draftTitle;
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  /** The selected drafts in the order listed (they are approved in that order). */
  protected readonly selectedDrafts = computed(() => this.pager.items().filter((b) => this.selected().has(b.id)));
  protected readonly allSelected = computed(
    () => this.pager.items().length > 0 && this.selectedDrafts().length === this.pager.items().length,
  );
  protected readonly someSelected = computed(() => this.selectedDrafts().length > 0 && !this.allSelected());
  protected readonly approving = signal(false);
  protected readonly progress = signal<string | null>(null);
  protected readonly bulkResult = signal<{ summary: string; failures: Extract<ApprovalOutcome, { ok: false }>[] } | null>(null);
  private readonly inFlight = signal<ReadonlySet<string>>(new Set());

  constructor() {
    this.pager.first();
  }

  protected busy(id: string): boolean {
    return this.approving() || this.inFlight().has(id);
  }

  protected reviewEnded(b: BillListItemView): boolean {
    return !!b.reviewUntil && Date.parse(b.reviewUntil) <= Date.now();
  }

  protected toggle(id: string, checked: boolean): void {
    const next = new Set(this.selected());
    if (checked) next.add(id);
    else next.delete(id);
    this.selected.set(next);
  }

  protected toggleAll(checked: boolean): void {
    this.selected.set(checked ? new Set(this.pager.items().map((b) => b.id)) : new Set());
  }

  /** Runs a draft action (approve, refresh) and reloads the list once it changed something. */
  protected run(bill: BillListItemView, action: Observable<boolean>): void {
    this.mark(bill.id, true);
    action.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (changed) => {
        if (changed) this.pager.load();
      },
      complete: () => this.mark(bill.id, false),
    });
  }

  protected discard(bill: BillListItemView): void {
    this.run(bill, this.actions.discard(bill).pipe(map((done) => done !== null)));
  }

  /**
   * Approves the selected drafts one after the other (each takes the next number of the gapless series), after one
   * confirmation; a refusal (issued or discarded meanwhile, …) does not stop the others and is listed with its reason.
   */
  protected approveSelected(): void {
    const drafts = this.selectedDrafts();
    if (drafts.length === 0) return;
    const n = drafts.length;
    confirmAction(this.dialog, {
      title: `Approve ${n} draft${n === 1 ? '' : 's'}`,
      message:
        `${n === 1 ? 'It is' : 'Each is'} issued now, one after the other: the next invoice number and today as the issue date. ` +
        'An issued invoice is final: it is no longer refreshed or discarded.',
      confirmLabel: `Approve and issue ${n}`,
    })
      .pipe(
        filter((reason) => reason !== null),
        tap(() => {
          this.approving.set(true);
          this.bulkResult.set(null);
        }),
        switchMap(() =>
          from(drafts.map((draft, i) => ({ draft, i }))).pipe(
            concatMap(({ draft, i }) => {
              this.progress.set(`Approving ${i + 1} of ${n}…`);
              return this.api.approve(draft.id).pipe(
                map((issued): ApprovalOutcome => ({ ok: true, draft, number: issued.number })),
                catchError((err: unknown) =>
                  of<ApprovalOutcome>({ ok: false, draft, reason: draftFailure(err, 'It could not be approved') }),
                ),
              );
            }),
            toArray(),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((outcomes) => {
        this.approving.set(false);
        this.progress.set(null);
        this.bulkResult.set(bulkSummary(outcomes));
        // The failed ones stay selected (those still drafts are listed again after the reload).
        this.selected.set(new Set(outcomes.filter((o) => !o.ok).map((o) => o.draft.id)));
        this.pager.load();
      });
  }

  private mark(id: string, busy: boolean): void {
    const next = new Set(this.inFlight());
    if (busy) next.add(id);
    else next.delete(id);
    this.inFlight.set(next);
  }

  /** After a reload the selection keeps only drafts still listed. */
  private keepSelected(items: BillListItemView[]): void {
    const listed = new Set(items.map((b) => b.id));
    const kept = [...this.selected()].filter((id) => listed.has(id));
    if (kept.length !== this.selected().size) this.selected.set(new Set(kept));
  }
}

/** "2 drafts approved: INV-000003, INV-000004. 1 could not be approved:" and the failures. */
export function bulkSummary(outcomes: ApprovalOutcome[]): { summary: string; failures: Extract<ApprovalOutcome, { ok: false }>[] } {
  const approved = outcomes.filter((o): o is Extract<ApprovalOutcome, { ok: true }> => o.ok);
  const failures = outcomes.filter((o): o is Extract<ApprovalOutcome, { ok: false }> => !o.ok);
  const parts: string[] = [];
  if (approved.length) {
    const numbers = approved.map((o) => o.number ?? o.draft.department.name).join(', ');
    parts.push(`${approved.length} draft${approved.length === 1 ? '' : 's'} approved and issued: ${numbers}.`);
  } else {
    parts.push('No draft was approved.');
  }
  if (failures.length) parts.push(`${failures.length} could not be approved:`);
  return { summary: parts.join(' '), failures };
}
