import { Routes } from '@angular/router';

export const IMPORT_ROUTES: Routes = [
  {
    path: '',
    title: 'Session imports · Remote Billing',
    loadComponent: () => import('./import-profiles.component').then((m) => m.ImportProfilesComponent),
  },
  {
    path: 'new',
    title: 'New import profile · Remote Billing',
    loadComponent: () => import('./import-profile-form.component').then((m) => m.ImportProfileFormComponent),
  },
  {
    path: ':id',
    title: 'Import profile · Remote Billing',
    loadComponent: () => import('./import-profile.component').then((m) => m.ImportProfileComponent),
  },
  {
    path: ':id/edit',
    title: 'Edit import profile · Remote Billing',
    loadComponent: () => import('./import-profile-form.component').then((m) => m.ImportProfileFormComponent),
  },
];
