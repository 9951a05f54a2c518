import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import type { UpdateUserDto, UserView } from '@app/contracts';
import { SettingsApi } from '../../core/api/settings.api';
import { AuthService } from '../../core/auth/auth.service';
import { errorMessage } from '../../core/errors';
import { IconComponent } from '../../shared/icon.component';
import { Notify } from '../../shared/notify.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { InstantPipe } from '../../shared/pipes';
import { ResetPasswordDialogComponent } from '../account/password-dialogs.component';
import { ROLES, UserDialogComponent } from './user-dialog.component';

/** Settings > Users (admins): list, create, change role, (de)activate, reset another user's password. */
@Component({
  selector: 'app-users',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatTableModule, MatButtonModule, MatSlideToggleModule, PageStateComponent, IconComponent, InstantPipe],
  template: `
    <div class="page-header">
      <h2 class="title">Users</h2>
      <button mat-flat-button type="button" (click)="create()" data-testid="user-new"><app-icon name="add" /> New user</button>
    </div>
    <app-page-state [loading]="loading()" [error]="error()" (retry)="load()" />
    <div class="table-wrap">
      <table mat-table [dataSource]="users()" aria-label="Users" data-testid="users-table">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>Name</th>
          <td mat-cell *matCellDef="let u">{{ u.name }}@if (u.id === auth.user()?.id) { <span class="muted"> (you)</span> }</td>
        </ng-container>
        <ng-container matColumnDef="email">
          <th mat-header-cell *matHeaderCellDef>E-mail</th>
          <td mat-cell *matCellDef="let u">{{ u.email }}</td>
        </ng-container>
        <ng-container matColumnDef="role">
          <th mat-header-cell *matHeaderCellDef>Role</th>
          <td mat-cell *matCellDef="let u">
            <select class="role" [value]="u.role" (change)="setRole(u, $any($event.target).value)" [disabled]="u.id === auth.user()?.id"
              [attr.aria-label]="'Role of ' + u.email" data-testid="user-role-select">
              @for (r of roles; track r.value) { <option [value]="r.value" [selected]="r.value === u.role">{{ r.label }}</option> }
            </select>
          </td>
        </ng-container>
        <ng-container matColumnDef="active">
          <th mat-header-cell *matHeaderCellDef>Active</th>
          <td mat-cell *matCellDef="let u">
            <mat-slide-toggle [checked]="u.active" (change)="setActive(u, $event.checked)" [disabled]="u.id === auth.user()?.id"
              [aria-label]="'Active: ' + u.email" data-testid="user-active-toggle" />
          </td>
        </ng-container>
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef>Created</th>
          <td mat-cell *matCellDef="let u">{{ u.createdAt | instant: 'day' }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let u" class="actions">
            @if (u.id !== auth.user()?.id) {
              <button mat-button type="button" (click)="resetPassword(u)" [attr.aria-label]="'Reset password of ' + u.email"
                data-testid="user-reset-password"><app-icon name="key" /> Reset password</button>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let u; columns: columns" data-testid="user-row" [attr.data-user-email]="u.email"></tr>
      </table>
    </div>
  `,
  styles: `
    .title { font: var(--mat-sys-title-large); margin: 0; flex: 1; }
    td.actions { text-align: right; white-space: nowrap; }
    select.role { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid var(--mat-sys-outline-variant); background: transparent; color: inherit; }
  `,
})
export class UsersComponent {
  private readonly api = inject(SettingsApi);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly auth = inject(AuthService);
  protected readonly roles = ROLES;
  protected readonly users = signal<UserView[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly columns = ['name', 'email', 'role', 'active', 'createdAt', 'actions'];

  constructor() {
    this.load();
  }

  load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.users().subscribe({
      next: (users) => {
        this.users.set(users);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.error.set(errorMessage(err, 'The users could not be loaded'));
      },
    });
  }

  create(): void {
    this.dialog
      .open<UserDialogComponent, void, UserView>(UserDialogComponent, { width: '460px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((user) => {
        if (!user) return;
        this.notify.ok(`User ${user.email} created`);
        this.load();
      });
  }

  /** Your own password is changed from the user menu (it asks for the current one). */
  resetPassword(user: UserView): void {
    this.dialog
      .open<ResetPasswordDialogComponent, UserView, boolean>(ResetPasswordDialogComponent, { data: user, width: '460px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((done) => {
        if (done) this.notify.ok(`New password set for ${user.email}`);
      });
  }

  setRole(user: UserView, role: UserView['role']): void {
    this.update(user, { role }, `${user.email} is now ${role}`);
  }

  setActive(user: UserView, active: boolean): void {
    this.update(user, { active }, `${user.email} ${active ? 'activated' : 'deactivated'}`);
  }

  private update(user: UserView, change: UpdateUserDto, message: string): void {
    this.api.updateUser(user.id, change).subscribe({
      next: (updated) => {
        this.users.update((list) => list.map((u) => (u.id === user.id ? updated : u)));
        this.notify.ok(message);
      },
      error: (err: unknown) => {
        this.notify.error(err, 'The user could not be updated');
        this.load(); // put the controls back to the stored values
      },
    });
  }
}
