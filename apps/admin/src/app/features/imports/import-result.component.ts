import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatTableModule } from '@angular/material/table';
import type { ImportRunView } from '@app/contracts';
import { formatInstant } from '../../core/format';
import { plural } from './import-settings';

/** The counts of a run, in the order a row's fate is decided. */
const COUNTS: { key: 'rows' | 'accepted' | 'merged' | 'duplicates' | 'held' | 'refused'; label: string; hint: string }[] = [
  { key: 'rows', label: 'Rows read', hint: 'data rows of the report' },
  { key: 'accepted', label: 'Accepted', hint: 'a session each (the first of a merged one too)' },
  { key: 'merged', label: 'Merged', hint: "into another row's session" },
  { key: 'duplicates', label: 'Duplicates', hint: 'imported before, or twice in the file' },
  { key: 'held', label: 'Held', hint: 'customer key not mapped yet' },
  { key: 'refused', label: 'Refused', hint: 'with the row, column and reason' },
];

/**
 * What a preview or an import made of a report: the counts (accepted, merged, duplicates, held, refused; sessions
 * stored by an import), the held customer keys (each with "Map to customer…" while it is not mapped) and the refused
 * rows. Actions (Import, Dismiss) are projected into its card.
 */
@Component({
  selector: 'app-import-result',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, MatButtonModule, MatTableModule],
  template: `
    <mat-card appearance="outlined" data-testid="import-result" [attr.data-dry-run]="run().dryRun" role="region" [attr.aria-label]="title()">
      <mat-card-header>
        <mat-card-title data-testid="import-result-title">{{ title() }}</mat-card-title>
        <mat-card-subtitle>{{ subtitle() }}</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        <dl class="run-counts">
          @for (c of counts; track c.key) {
            <div class="run-count" [class.zero]="run()[c.key] === 0" [attr.title]="c.hint">
              <dt>{{ c.label }}</dt>
              <dd [attr.data-testid]="'run-' + c.key">{{ run()[c.key].toLocaleString('en-US') }}</dd>
            </div>
          }
          @if (!run().dryRun) {
            <div class="run-count stored" title="sessions stored by this import">
              <dt>Sessions stored</dt>
              <dd data-testid="run-sessions">{{ run().sessions.toLocaleString('en-US') }}</dd>
            </div>
          }
        </dl>

        @if (run().heldKeys.length) {
          <h3 class="run-heading">Held customer keys</h3>
          <p class="muted run-note">
            @if (run().dryRun) { These rows would be kept until their key is mapped to a customer (a department). }
            @else { These rows are kept: mapping the key to a customer imports them at once. }
          </p>
          <table mat-table [dataSource]="run().heldKeys" aria-label="Held customer keys" data-testid="held-keys-table">
            <ng-container matColumnDef="customerKey">
              <th mat-header-cell *matHeaderCellDef>Customer key</th>
              <td mat-cell *matCellDef="let k" data-testid="held-key">{{ k.customerKey }}</td>
            </ng-container>
            <ng-container matColumnDef="rows">
              <th mat-header-cell *matHeaderCellDef class="num">Rows</th>
              <td mat-cell *matCellDef="let k" class="num" data-testid="held-key-rows">{{ k.rows }}</td>
            </ng-container>
            <ng-container matColumnDef="action">
              <th mat-header-cell *matHeaderCellDef><span class="sr-only">Action</span></th>
              <td mat-cell *matCellDef="let k" class="run-action">
                @if (mappedTo().get(k.customerKey); as name) {
                  <span class="muted" data-testid="held-key-mapped">Mapped to {{ name }}</span>
                } @else if (canMap()) {
                  <button mat-stroked-button type="button" (click)="mapKey.emit(k.customerKey)" data-testid="held-key-map">Map to customer…</button>
                }
              </td>
            </ng-container>
            <tr mat-header-row *matHeaderRowDef="heldColumns"></tr>
            <tr mat-row *matRowDef="let k; columns: heldColumns" data-testid="held-key-row" [attr.data-key]="k.customerKey"></tr>
          </table>
        }

        @if (run().refusals.length) {
          <h3 class="run-heading">Refused rows</h3>
          @if (run().refused > run().refusals.length) {
            <p class="muted run-note" data-testid="refusals-truncated">The first {{ run().refusals.length.toLocaleString('en-US') }} of {{ run().refused.toLocaleString('en-US') }} are listed.</p>
          }
          <div class="refusals-wrap">
            <table mat-table [dataSource]="run().refusals" aria-label="Refused rows" data-testid="refusals-table">
              <ng-container matColumnDef="row">
                <th mat-header-cell *matHeaderCellDef class="num">Row</th>
                <td mat-cell *matCellDef="let r" class="num">{{ r.row }}</td>
              </ng-container>
              <ng-container matColumnDef="field">
                <th mat-header-cell *matHeaderCellDef>Column</th>
                <td mat-cell *matCellDef="let r"><code>{{ r.field }}</code></td>
              </ng-container>
              <ng-container matColumnDef="reason">
                <th mat-header-cell *matHeaderCellDef>Reason</th>
                <td mat-cell *matCellDef="let r">{{ r.reason }}</td>
              </ng-container>
              <tr mat-header-row *matHeaderRowDef="refusalColumns; sticky: true"></tr>
              <tr mat-row *matRowDef="let r; columns: refusalColumns" data-testid="refusal-row"></tr>
            </table>
          </div>
          <p class="muted run-note">Row n is the n-th data row: the n-th element of a JSON array, line n + 1 of a CSV (after its header).</p>
        }
      </mat-card-content>
      <mat-card-actions align="end"><ng-content /></mat-card-actions>
    </mat-card>
  `,
  styles: `
    .run-counts { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 4px; }
    .run-count { min-width: 110px; padding: 8px 12px; border-radius: 8px; background: var(--mat-sys-surface-container); }
    .run-count dt { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .run-count dd { margin: 2px 0 0; font: var(--mat-sys-headline-small); font-variant-numeric: tabular-nums; }
    .run-count.zero dd { color: var(--mat-sys-on-surface-variant); }
    .run-count.stored { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    .run-heading { font: var(--mat-sys-title-small); margin: 20px 0 4px; }
    .run-note { font-size: 13px; margin: 0 0 8px; }
    .refusals-wrap { max-height: 360px; overflow: auto; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; }
    td.run-action { text-align: right; white-space: nowrap; }
  `,
})
export class ImportResultComponent {
  readonly run = input.required<ImportRunView>();
  /** The file it read (null: a run from the history). */
  readonly fileName = input<string | null>(null);
  /** Keys mapped by now, with their department's name: shown instead of the map button. */
  readonly mappedTo = input<ReadonlyMap<string, string>>(new Map());
  readonly canMap = input(false);
  readonly mapKey = output<string>();

  protected readonly counts = COUNTS;
  protected readonly heldColumns = ['customerKey', 'rows', 'action'];
  protected readonly refusalColumns = ['row', 'field', 'reason'];

  protected readonly title = computed(() => {
    const r = this.run();
    const what = this.fileName() ?? `the report of ${formatInstant(r.startedAt)}`;
    return r.dryRun ? `Preview of ${what}` : `Import of ${what}`;
  });
  protected readonly subtitle = computed(() => {
    const r = this.run();
    if (r.dryRun) return `Nothing stored yet: an import of this file would store ${plural(r.accepted, 'session')}.`;
    return `${plural(r.sessions, 'session')} stored${r.held ? `, ${plural(r.held, 'row')} held` : ''}.`;
  });
}
