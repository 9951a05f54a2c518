import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatTabsModule } from '@angular/material/tabs';
import { AuthService } from '../../core/auth/auth.service';

/**
 * Settings: Organization (with Billing), Tax rates, Billing runs, Webhooks (roles with `webhooks:read`: admin manages,
 * billing reads), and for admins Users and API keys.
 */
@Component({
  selector: 'app-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatTabsModule],
  template: `
    <div class="page">
      <div class="page-header"><h1>Settings</h1></div>
      <nav mat-tab-nav-bar [tabPanel]="panel" aria-label="Settings sections">
        <a mat-tab-link routerLink="organization" routerLinkActive #org="routerLinkActive" [active]="org.isActive" data-testid="settings-tab-organization">Organization</a>
        <a mat-tab-link routerLink="tax-rates" routerLinkActive #taxes="routerLinkActive" [active]="taxes.isActive" data-testid="settings-tab-tax-rates">Tax rates</a>
        <a mat-tab-link routerLink="billing-runs" routerLinkActive #runs="routerLinkActive" [active]="runs.isActive" data-testid="settings-tab-billing-runs">Billing runs</a>
        @if (auth.can('webhooks:read')) {
          <a mat-tab-link routerLink="webhooks" routerLinkActive #hooks="routerLinkActive" [active]="hooks.isActive" data-testid="settings-tab-webhooks">Webhooks</a>
        }
        @if (auth.isAdmin()) {
          <a mat-tab-link routerLink="users" routerLinkActive #users="routerLinkActive" [active]="users.isActive" data-testid="settings-tab-users">Users</a>
          <a mat-tab-link routerLink="api-keys" routerLinkActive #keys="routerLinkActive" [active]="keys.isActive" data-testid="settings-tab-api-keys">API keys</a>
        }
      </nav>
      <mat-tab-nav-panel #panel>
        <div class="panel"><router-outlet /></div>
      </mat-tab-nav-panel>
    </div>
  `,
  styles: `.panel { padding-top: 16px; }`,
})
export class SettingsComponent {
  protected readonly auth = inject(AuthService);
}
