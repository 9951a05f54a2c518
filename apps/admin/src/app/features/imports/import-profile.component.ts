import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { CustomerKeyView, DepartmentView, ImportPresetView, ImportProfileView, ImportRunView } from '@app/contracts';
import { Subscription, forkJoin } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { ImportsApi } from '../../core/api/imports.api';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { ImportActions } from './import-actions';
import { ImportResultComponent } from './import-result.component';
import {
  MAX_REPORT_BYTES,
  formatBytes,
  mappedText,
  presetLabel,
  reportContentType,
  settingsDetails,
  uploadErrorText,
} from './import-settings';

/** An upload under way: bytes sent of the file's. */
interface Upload {
  dryRun: boolean;
  loaded: number;
  total: number;
}

/**
 * `/imports/:id`: one import profile. Upload a report (CSV or JSON, the raw file as the body, with the upload's
 * progress): a preview first (counts, refused rows, held customer keys), then "Import" of the same file. Below: the
 * profile's customer keys (mapped ones with their department, held ones with their rows and "Map to customer…", which
 * imports the held rows at once) and its runs, newest first.
 */
@Component({
  selector: 'app-import-profile',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    MatButtonModule,
    MatCardModule,
    MatProgressBarModule,
    MatTableModule,
    PageStateComponent,
    IconComponent,
    InstantPipe,
    ImportResultComponent,
  ],
  template: `
    <div class="page">
      <div class="breadcrumb"><a routerLink="/imports">Session imports</a></div>
      <app-page-state [loading]="loading()" [error]="loadError()" (retry)="load()" />
      @if (profile(); as p) {
        <div class="page-header">
          <h1 data-testid="import-profile-title">{{ p.name }}</h1>
          @if (actions.canWrite()) {
            <a mat-stroked-button [routerLink]="['/imports', p.id, 'edit']" data-testid="import-profile-edit"><app-icon name="edit" /> Edit</a>
            <button mat-button type="button" (click)="remove(p)" data-testid="import-profile-delete"><app-icon name="delete" /> Delete</button>
          }
        </div>

        <mat-card appearance="outlined">
          <mat-card-content>
            <dl class="details" data-testid="import-profile-details">
              <dt>Started from</dt><dd data-testid="import-profile-preset">{{ presetText() }}</dd>
              <dt>Session ids</dt><dd><code data-testid="import-profile-prefix">{{ p.idPrefix }}:…</code></dd>
              @for (d of details(); track d.key) {
                <dt>{{ d.label }}</dt><dd [attr.data-testid]="'import-profile-' + d.key">{{ d.value }}</dd>
              }
            </dl>
          </mat-card-content>
        </mat-card>

        @if (actions.canWrite()) {
          <mat-card appearance="outlined" data-testid="import-upload">
            <mat-card-header><mat-card-title>Import a report</mat-card-title></mat-card-header>
            <mat-card-content>
              <p class="muted upload-note">
                The report as the tool exported it ({{ p.settings.format === 'json' ? 'JSON' : 'CSV' }}, up to {{ maxSize }}). It is previewed first:
                nothing is stored until you import it. Importing the same report again adds nothing.
              </p>
              <input #fileInput type="file" accept=".csv,.json,.txt,text/csv,application/json" class="sr-only" tabindex="-1" aria-hidden="true"
                (change)="onFile($event)" data-testid="import-file" />
              <div class="upload-row">
                <button mat-flat-button type="button" (click)="chooseFile()" [disabled]="!!upload()" data-testid="import-choose">
                  <app-icon name="upload" /> {{ file() ? 'Choose another file…' : 'Choose report file…' }}
                </button>
                @if (file(); as f) { <span data-testid="import-file-name"><strong>{{ f.name }}</strong><span class="muted">&nbsp;({{ size(f.size) }})</span></span> }
              </div>
              @if (upload(); as u) {
                <div class="upload-progress" role="status" data-testid="upload-progress">
                  @if (u.loaded < u.total) {
                    <span data-testid="upload-progress-text">Uploading {{ file()?.name }}: {{ percent() }} % ({{ size(u.loaded) }} of {{ size(u.total) }})</span>
                    <mat-progress-bar mode="determinate" [value]="percent()" aria-label="Upload progress" data-testid="upload-progress-bar" />
                    <button mat-button type="button" (click)="cancel()" data-testid="upload-cancel">Cancel</button>
                  } @else {
                    <span data-testid="upload-progress-text">{{ u.dryRun ? 'Previewing' : 'Importing' }} {{ file()?.name }}: reading every row…</span>
                    <mat-progress-bar mode="indeterminate" aria-label="Reading the report" />
                  }
                </div>
              }
              @if (uploadError(); as message) {
                <div class="error-box" role="alert" data-testid="upload-error">{{ message }}</div>
              }
            </mat-card-content>
          </mat-card>
        }

        @if (result(); as r) {
          <app-import-result [run]="r.run" [fileName]="r.fileName" [mappedTo]="mappedTo()" [canMap]="actions.canWrite()" (mapKey)="mapHeld($event)">
            @if (r.run.dryRun && r.fileName && file() && actions.canWrite()) {
              <button mat-flat-button type="button" (click)="send(false)" [disabled]="!!upload()" data-testid="import-run">
                <app-icon name="check" /> Import {{ r.fileName }}
              </button>
            }
            <button mat-button type="button" (click)="result.set(null)" data-testid="import-result-dismiss">Dismiss</button>
          </app-import-result>
        }

        @if (mapMessage(); as message) {
          <div class="map-result" role="status" data-testid="map-result">
            <span>{{ message }}</span>
            <button mat-button type="button" (click)="mapMessage.set(null)">Dismiss</button>
          </div>
        }
        @if (actionError(); as message) { <div class="error-box" role="alert" data-testid="import-action-error">{{ message }}</div> }

        <mat-card appearance="outlined" data-testid="customer-keys">
          <mat-card-header><mat-card-title>Customer keys</mat-card-title></mat-card-header>
          <mat-card-content>
            <p class="muted upload-note">
              The tool's name for a customer ({{ customerColumn() }}). A key equal to a department's name or external id is mapped on the
              first import that meets it; the others are held until they are mapped here, which imports their rows.
            </p>
            <div class="table-wrap">
              <table mat-table [dataSource]="keys()" aria-label="Customer keys" data-testid="customer-keys-table">
                <ng-container matColumnDef="customerKey">
                  <th mat-header-cell *matHeaderCellDef>Customer key</th>
                  <td mat-cell *matCellDef="let k" data-testid="customer-key">{{ k.customerKey }}</td>
                </ng-container>
                <ng-container matColumnDef="department">
                  <th mat-header-cell *matHeaderCellDef>Department</th>
                  <td mat-cell *matCellDef="let k" data-testid="customer-key-department">
                    @if (k.departmentId) { {{ departmentName(k.departmentId) }} } @else { <span class="chip chip-pending">not mapped</span> }
                  </td>
                </ng-container>
                <ng-container matColumnDef="heldRows">
                  <th mat-header-cell *matHeaderCellDef class="num">Held rows</th>
                  <td mat-cell *matCellDef="let k" class="num" data-testid="customer-key-held">{{ k.heldRows }}</td>
                </ng-container>
                <ng-container matColumnDef="action">
                  <th mat-header-cell *matHeaderCellDef><span class="sr-only">Action</span></th>
                  <td mat-cell *matCellDef="let k" class="key-action">
                    @if (actions.canWrite()) {
                      <button mat-stroked-button type="button" (click)="map(k)" data-testid="customer-key-map">
                        {{ k.departmentId ? 'Change customer…' : 'Map to customer…' }}
                      </button>
                    }
                  </td>
                </ng-container>
                <tr mat-header-row *matHeaderRowDef="keyColumns"></tr>
                <tr mat-row *matRowDef="let k; columns: keyColumns" data-testid="customer-key-row" [attr.data-key]="k.customerKey"
                  [attr.data-mapped]="k.departmentId ? 'true' : 'false'"></tr>
                <tr class="mat-row" *matNoDataRow>
                  <td class="mat-cell empty" [attr.colspan]="keyColumns.length" data-testid="customer-keys-empty">
                    @if (loaded()) { No customer keys yet: the first import maps or holds the keys it meets. }
                  </td>
                </tr>
              </table>
            </div>
          </mat-card-content>
        </mat-card>

        <mat-card appearance="outlined" data-testid="import-runs">
          <mat-card-header><mat-card-title>Runs</mat-card-title><mat-card-subtitle>Previews and imports, newest first (the last 100)</mat-card-subtitle></mat-card-header>
          <mat-card-content>
            <div class="table-wrap">
              <table mat-table [dataSource]="runs()" aria-label="Runs" data-testid="import-runs-table">
                <ng-container matColumnDef="startedAt">
                  <th mat-header-cell *matHeaderCellDef>Date</th>
                  <td mat-cell *matCellDef="let r" class="run-date" data-testid="run-date">{{ r.startedAt | instant }}</td>
                </ng-container>
                <ng-container matColumnDef="kind">
                  <th mat-header-cell *matHeaderCellDef>Kind</th>
                  <td mat-cell *matCellDef="let r">
                    <span class="chip" [class.chip-draft]="r.dryRun" [class.chip-sent]="!r.dryRun" data-testid="run-kind">{{ r.dryRun ? 'preview' : 'import' }}</span>
                  </td>
                </ng-container>
                @for (c of runCounts; track c.key) {
                  <ng-container [matColumnDef]="c.key">
                    <th mat-header-cell *matHeaderCellDef class="num">{{ c.label }}</th>
                    <td mat-cell *matCellDef="let r" class="num" [attr.data-testid]="'run-cell-' + c.key">{{ r[c.key] }}</td>
                  </ng-container>
                }
                <ng-container matColumnDef="details">
                  <th mat-header-cell *matHeaderCellDef><span class="sr-only">Details</span></th>
                  <td mat-cell *matCellDef="let r" class="key-action">
                    <button mat-button type="button" (click)="showRun(r)" data-testid="run-details">Details</button>
                  </td>
                </ng-container>
                <tr mat-header-row *matHeaderRowDef="runColumns"></tr>
                <tr mat-row *matRowDef="let r; columns: runColumns" data-testid="run-row" [attr.data-run-id]="r.id" [attr.data-dry-run]="r.dryRun"></tr>
                <tr class="mat-row" *matNoDataRow>
                  <td class="mat-cell empty" [attr.colspan]="runColumns.length" data-testid="import-runs-empty">
                    @if (loaded()) { No previews or imports yet. }
                  </td>
                </tr>
              </table>
            </div>
          </mat-card-content>
        </mat-card>
      }
    </div>
  `,
  styles: `
    .upload-note { margin: 0 0 12px; font-size: 13px; max-width: 900px; }
    .upload-row { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
    .upload-progress { display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 8px 16px; margin-top: 16px; max-width: 720px; }
    .upload-progress mat-progress-bar { grid-column: 1; }
    .upload-progress button { grid-column: 2; grid-row: 1 / span 2; }
    .map-result { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 12px 16px; margin: 0 0 16px;
      border-radius: 8px; background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    td.key-action { text-align: right; white-space: nowrap; }
    td.run-date { white-space: nowrap; }
  `,
})
export class ImportProfileComponent {
  /** Route param (`/imports/:id`). */
  readonly id = input.required<string>();

  private readonly api = inject(ImportsApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  protected readonly actions = inject(ImportActions);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  protected readonly profile = signal<ImportProfileView | null>(null);
  private readonly presets = signal<ImportPresetView[]>([]);
  private readonly departments = signal<DepartmentView[]>([]);
  protected readonly keys = signal<CustomerKeyView[]>([]);
  protected readonly runs = signal<ImportRunView[]>([]);
  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly loadError = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);

  protected readonly file = signal<File | null>(null);
  protected readonly upload = signal<Upload | null>(null);
  protected readonly uploadError = signal<string | null>(null);
  protected readonly result = signal<{ run: ImportRunView; fileName: string | null } | null>(null);
  protected readonly mapMessage = signal<string | null>(null);
  private sending: Subscription | null = null;

  protected readonly maxSize = formatBytes(MAX_REPORT_BYTES);
  protected readonly size = formatBytes;
  protected readonly percent = computed(() => {
    const u = this.upload();
    return u && u.total > 0 ? Math.min(100, Math.floor((u.loaded / u.total) * 100)) : 0;
  });
  protected readonly presetText = computed(() => presetLabel(this.presets(), this.profile()?.preset ?? null));
  protected readonly details = computed(() => {
    const p = this.profile();
    return p ? settingsDetails(p.settings) : [];
  });
  protected readonly customerColumn = computed(() => this.profile()?.settings.mapping.customerKey ?? '');
  private readonly departmentNames = computed(() => new Map(this.departments().map((d) => [d.id, d.name])));
  /** Keys mapped by now, by the name of their department (for the held keys of a result). */
  protected readonly mappedTo = computed(() => {
    const names = this.departmentNames();
    return new Map(
      this.keys().flatMap((k) => (k.departmentId ? [[k.customerKey, names.get(k.departmentId) ?? 'a department'] as const] : [])),
    );
  });

  protected readonly keyColumns = ['customerKey', 'department', 'heldRows', 'action'];
  protected readonly runCounts: { key: 'rows' | 'accepted' | 'merged' | 'duplicates' | 'held' | 'refused' | 'sessions'; label: string }[] =
    [
      { key: 'rows', label: 'Rows' },
      { key: 'accepted', label: 'Accepted' },
      { key: 'merged', label: 'Merged' },
      { key: 'duplicates', label: 'Duplicates' },
      { key: 'held', label: 'Held' },
      { key: 'refused', label: 'Refused' },
      { key: 'sessions', label: 'Sessions stored' },
    ];
  protected readonly runColumns = ['startedAt', 'kind', ...this.runCounts.map((c) => c.key), 'details'];

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.load(id));
    });
    this.destroyRef.onDestroy(() => this.sending?.unsubscribe());
  }

  load(id: string = this.id()): void {
    this.loading.set(true);
    this.loadError.set(null);
    forkJoin({
      profile: this.api.get(id),
      presets: this.api.presets(),
      departments: this.departmentsApi.list(),
      keys: this.api.customerKeys(id),
      runs: this.api.runs(id),
    }).subscribe({
      next: ({ profile, presets, departments, keys, runs }) => {
        this.profile.set(profile);
        this.presets.set(presets);
        this.departments.set(departments);
        this.keys.set(keys);
        this.runs.set(runs);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.loadError.set(errorMessage(err, 'The import profile could not be loaded'));
      },
    });
  }

  /** Customer keys and runs again (after an upload or a mapping). */
  private refresh(): void {
    const id = this.id();
    forkJoin({ keys: this.api.customerKeys(id), runs: this.api.runs(id) }).subscribe({
      next: ({ keys, runs }) => {
        this.keys.set(keys);
        this.runs.set(runs);
      },
      error: (err: unknown) => this.actionError.set(errorMessage(err, 'The customer keys and runs could not be loaded')),
    });
  }

  protected departmentName(id: string): string {
    return this.departmentNames().get(id) ?? 'a department no longer listed';
  }

  protected chooseFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  /** A file chosen: previewed at once (a file over the limit is refused here, without sending it). */
  protected onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.file.set(file);
    this.result.set(null);
    this.mapMessage.set(null);
    if (file.size > MAX_REPORT_BYTES) {
      this.uploadError.set(
        `${file.name} is ${formatBytes(file.size)}: a report may be at most ${this.maxSize}. Import it in parts (e.g. a month each).`,
      );
      return;
    }
    this.send(true);
  }

  /** Sends the chosen file as a preview (`dryRun`) or an import; the answer replaces the result shown. */
  send(dryRun: boolean): void {
    const file = this.file();
    const profile = this.profile();
    if (!file || !profile || this.upload()) return;
    this.uploadError.set(null);
    this.mapMessage.set(null);
    this.upload.set({ dryRun, loaded: 0, total: file.size });
    this.sending = this.api.upload(profile.id, file, reportContentType(file, profile.settings.format), dryRun).subscribe({
      next: (event) => {
        if (event.kind === 'progress') {
          this.upload.set({ dryRun, loaded: event.loaded, total: event.total || file.size });
          return;
        }
        this.upload.set(null);
        this.result.set({ run: event.run, fileName: file.name });
        this.refresh();
      },
      error: (err: unknown) => {
        this.upload.set(null);
        this.uploadError.set(uploadErrorText(err));
        if (!dryRun) this.refresh();
      },
    });
  }

  /** Stops an upload still sending its bytes (the API stores nothing of a report it did not receive whole). */
  protected cancel(): void {
    this.sending?.unsubscribe();
    this.sending = null;
    this.upload.set(null);
    this.uploadError.set('The upload was cancelled: nothing was stored.');
  }

  protected showRun(run: ImportRunView): void {
    this.result.set({ run, fileName: null });
    setTimeout(() => this.host.nativeElement.querySelector('app-import-result')?.scrollIntoView({ block: 'start' }));
  }

  /** "Map to customer…" of a held key in a result. */
  protected mapHeld(customerKey: string): void {
    const known = this.keys().find((k) => k.customerKey === customerKey);
    this.map(known ?? { customerKey, departmentId: null, heldRows: 0 });
  }

  protected map(key: CustomerKeyView): void {
    const profile = this.profile();
    if (!profile) return;
    this.actionError.set(null);
    this.actions
      .mapKey({
        profileId: profile.id,
        customerKey: key.customerKey,
        heldRows: key.heldRows,
        departmentId: key.departmentId,
        departments: this.departments(),
      })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((mapped) => {
        this.mapMessage.set(mappedText(mapped, this.departmentName(mapped.departmentId)));
        this.refresh();
      });
  }

  protected remove(profile: ImportProfileView): void {
    this.actionError.set(null);
    this.actions
      .remove(profile)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => void this.router.navigate(['/imports']),
        error: (err: unknown) => this.actionError.set(errorMessage(err, 'The profile could not be deleted')),
      });
  }
}
