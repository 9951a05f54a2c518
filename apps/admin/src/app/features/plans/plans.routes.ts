import { Routes } from '@angular/router';

export const PLAN_ROUTES: Routes = [
  {
    path: '',
    title: 'Billing Plans · Remote Billing',
    loadComponent: () => import('./plans-list.component').then((m) => m.PlansListComponent),
  },
  {
    path: 'new',
    title: 'New billing plan · Remote Billing',
    loadComponent: () => import('./plan-form.component').then((m) => m.PlanFormComponent),
  },
  {
    path: ':id',
    title: 'Billing plan · Remote Billing',
    loadComponent: () => import('./plan-view.component').then((m) => m.PlanViewComponent),
  },
  {
    path: ':planId/customers/:associationId/prepaid',
    title: 'Prepaid hours · Remote Billing',
    loadComponent: () => import('./prepaid.component').then((m) => m.PrepaidComponent),
  },
  {
    path: ':id/edit',
    title: 'Edit billing plan · Remote Billing',
    loadComponent: () => import('./plan-form.component').then((m) => m.PlanFormComponent),
  },
];
