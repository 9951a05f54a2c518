import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import type { UserView } from '@app/contracts';
import { AuthService, Permission } from './auth.service';

/** Lets a logged-in user in (loading `/auth/me` once); others go to /login with a returnUrl. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.ensureUser()) return true;
  auth.clear();
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Route data `roles: UserView['role'][]` restricts a page (e.g. users and API keys for admins only). */
export const roleGuard: CanActivateFn = (route) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const roles = (route.data['roles'] as UserView['role'][] | undefined) ?? [];
  const role = auth.role();
  return roles.length === 0 || (role !== null && roles.includes(role)) ? true : router.createUrlTree(['/dashboard']);
};

/** Route data `permission` restricts a page to the roles `GET /auth/me` grants it (e.g. `webhooks:read`). */
export const permissionGuard: CanActivateFn = (route) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const permission = route.data['permission'] as Permission | undefined;
  return !permission || auth.can(permission) ? true : router.createUrlTree(['/dashboard']);
};

/** The login page is for visitors: a logged-in user goes straight to the console. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return (await auth.ensureUser()) ? router.createUrlTree(['/dashboard']) : true;
};
