import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import type { DepartmentView, ImportProfileView, MappedKeyView } from '@app/contracts';
import { Observable, filter, map, switchMap, tap } from 'rxjs';
import { ImportsApi } from '../../core/api/imports.api';
import { AuthService } from '../../core/auth/auth.service';
import { confirmAction } from '../../shared/confirm-dialog.component';
import { Notify } from '../../shared/notify.service';
import { MapKeyData, MapKeyDialogComponent } from './map-key-dialog.component';

/** The profile actions shared by the profiles list and a profile's page. */
@Injectable({ providedIn: 'root' })
export class ImportActions {
  private readonly dialog = inject(MatDialog);
  private readonly api = inject(ImportsApi);
  private readonly auth = inject(AuthService);
  private readonly notify = inject(Notify);

  /** admin and billing (`usage:write`): profiles, uploads (previews too) and mappings; viewers read. */
  canWrite(): boolean {
    return this.auth.can('usage:write');
  }

  /** After a confirmation: emits once the profile is deleted. */
  remove(profile: ImportProfileView): Observable<true> {
    return confirmAction(this.dialog, {
      title: 'Delete import profile',
      message:
        `Delete the import profile "${profile.name}" with its customer keys, held rows and run history? ` +
        'The sessions it imported stay (they may be billed). Rows still held are not imported.',
      confirmLabel: 'Delete',
      danger: true,
    }).pipe(
      filter((reason) => reason !== null),
      switchMap(() => this.api.remove(profile.id)),
      map(() => true as const),
      tap(() => this.notify.ok(`Import profile "${profile.name}" deleted`)),
    );
  }

  /** "Map to customer…": emits the API's answer once the key is mapped (its held rows imported). */
  mapKey(data: MapKeyData): Observable<MappedKeyView> {
    return this.dialog
      .open<MapKeyDialogComponent, MapKeyData, MappedKeyView>(MapKeyDialogComponent, { data, width: '480px', maxWidth: '96vw' })
      .afterClosed()
      .pipe(filter((result): result is MappedKeyView => !!result));
  }

  departmentName(departments: DepartmentView[], id: string): string {
    return departments.find((d) => d.id === id)?.name ?? 'the department';
  }
}
