import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatListModule } from '@angular/material/list';
import { MatMenuModule } from '@angular/material/menu';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { map } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { ChangePasswordDialogComponent } from '../features/account/password-dialogs.component';
import { Notify } from '../shared/notify.service';
import { IconComponent } from '../shared/icon.component';
import { HumanizePipe } from '../shared/pipes';

interface NavItem {
  path: string;
  label: string;
  icon: string;
  testId: string;
}

const NAV: NavItem[] = [
  { path: '/dashboard', label: 'Dashboard', icon: 'dashboard', testId: 'nav-dashboard' },
  { path: '/plans', label: 'Billing Plans', icon: 'plans', testId: 'nav-plans' },
  { path: '/bills', label: 'Bills', icon: 'receipt', testId: 'nav-bills' },
  { path: '/departments', label: 'Departments', icon: 'business', testId: 'nav-departments' },
  { path: '/sessions', label: 'Sessions', icon: 'sessions', testId: 'nav-sessions' },
  { path: '/imports', label: 'Session imports', icon: 'upload_file', testId: 'nav-imports' },
  { path: '/devices', label: 'Devices', icon: 'devices', testId: 'nav-devices' },
  { path: '/settings', label: 'Settings', icon: 'settings', testId: 'nav-settings' },
];

@Component({
  selector: 'app-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatSidenavModule,
    MatToolbarModule,
    MatListModule,
    MatButtonModule,
    MatMenuModule,
    IconComponent,
    HumanizePipe,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(Notify);
  protected readonly nav = NAV;
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe('(max-width: 900px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly initials = computed(() => {
    const user = this.auth.user();
    const source = user?.name || user?.email || '?';
    return source
      .split(/[\s@.]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]!.toUpperCase())
      .join('');
  });

  /** User menu > Change my password. Other signed-in sessions keep their tokens until they expire. */
  protected changePassword(): void {
    this.dialog
      .open<ChangePasswordDialogComponent, void, boolean>(ChangePasswordDialogComponent, { width: '440px', maxWidth: '96vw' })
      .afterClosed()
      .subscribe((changed) => {
        if (changed) this.notify.ok('Your password was changed');
      });
  }
}
