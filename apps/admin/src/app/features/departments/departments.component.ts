import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import type { DepartmentView } from '@app/contracts';
import { DepartmentsApi } from '../../core/api/departments.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { DepartmentDialogComponent } from './department-dialog.component';

/** Departments: the customer units that receive support (and get billed). */
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
})
export class DepartmentsComponent {
  private readonly api = inject(DepartmentsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'externalId', 'createdAt', 'actions'];

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list().subscribe({
      next: (list) => {
        this.departments.set(list);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The departments could not be loaded'));
      },
    });
  }

  open(department: DepartmentView | null): void {
    this.dialog
      .open<DepartmentDialogComponent, DepartmentView | null, DepartmentView>(DepartmentDialogComponent, {
        data: department,
        width: '440px',
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
