import { Routes } from '@angular/router';
import { authGuard, guestGuard, permissionGuard, roleGuard } from './core/auth/auth.guards';

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Log in · Remote Billing',
    loadComponent: () => import('./features/auth/login.component').then((m) => m.LoginComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./layout/shell.component').then((m) => m.ShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'dashboard' },
      {
        path: 'dashboard',
        title: 'Dashboard · Remote Billing',
        loadComponent: () => import('./features/dashboard/dashboard.component').then((m) => m.DashboardComponent),
      },
      { path: 'plans', loadChildren: () => import('./features/plans/plans.routes').then((m) => m.PLAN_ROUTES) },
      { path: 'bills', loadChildren: () => import('./features/bills/bills.routes').then((m) => m.BILL_ROUTES) },
      {
        path: 'departments',
        title: 'Departments · Remote Billing',
        loadComponent: () => import('./features/departments/departments.component').then((m) => m.DepartmentsComponent),
      },
      {
        path: 'sessions',
        title: 'Sessions · Remote Billing',
        loadComponent: () => import('./features/sessions/sessions.component').then((m) => m.SessionsComponent),
      },
      { path: 'imports', loadChildren: () => import('./features/imports/imports.routes').then((m) => m.IMPORT_ROUTES) },
      {
        path: 'devices',
        title: 'Devices · Remote Billing',
        loadComponent: () => import('./features/devices/devices.component').then((m) => m.DevicesComponent),
      },
      { path: 'billing-runs', pathMatch: 'full', redirectTo: 'settings/billing-runs' },
      {
        path: 'settings',
        loadComponent: () => import('./features/settings/settings.component').then((m) => m.SettingsComponent),
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'organization' },
          {
            path: 'organization',
            title: 'Organization · Remote Billing',
            loadComponent: () => import('./features/settings/organization.component').then((m) => m.OrganizationComponent),
          },
          {
            path: 'tax-rates',
            title: 'Tax rates · Remote Billing',
            loadComponent: () => import('./features/settings/tax-rates.component').then((m) => m.TaxRatesComponent),
          },
          {
            path: 'billing-runs',
            title: 'Billing runs · Remote Billing',
            loadComponent: () => import('./features/settings/billing-runs.component').then((m) => m.BillingRunsComponent),
          },
          {
            path: 'webhooks',
            title: 'Webhooks · Remote Billing',
            canActivate: [permissionGuard],
            data: { permission: 'webhooks:read' },
            loadComponent: () => import('./features/webhooks/webhooks.component').then((m) => m.WebhooksComponent),
          },
          {
            path: 'webhooks/:id',
            title: 'Webhook delivery log · Remote Billing',
            canActivate: [permissionGuard],
            data: { permission: 'webhooks:read' },
            loadComponent: () => import('./features/webhooks/webhook-deliveries.component').then((m) => m.WebhookDeliveriesComponent),
          },
          {
            path: 'users',
            title: 'Users · Remote Billing',
            canActivate: [roleGuard],
            data: { roles: ['admin'] },
            loadComponent: () => import('./features/settings/users.component').then((m) => m.UsersComponent),
          },
          {
            path: 'api-keys',
            title: 'API keys · Remote Billing',
            canActivate: [roleGuard],
            data: { roles: ['admin'] },
            loadComponent: () => import('./features/settings/api-keys.component').then((m) => m.ApiKeysComponent),
          },
        ],
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
