import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';
import type { Principal } from './principal';

export const IS_PUBLIC = 'rb:public';
export const REQUIRED_PERMISSION = 'rb:permission';

/** No authentication needed (login, health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The permission an endpoint needs; every non-public endpoint must declare one. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** The authenticated caller. */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});
