import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import type { DepartmentView, ImportResultView, SessionView } from '@app/contracts';
import { debounceTime } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { SessionFilters, UsageApi } from '../../core/api/usage.api';
import { AuthService } from '../../core/auth/auth.service';
import { formatDuration, localMidnight, nextDay } from '../../core/format';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { CursorPager } from '../../shared/cursor-pager';
import { PageStateComponent } from '../../shared/page-state.component';
import { HumanizePipe, InstantPipe } from '../../shared/pipes';

/** Remote sessions with filters and cursor paging, and the CSV import. */
@Component({
  selector: 'app-sessions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatTableModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    PageStateComponent,
    IconComponent,
    InstantPipe,
    HumanizePipe,
  ],
  templateUrl: './sessions.component.html',
  styles: `
    .import-result { margin-bottom: 16px; }
    .counts { display: flex; gap: 24px; font: var(--mat-sys-title-medium); margin-bottom: 8px; }
    code { font-size: 12px; }
  `,
})
export class SessionsComponent {
  private readonly api = inject(UsageApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);
  private readonly fileInput = viewChild<ElementRef<HTMLInputElement>>('fileInput');

  protected readonly filters = inject(NonNullableFormBuilder).group({ departmentId: [''], from: [''], to: [''], coverage: [''] });
  protected readonly departments = signal<DepartmentView[]>([]);
  private readonly departmentNames = computed(() => new Map(this.departments().map((d) => [d.id, d.name])));
  protected readonly pager = new CursorPager<SessionView>(
    (cursor) => this.api.sessions(this.currentFilters(), cursor),
    'The sessions could not be loaded',
  );
  protected readonly importing = signal(false);
  protected readonly importResult = signal<ImportResultView | null>(null);
  protected readonly importFile = signal<string | null>(null);
  protected readonly columns = ['startedAt', 'duration', 'department', 'technician', 'type', 'externalId', 'billed'];
  protected readonly refusedColumns = ['line', 'field', 'message'];

  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  constructor() {
    // The filters live in the URL (?departmentId=&from=&to=&coverage=), so a filtered list can be shared and the
    // dashboard links here with ?coverage=uncovered.
    const query = this.route.snapshot.queryParamMap;
    const coverage = query.get('coverage');
    const day = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(query.get(key) ?? '') ? query.get(key)! : '');
    this.filters.patchValue(
      {
        departmentId: query.get('departmentId') ?? '',
        from: day('from'),
        to: day('to'),
        coverage: coverage === 'covered' || coverage === 'uncovered' ? coverage : '',
      },
      { emitEvent: false },
    );
    this.departmentsApi.list().subscribe({ next: (list) => this.departments.set(list), error: () => undefined });
    this.filters.valueChanges.pipe(debounceTime(250), takeUntilDestroyed()).subscribe(() => {
      this.pushFilters();
      this.pager.first();
    });
    this.pager.load();
  }

  /** A session names its department by id only: the name comes from the departments list. */
  protected departmentName(s: SessionView): string {
    return this.departmentNames().get(s.departmentId) ?? '—';
  }

  protected duration(s: SessionView): string {
    return formatDuration(s.startedAt, s.endedAt);
  }

  private pushFilters(): void {
    const v = this.filters.getRawValue();
    const queryParams = { departmentId: v.departmentId || null, from: v.from || null, to: v.to || null, coverage: v.coverage || null };
    void this.router.navigate([], { relativeTo: this.route, queryParams, replaceUrl: true });
  }

  private currentFilters(): SessionFilters {
    const v = this.filters.getRawValue();
    const filters: SessionFilters = {};
    if (v.departmentId) filters.departmentId = v.departmentId;
    if (v.coverage === 'covered' || v.coverage === 'uncovered') filters.coverage = v.coverage;
    // The filters are days of the browser's zone; the API takes instants, `to` exclusive.
    if (v.from) filters.from = localMidnight(v.from);
    if (v.to) filters.to = localMidnight(nextDay(v.to));
    return filters;
  }

  chooseFile(): void {
    this.fileInput()?.nativeElement.click();
  }

  onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.importing.set(true);
    this.importResult.set(null);
    this.importFile.set(file.name);
    this.api.importSessions(file).subscribe({
      next: (result) => {
        this.importing.set(false);
        this.importResult.set(result);
        input.value = '';
        this.pager.first();
      },
      error: (err: unknown) => {
        this.importing.set(false);
        input.value = '';
        this.notify.error(err, 'The import failed');
      },
    });
  }
}
