import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import type { DepartmentView, DeviceCreatedView, DeviceView } from '@app/contracts';
import { forkJoin } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { UsageApi } from '../../core/api/usage.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { formatInstant } from '../../core/format';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { DeviceDateData, DeviceDateDialogComponent } from './device-date-dialog.component';
import { DeviceDialogComponent } from './device-dialog.component';

/**
 * Unattended devices: billed per device enrolled at any time in a period. Each shows its enrolment history
 * (intervals); Remove and Re-enrol ask for the time (default now).
 */
@Component({
  selector: 'app-devices',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatTableModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    PageStateComponent,
    IconComponent,
    InstantPipe,
  ],
  templateUrl: './devices.component.html',
  styles: `
    .enrolments { list-style: none; margin: 0; padding: 0; font-size: 13px; white-space: nowrap; }
    .enrolments li + li { margin-top: 2px; }
    .status { text-transform: none; white-space: nowrap; }
    .actions { white-space: nowrap; text-align: end; }
  `,
})
export class DevicesComponent {
  private readonly api = inject(UsageApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly devices = signal<DeviceView[]>([]);
  protected readonly departments = signal<DepartmentView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly departmentFilter = signal('');
  protected readonly showRemoved = signal(true);
  protected readonly columns = ['name', 'externalId', 'department', 'enrolments', 'removedAt', 'actions'];
  private readonly departmentNames = computed(() => new Map(this.departments().map((d) => [d.id, d.name])));
  protected readonly shown = computed(() =>
    this.devices().filter(
      (d) => (!this.departmentFilter() || d.departmentId === this.departmentFilter()) && (this.showRemoved() || !this.removed(d)),
    ),
  );

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({ devices: this.api.devices(), departments: this.departmentsApi.list() }).subscribe({
      next: ({ devices, departments }) => {
        this.devices.set(devices);
        this.departments.set(departments);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The devices could not be loaded'));
      },
    });
  }

  /** A device names its department by id only: the name comes from the departments list. */
  protected departmentName(d: DeviceView): string {
    return this.departmentNames().get(d.departmentId) ?? '—';
  }

  /** Removed by now (a removal in the future is scheduled: the device still counts until then). */
  protected removed(d: DeviceView): boolean {
    return !!d.removedAt && new Date(d.removedAt).getTime() <= Date.now();
  }

  protected removalScheduled(d: DeviceView): boolean {
    return !!d.removedAt && !this.removed(d);
  }

  create(): void {
    this.dialog
      .open<DeviceDialogComponent, DepartmentView[], DeviceCreatedView>(DeviceDialogComponent, {
        data: this.departments(),
        width: '460px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((device) => {
        if (!device) return;
        this.notify.ok(`Device "${device.name}" enrolled`);
        this.load();
      });
  }

  /** Remove (or, with a removal scheduled, correct its time) or re-enrol, at a time asked for. */
  changeEnrolment(device: DeviceView, action: DeviceDateData['action']): void {
    this.dialog
      .open<DeviceDateDialogComponent, DeviceDateData, DeviceView>(DeviceDateDialogComponent, {
        data: { device, action },
        width: '460px',
        maxWidth: '96vw',
      })
      .afterClosed()
      .subscribe((updated) => {
        if (!updated) return;
        this.notify.ok(action === 'remove' ? `"${device.name}" removed` : `"${device.name}" enrolled again`);
        this.load();
      });
  }

  /** A removal that has not happened yet is cancelled (the latest enrolment goes on). */
  cancelRemoval(device: DeviceView): void {
    confirmAction(this.dialog, {
      title: 'Cancel removal',
      message: `"${device.name}" is to be removed ${formatInstant(device.removedAt)}. Keep it enrolled instead?`,
      confirmLabel: 'Keep enrolled',
    }).subscribe((confirmed) => {
      if (confirmed === null) return;
      this.api.reenrolDevice(device.id).subscribe({
        next: () => {
          this.notify.ok(`"${device.name}" stays enrolled`);
          this.load();
        },
        error: (err: unknown) => this.notify.error(err, 'The device could not be updated'),
      });
    });
  }
}
