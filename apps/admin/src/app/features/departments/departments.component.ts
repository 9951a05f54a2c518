import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import type { DepartmentView, TaxRateView } from '@app/contracts';
import { catchError, forkJoin, map, of } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { OrganizationApi } from '../../core/api/organization.api';
import { TaxRatesApi } from '../../core/api/tax-rates.api';
import { einvoiceFormatLabel, electronicAddressText } from '../../core/einvoices';
import { INVOICE_LANGUAGES } from '../../core/languages';
import { TAX_TREATMENTS, taxRatesText } from '../../core/taxes';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { DepartmentDialogComponent, DepartmentDialogData } from './department-dialog.component';

/** Departments: the customer units that receive support (and get billed), with their tax data and e-invoice settings. */
@Component({
  selector: 'app-departments',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Departments</h1>
        @if (auth.canWrite()) {
          <button mat-flat-button type="button" (click)="open(null)" data-testid="department-new"><app-icon name="add" /> New department</button>
        }
      </div>
      <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
      <div class="table-wrap">
        <table mat-table [dataSource]="departments()" aria-label="Departments" data-testid="departments-table">
          <ng-container matColumnDef="name">
            <th mat-header-cell *matHeaderCellDef>Name</th>
            <td mat-cell *matCellDef="let d">{{ d.name }}</td>
          </ng-container>
          <ng-container matColumnDef="externalId">
            <th mat-header-cell *matHeaderCellDef>External id</th>
            <td mat-cell *matCellDef="let d">{{ d.externalId || '—' }}</td>
          </ng-container>
          <ng-container matColumnDef="tax">
            <th mat-header-cell *matHeaderCellDef>Tax</th>
            <td mat-cell *matCellDef="let d" data-testid="department-tax">
              <div>{{ treatment(d) }}@if (d.vatId) { <span class="muted"> · {{ d.vatId }}</span> }</div>
              @if (d.exemptionReason) { <div class="small muted">{{ d.exemptionReason }}</div> }
            </td>
          </ng-container>
          <ng-container matColumnDef="taxRates">
            <th mat-header-cell *matHeaderCellDef>Tax rates</th>
            <td mat-cell *matCellDef="let d" [class.muted]="d.taxRateIds === null" data-testid="department-tax-rates">{{ rates(d) }}</td>
          </ng-container>
          <ng-container matColumnDef="invoicing">
            <th mat-header-cell *matHeaderCellDef>Invoices</th>
            <td mat-cell *matCellDef="let d" class="small">
              @if (d.legalName) { <div data-testid="department-legal-name-text">{{ d.legalName }}</div> }
              <div class="muted">{{ language(d) }}</div>
              <div class="muted" data-testid="department-review-days-text">{{ review(d) }}</div>
              <div class="muted" data-testid="department-reminders-text">{{ d.remindersEnabled ? 'Reminders: on' : 'Reminders: off' }}</div>
              <div class="muted" data-testid="department-auto-send-text" title="Send invoices automatically when issued">
                {{ d.autoSend ? 'Sent automatically when issued' : 'Sent by hand (no automatic e-mail)' }}
              </div>
              <div class="muted" data-testid="department-einvoice-text">{{ einvoice(d) }}</div>
              @if (d.electronicAddress) {
                <div class="muted" data-testid="department-electronic-address-text" title="Electronic address (scheme:identifier)">{{ address(d) }}</div>
              }
            </td>
          </ng-container>
          <ng-container matColumnDef="createdAt">
            <th mat-header-cell *matHeaderCellDef>Created</th>
            <td mat-cell *matCellDef="let d">{{ d.createdAt | instant: 'day' }}</td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
            <td mat-cell *matCellDef="let d">
              @if (auth.canWrite()) {
                <button mat-button type="button" (click)="open(d)" [attr.aria-label]="'Edit ' + d.name" data-testid="department-edit">
                  <app-icon name="edit" /> Edit
                </button>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let d; columns: columns" data-testid="department-row" [attr.data-department-id]="d.id" [attr.data-department-name]="d.name"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="mat-cell empty" [attr.colspan]="columns.length" data-testid="departments-empty">
              @if (!loading() && !error()) { No departments yet. Create one for each customer you bill. }
            </td>
          </tr>
        </table>
      </div>
    </div>
  `,
  styles: `.small { font-size: 13px; }`,
})
export class DepartmentsComponent {
  private readonly api = inject(DepartmentsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'externalId', 'tax', 'taxRates', 'invoicing', 'createdAt', 'actions'];
  private readonly taxRatesApi = inject(TaxRatesApi);
  /** Every tax rate, archived ones too: the names of the customers' own rates, and the dialog's choices. */
  private readonly taxRates = signal<TaxRateView[]>([]);
  private readonly taxRatesById = computed(() => new Map(this.taxRates().map((r) => [r.id, r])));
  private readonly organizationApi = inject(OrganizationApi);
  /** The organization's review window: what a customer without its own has (null: not known). */
  private readonly organizationReviewDays = signal<number | null>(null);

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({
      departments: this.api.list(),
      // Only names and choices: without them the list still shows the departments.
      taxRates: this.taxRatesApi.list(true).pipe(catchError(() => of([] as TaxRateView[]))),
      reviewDays: this.organizationApi.get().pipe(
        map((o) => o.reviewDays),
        catchError(() => of(null)),
      ),
    }).subscribe({
      next: ({ departments, taxRates, reviewDays }) => {
        this.taxRates.set(taxRates);
        this.organizationReviewDays.set(reviewDays);
        this.departments.set(departments);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The departments could not be loaded'));
      },
    });
  }

  protected treatment(d: DepartmentView): string {
    return TAX_TREATMENTS[d.taxTreatment]?.label ?? d.taxTreatment;
  }

  /** "Plan's rates", "No tax", or its own: "VAT 19 %". */
  protected rates(d: DepartmentView): string {
    if (d.taxRateIds === null) return "Plan's rates";
    if (d.taxRateIds.length === 0) return 'No tax';
    return taxRatesText(d.taxRateIds, this.taxRatesById());
  }

  protected language(d: DepartmentView): string {
    return d.invoiceLanguage ? INVOICE_LANGUAGES[d.invoiceLanguage] : "Organization's language";
  }

  /** "Review: 5 days", "Review: none (issued when made)", "Review: the organization's (3 days)". */
  protected review(d: DepartmentView): string {
    const text = (n: number) => (n === 0 ? 'none (issued when made)' : `${n} day${n === 1 ? '' : 's'}`);
    if (d.reviewDays !== null) return `Review: ${text(d.reviewDays)}`;
    const org = this.organizationReviewDays();
    return `Review: the organization's${org === null ? '' : ` (${text(org)})`}`;
  }

  /** "E-invoice: Peppol BIS Billing 3.0 (UBL), with the session statement", "E-invoice: none (PDF only)". */
  protected einvoice(d: DepartmentView): string {
    if (d.einvoiceFormat === 'none') return 'E-invoice: none (PDF only)';
    return `E-invoice: ${einvoiceFormatLabel(d.einvoiceFormat)}${d.attachSessionStatement ? ', with the session statement' : ''}`;
  }

  protected address(d: DepartmentView): string {
    return `Electronic address ${electronicAddressText(d.electronicAddress)}`;
  }

  open(department: DepartmentView | null): void {
    this.dialog
      .open<DepartmentDialogComponent, DepartmentDialogData, DepartmentView>(DepartmentDialogComponent, {
        data: { department, taxRates: this.taxRates(), organizationReviewDays: this.organizationReviewDays() },
        width: '720px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((saved) => {
        if (!saved) return;
        this.notify.ok(department ? 'Department saved' : `Department "${saved.name}" created`);
        this.load();
      });
  }
}
