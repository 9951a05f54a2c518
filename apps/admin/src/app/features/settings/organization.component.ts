import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { AuthService } from '../../core/auth/auth.service';
import { IconComponent } from '../../shared/icon.component';
import { HumanizePipe } from '../../shared/pipes';

/** Settings > Organization: the tenant, and the Billing section that leads to plans and bills. */
@Component({
  selector: 'app-organization',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatCardModule, MatButtonModule, IconComponent, HumanizePipe],
  template: `
    @if (auth.user(); as user) {
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>Organization</mat-card-title></mat-card-header>
        <mat-card-content>
          <dl class="details">
            <dt>Name</dt><dd data-testid="organization-name">{{ user.organization.name }}</dd>
            <dt>Time zone</dt><dd data-testid="organization-time-zone">{{ user.organization.timeZone }}</dd>
            <dt>Your role</dt><dd>{{ user.role | humanize }}</dd>
          </dl>
          <p class="muted">The organization's name and default time zone are set when the server is installed (ORG_NAME, ORG_TIME_ZONE).</p>
        </mat-card-content>
      </mat-card>
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>Billing</mat-card-title></mat-card-header>
        <mat-card-content>
          <p>Define what customers pay with billing plans, associate departments with them, and manage the bills they generate.</p>
        </mat-card-content>
        <mat-card-actions>
          <a mat-flat-button routerLink="/plans" data-testid="settings-billing-plans"><app-icon name="plans" /> Billing Plans</a>
          <a mat-button routerLink="/bills" data-testid="settings-billing-bills"><app-icon name="receipt" /> Bills</a>
        </mat-card-actions>
      </mat-card>
    }
  `,
})
export class OrganizationComponent {
  protected readonly auth = inject(AuthService);
}
