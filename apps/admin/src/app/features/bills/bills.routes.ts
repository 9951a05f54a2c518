import { Routes } from '@angular/router';

export const BILL_ROUTES: Routes = [
  {
    path: '',
    title: 'Bills · Remote Billing',
    loadComponent: () => import('./bills-list.component').then((m) => m.BillsListComponent),
  },
  {
    path: 'drafts',
    title: 'Drafts to review · Remote Billing',
    loadComponent: () => import('./drafts.component').then((m) => m.DraftsComponent),
  },
  {
    path: ':id',
    title: 'Bill · Remote Billing',
    loadComponent: () => import('./bill-detail.component').then((m) => m.BillDetailComponent),
  },
];
