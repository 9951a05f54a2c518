import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatTableModule } from '@angular/material/table';
import { forkJoin } from 'rxjs';
import { DepartmentsApi } from '../../core/api/departments.api';
import { Department, Device } from '../../core/api/models';
import { UsageApi } from '../../core/api/usage.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { DeviceDialogComponent } from './device-dialog.component';

/** Unattended devices: billed per device active at any time in a period. */
@Component({
  selector: 'app-devices',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, PageStateComponent, IconComponent, InstantPipe],
  templateUrl: './devices.component.html',
})
export class DevicesComponent {
  private readonly api = inject(UsageApi);
  private readonly departmentsApi = inject(DepartmentsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);

  protected readonly devices = signal<Device[]>([]);
  protected readonly departments = signal<Department[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly departmentFilter = signal('');
  protected readonly showRemoved = signal(true);
  protected readonly columns = ['name', 'externalId', 'department', 'enrolledAt', 'removedAt', 'actions'];
  private readonly departmentNames = computed(() => new Map(this.departments().map((d) => [d.id, d.name])));
  protected readonly shown = computed(() =>
    this.devices().filter(
      (d) => (!this.departmentFilter() || d.departmentId === this.departmentFilter()) && (this.showRemoved() || !d.removedAt),
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

  protected departmentName(d: Device): string {
    return d.department?.name ?? this.departmentNames().get(d.departmentId) ?? '—';
  }

  create(): void {
    this.dialog
      .open<DeviceDialogComponent, Department[], Device>(DeviceDialogComponent, { data: this.departments(), width: '460px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((device) => {
        if (!device) return;
        this.notify.ok(`Device "${device.name}" enrolled`);
        this.load();
      });
  }

  markRemoved(device: Device): void {
    confirmAction(this.dialog, {
      title: 'Mark device removed',
      message: `"${device.name}" stops counting from now on; periods it was active in are still billed.`,
      confirmLabel: 'Mark removed',
    }).subscribe((confirmed) => {
      if (confirmed === null) return;
      this.api.removeDevice(device.id, new Date().toISOString()).subscribe({
        next: () => {
          this.notify.ok(`"${device.name}" marked removed`);
          this.load();
        },
        error: (err: unknown) => this.notify.error(err, 'The device could not be updated'),
      });
    });
  }
}
