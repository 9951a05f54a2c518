import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatTableModule } from '@angular/material/table';
import type { BillingFailureView, BillingRunView, OpenBillingFailureView } from '@app/contracts';
import { catchError, of } from 'rxjs';
import { BillingRunsApi } from '../../core/api/billing-runs.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { CursorPager } from '../../shared/cursor-pager';
import { formatInstantDay, humanize } from '../../core/format';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';

/** What a failure code means for the admin who has to fix it. */
const CODE_HELP: Record<string, string> = {
  AMOUNT_OUT_OF_RANGE:
    "An amount on the bill would be larger than the system can represent exactly; check the plan's rates and the sessions pushed.",
};

/**
 * Settings > Billing runs: the associations failing to bill (retried by every run) and the history of runs
 * (API and scheduled), newest first, each with its failures, paged with the cursor.
 */
@Component({
  selector: 'app-billing-runs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatCardModule, MatTableModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="header">
      <h2>Billing runs</h2>
      @if (auth.canWrite()) {
        <button mat-stroked-button type="button" (click)="runNow()" [disabled]="running()" data-testid="billing-runs-run"><app-icon name="play" /> Run billing now</button>
      }
      <button mat-button type="button" (click)="reload()" [disabled]="pager.loading()" data-testid="billing-runs-refresh"><app-icon name="refresh" /> Refresh</button>
    </div>
    <p class="muted">The scheduler closes due billing periods on its schedule (hourly by default); every run, scheduled or started here or through the API, is listed with what it billed.</p>

    <section aria-labelledby="open-failures-title" data-testid="open-failures">
      <h3 id="open-failures-title">Failing to bill</h3>
      @if (failuresError(); as message) { <div class="error-box" role="alert">{{ message }}</div> }
      @if (failures().length === 0) {
        @if (!failuresError()) { <p class="muted" data-testid="open-failures-empty">None: every customer due for a bill got one in the last run.</p> }
      } @else {
        <div class="explain" data-testid="open-failures-explanation">
          These customers could not be billed; everyone else was. They are retried by every run until they bill, and nothing of their
          period is marked billed meanwhile. Fix the cause (for example the plan's rate), then run billing again.
        </div>
        <div class="table-wrap">
          <table mat-table [dataSource]="failures()" aria-label="Customers failing to bill" data-testid="open-failures-table">
            <ng-container matColumnDef="department">
              <th mat-header-cell *matHeaderCellDef>Department</th>
              <td mat-cell *matCellDef="let f">{{ f.departmentName }}</td>
            </ng-container>
            <ng-container matColumnDef="plan">
              <th mat-header-cell *matHeaderCellDef>Plan</th>
              <td mat-cell *matCellDef="let f"><a [routerLink]="['/plans', f.planId]" data-testid="open-failure-plan">{{ f.planName }}</a></td>
            </ng-container>
            <ng-container matColumnDef="period">
              <th mat-header-cell *matHeaderCellDef>Period</th>
              <td mat-cell *matCellDef="let f" class="when">{{ period(f, true) }}</td>
            </ng-container>
            <ng-container matColumnDef="problem">
              <th mat-header-cell *matHeaderCellDef>Problem</th>
              <td mat-cell *matCellDef="let f">
                <div><strong>{{ codeText(f.code) }}</strong> · <code>{{ f.code }}</code></div>
                <div class="message" data-testid="open-failure-message">{{ f.message }}</div>
                @if (help(f.code); as text) { <div class="help">{{ text }}</div> }
              </td>
            </ng-container>
            <ng-container matColumnDef="attempts">
              <th mat-header-cell *matHeaderCellDef class="num">Attempts</th>
              <td mat-cell *matCellDef="let f" class="num" data-testid="open-failure-attempts">{{ f.attempts }}</td>
            </ng-container>
            <ng-container matColumnDef="failedAt">
              <th mat-header-cell *matHeaderCellDef>First / last failed</th>
              <td mat-cell *matCellDef="let f" class="when">{{ f.firstFailedAt | instant }}<br />{{ f.lastFailedAt | instant }}</td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="failureColumns"></tr>
            <tr mat-row *matRowDef="let f; columns: failureColumns" data-testid="open-failure-row"></tr>
          </table>
        </div>
      }
    </section>

    <section aria-labelledby="runs-title">
      <h3 id="runs-title">History</h3>
      <app-page-state [loading]="pager.loading()" [error]="pager.error()" (retry)="pager.load()" />
      <div class="table-wrap">
        <table mat-table [dataSource]="pager.items()" multiTemplateDataRows aria-label="Billing runs, newest first" data-testid="billing-runs-table">
          <ng-container matColumnDef="startedAt">
            <th mat-header-cell *matHeaderCellDef>When</th>
            <td mat-cell *matCellDef="let r" class="when" data-testid="run-started">{{ r.startedAt | instant }}</td>
          </ng-container>
          <ng-container matColumnDef="trigger">
            <th mat-header-cell *matHeaderCellDef>Trigger</th>
            <td mat-cell *matCellDef="let r" class="when" data-testid="run-trigger">{{ r.trigger === 'cron' ? 'Scheduled' : 'API or console' }}</td>
          </ng-container>
          <ng-container matColumnDef="asOf">
            <th mat-header-cell *matHeaderCellDef>As of</th>
            <td mat-cell *matCellDef="let r" class="when" data-testid="run-as-of">{{ r.asOf | instant }}</td>
          </ng-container>
          <ng-container matColumnDef="billsCreated">
            <th mat-header-cell *matHeaderCellDef class="num">Bills created</th>
            <td mat-cell *matCellDef="let r" class="num" data-testid="run-bills">{{ r.billsCreated }}</td>
          </ng-container>
          <ng-container matColumnDef="draftsIssued">
            <th mat-header-cell *matHeaderCellDef class="num" title="Drafts whose review window had ended, issued by the run">Drafts issued</th>
            <td mat-cell *matCellDef="let r" class="num" data-testid="run-drafts-issued">{{ r.draftsIssued }}</td>
          </ng-container>
          <ng-container matColumnDef="associationsScanned">
            <th mat-header-cell *matHeaderCellDef class="num">Customers looked at</th>
            <td mat-cell *matCellDef="let r" class="num" data-testid="run-associations">{{ r.associationsScanned }}</td>
          </ng-container>
          <ng-container matColumnDef="failures">
            <th mat-header-cell *matHeaderCellDef>Failures</th>
            <td mat-cell *matCellDef="let r">
              @if (r.failures.length === 0) {
                <span class="muted" data-testid="run-failures">None</span>
              } @else {
                <button mat-button type="button" class="failures-toggle" (click)="toggle(r)" [attr.aria-expanded]="expanded().has(r.id)"
                  [attr.aria-controls]="'run-failures-' + r.id" data-testid="run-failures">
                  {{ r.failures.length }} {{ r.failures.length === 1 ? 'failure' : 'failures' }} · {{ expanded().has(r.id) ? 'hide' : 'show' }}
                </button>
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="details">
            <td mat-cell *matCellDef="let r" [attr.colspan]="runColumns.length" class="details-cell">
              @if (expanded().has(r.id)) {
                <ul class="run-failures" [id]="'run-failures-' + r.id" data-testid="run-failure-list">
                  @for (f of r.failures; track $index) {
                    <li data-testid="run-failure">
                      <strong>{{ f.departmentName }}</strong> on plan <strong>{{ f.planName }}</strong>, {{ period(f) }}:
                      {{ codeText(f.code) }} (<code>{{ f.code }}</code>). {{ f.message }}
                    </li>
                  }
                </ul>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="runColumns"></tr>
          <tr mat-row *matRowDef="let r; columns: runColumns" data-testid="run-row" [attr.data-run-id]="r.id"></tr>
          <tr mat-row *matRowDef="let r; columns: ['details']; when: hasOpenDetails" class="details-row"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="mat-cell empty" [attr.colspan]="runColumns.length" data-testid="billing-runs-empty">
              @if (!pager.loading() && !pager.error()) { No billing run yet. }
            </td>
          </tr>
        </table>
      </div>
      <div class="pager">
        <button mat-icon-button type="button" (click)="pager.back()" [disabled]="!pager.hasPrevious() || pager.loading()" aria-label="Newer runs" data-testid="runs-prev">
          <app-icon name="chevron_left" />
        </button>
        <button mat-icon-button type="button" (click)="pager.next()" [disabled]="!pager.nextCursor() || pager.loading()" aria-label="Older runs" data-testid="runs-next">
          <app-icon name="chevron_right" />
        </button>
      </div>
    </section>
  `,
  styles: `
    .header { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .header h2 { font: var(--mat-sys-title-large); margin: 0; flex: 1 1 auto; }
    h3 { font: var(--mat-sys-title-medium); margin: 24px 0 8px; }
    .explain { padding: 12px 16px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); margin-bottom: 12px; }
    .when, .failures-toggle { white-space: nowrap; }
    .message { font-size: 13px; }
    .help { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    code { font-size: 12px; }
    .details-row { height: auto; }
    .details-cell { padding: 0 16px; border-bottom-width: 0; }
    .details-row:has(.run-failures) .details-cell { border-bottom-width: 1px; }
    .run-failures { margin: 0 0 12px; padding-left: 20px; font-size: 13px; }
    .run-failures li + li { margin-top: 4px; }
  `,
})
export class BillingRunsComponent {
  private readonly api = inject(BillingRunsApi);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly pager = new CursorPager<BillingRunView>((cursor) => this.api.history(cursor), 'The billing runs could not be loaded');
  protected readonly failures = signal<OpenBillingFailureView[]>([]);
  protected readonly failuresError = signal<string | null>(null);
  protected readonly running = signal(false);
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly runColumns = ['startedAt', 'trigger', 'asOf', 'billsCreated', 'draftsIssued', 'associationsScanned', 'failures'];
  protected readonly failureColumns = ['department', 'plan', 'period', 'problem', 'attempts', 'failedAt'];
  /** The details row is rendered for runs with failures (shown when expanded). */
  protected readonly hasOpenDetails = (_: number, r: BillingRunView) => r.failures.length > 0;

  constructor() {
    this.reload();
  }

  reload(): void {
    this.loadFailures();
    this.pager.load();
  }

  private loadFailures(): void {
    this.failuresError.set(null);
    this.api
      .openFailures()
      .pipe(
        catchError((err: unknown) => {
          this.failuresError.set(errorMessage(err, 'The failing customers could not be loaded'));
          return of([] as OpenBillingFailureView[]);
        }),
      )
      .subscribe((items) => this.failures.set(items));
  }

  toggle(run: BillingRunView): void {
    this.expanded.update((set) => {
      const next = new Set(set);
      if (next.has(run.id)) next.delete(run.id);
      else next.add(run.id);
      return next;
    });
  }

  runNow(): void {
    this.running.set(true);
    this.api.run().subscribe({
      next: (result) => {
        this.running.set(false);
        const failed = result.failures.length;
        this.notify.ok(
          `Billing run done: ${result.billsCreated} bill${result.billsCreated === 1 ? '' : 's'} created` +
            `${result.draftsIssued ? `, ${result.draftsIssued} draft${result.draftsIssued === 1 ? '' : 's'} issued` : ''}${failed ? `, ${failed} failed` : ''}`,
        );
        this.loadFailures();
        this.pager.first();
      },
      error: (err: unknown) => {
        this.running.set(false);
        this.notify.error(err, 'The billing run failed');
      },
    });
  }

  protected period(f: BillingFailureView | OpenBillingFailureView, capital = false): string {
    const text = f.periodStart ? `period from ${formatInstantDay(f.periodStart)}` : 'late-usage bill';
    return capital ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  protected codeText(code: string): string {
    return humanize(code.toLowerCase());
  }

  protected help(code: string): string | null {
    return CODE_HELP[code] ?? null;
  }
}
