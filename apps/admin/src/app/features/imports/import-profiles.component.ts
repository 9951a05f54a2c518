import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import type { ImportPresetView, ImportProfileView } from '@app/contracts';
import { forkJoin } from 'rxjs';
import { ImportsApi } from '../../core/api/imports.api';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { ImportActions } from './import-actions';
import { presetLabel, settingsLine } from './import-settings';

/**
 * `/imports`: the import profiles (how a remote-support tool's session report is read), by name. Each opens to its
 * page (upload, customer keys, runs); admins and billing users create one from a preset or with own settings, edit
 * and delete.
 */
@Component({
  selector: 'app-import-profiles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatTableModule, MatButtonModule, MatMenuModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Session imports</h1>
        @if (actions.canWrite()) {
          <a mat-flat-button routerLink="/imports/new" data-testid="import-profile-new"><app-icon name="add" /> New import profile</a>
        }
      </div>
      <p class="muted profiles-intro">
        Sessions from the reports the remote-support tools export (TeamViewer, Zoho Assist, Splashtop, ScreenConnect, BeyondTrust,
        AnyDesk or any CSV or JSON): a profile says how its tool's report is read; each upload is previewed first, and importing the
        same report again adds nothing.
      </p>
      <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
      @if (actionError(); as message) {
        <div class="error-box" role="alert" data-testid="import-profiles-error">{{ message }}</div>
      }
      <div class="table-wrap">
        <table mat-table [dataSource]="profiles()" aria-label="Import profiles" data-testid="import-profiles-table">
          <ng-container matColumnDef="name">
            <th mat-header-cell *matHeaderCellDef>Name</th>
            <td mat-cell *matCellDef="let p"><a [routerLink]="['/imports', p.id]" data-testid="import-profile-link">{{ p.name }}</a></td>
          </ng-container>
          <ng-container matColumnDef="preset">
            <th mat-header-cell *matHeaderCellDef>Started from</th>
            <td mat-cell *matCellDef="let p" data-testid="import-profile-preset">{{ label(p.preset) }}</td>
          </ng-container>
          <ng-container matColumnDef="settings">
            <th mat-header-cell *matHeaderCellDef>Reads</th>
            <td mat-cell *matCellDef="let p" class="muted" data-testid="import-profile-settings">{{ line(p) }}</td>
          </ng-container>
          <ng-container matColumnDef="idPrefix">
            <th mat-header-cell *matHeaderCellDef>Session ids</th>
            <td mat-cell *matCellDef="let p"><code>{{ p.idPrefix }}:…</code></td>
          </ng-container>
          <ng-container matColumnDef="updatedAt">
            <th mat-header-cell *matHeaderCellDef>Changed</th>
            <td mat-cell *matCellDef="let p">{{ p.updatedAt | instant }}</td>
          </ng-container>
          <ng-container matColumnDef="actions">
            <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
            <td mat-cell *matCellDef="let p" class="profile-actions">
              @if (actions.canWrite()) {
                <button mat-icon-button type="button" [matMenuTriggerFor]="menu" [matMenuTriggerData]="{ profile: p }"
                  [attr.aria-label]="'Actions for ' + p.name" data-testid="import-profile-menu">
                  <app-icon name="more_vert" />
                </button>
              }
            </td>
          </ng-container>
          <tr mat-header-row *matHeaderRowDef="columns"></tr>
          <tr mat-row *matRowDef="let p; columns: columns" data-testid="import-profile-row" [attr.data-profile-id]="p.id" [attr.data-name]="p.name"></tr>
          <tr class="mat-row" *matNoDataRow>
            <td class="mat-cell empty" [attr.colspan]="columns.length" data-testid="import-profiles-empty">
              @if (loaded()) { No import profiles yet.@if (actions.canWrite()) { Create one from your tool's preset to import its session report.} }
            </td>
          </tr>
        </table>
      </div>

      <mat-menu #menu="matMenu">
        <ng-template matMenuContent let-profile="profile">
          <a mat-menu-item [routerLink]="['/imports', profile.id]" data-testid="import-profile-menu-open"><app-icon name="upload" /><span>Open</span></a>
          <a mat-menu-item [routerLink]="['/imports', profile.id, 'edit']" data-testid="import-profile-menu-edit"><app-icon name="edit" /><span>Edit</span></a>
          <button mat-menu-item type="button" (click)="remove(profile)" data-testid="import-profile-menu-delete"><app-icon name="delete" /><span>Delete</span></button>
        </ng-template>
      </mat-menu>
    </div>
  `,
  styles: `
    .profiles-intro { margin: 0 0 12px; max-width: 900px; }
    td.profile-actions { text-align: right; width: 48px; }
  `,
})
export class ImportProfilesComponent {
  private readonly api = inject(ImportsApi);
  private readonly destroyRef = inject(DestroyRef);
  protected readonly actions = inject(ImportActions);

  protected readonly profiles = signal<ImportProfileView[]>([]);
  private readonly presets = signal<ImportPresetView[]>([]);
  protected readonly loading = signal(true);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly columns = ['name', 'preset', 'settings', 'idPrefix', 'updatedAt', 'actions'];
  protected readonly line = (p: ImportProfileView) => settingsLine(p.settings);

  constructor() {
    this.load();
  }

  protected label(preset: string | null): string {
    return presetLabel(this.presets(), preset);
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    forkJoin({ profiles: this.api.list(), presets: this.api.presets() }).subscribe({
      next: ({ profiles, presets }) => {
        this.profiles.set(profiles);
        this.presets.set(presets);
        this.loading.set(false);
        this.loaded.set(true);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The import profiles could not be loaded'));
      },
    });
  }

  protected remove(profile: ImportProfileView): void {
    this.actionError.set(null);
    this.actions
      .remove(profile)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => this.load(),
        error: (err: unknown) => {
          this.actionError.set(errorMessage(err, 'The profile could not be deleted'));
          this.load();
        },
      });
  }
}
