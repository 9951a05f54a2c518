import { Routes } from '@angular/router';

export const BILL_ROUTES: Routes = [
  {
    path: '',
    title: 'Bills · Remote Billing',
    loadComponent: () => import('./bills-list.component').then((m) => m.BillsListComponent),
  },
  {
    path: ':id',
    title: 'Bill · Remote Billing',
    loadComponent: () => import('./bill-detail.component').then((m) => m.BillDetailComponent),
  },
];
