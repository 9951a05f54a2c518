import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../common/domain-error';
import { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';

const USER_TTL_MS = 5_000;
import { API_KEY_PREFIX, hashApiKey } from './api-keys.service';
import { ApiKeysRepository } from './api-keys.repository';
import { IS_PUBLIC, REQUIRED_PERMISSION } from './decorators';
import { Permission, permissionsForScopes, ROLE_PERMISSIONS } from './permissions';
import type { Principal } from './principal';

export interface JwtClaims {
  sub: string;
  org: string;
  role: string;
  exp?: number;
}

/**
 * Global guard: every route is authenticated unless @Public(), and must declare the permission it needs.
 * `Authorization: Bearer rb_…` is an API key (scopes); any other bearer is a user's JWT (role).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** lastUsedAt is written at most once a minute per key and process (hot ingest paths stay read-only). */
  private readonly lastTouched = new Map<string, number>();
  private readonly users_ = new Map<string, { user: UserEntity | null; until: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const principal = await this.authenticate(request.headers.authorization);
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (!needed) throw new ForbiddenError('This endpoint declares no permission');
    if (!principal.permissions.has(needed)) {
      throw new ForbiddenError(principal.kind === 'api_key' ? `This API key lacks the scope for ${needed}` : `Your role may not ${needed}`);
    }
    return true;
  }

  /**
   * The token's user, read at most every USER_TTL_MS per process: a role change or deactivation takes
   * effect within that time (documented), and busy clients do not read the users table on every request.
   */
  private async cachedUser(organizationId: string, id: string): Promise<UserEntity | null> {
    const key = `${organizationId}:${id}`;
    const hit = this.users_.get(key);
    if (hit && hit.until > Date.now()) return hit.user;
    const user = await this.users.findById(organizationId, id);
    if (this.users_.size > 10_000) this.users_.clear();
    this.users_.set(key, { user, until: Date.now() + USER_TTL_MS });
    return user;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
    if (!match) throw new UnauthenticatedError('Send Authorization: Bearer <token or API key>');
    const token = match[1];
    if (token.startsWith(API_KEY_PREFIX)) {
      const key = await this.apiKeys.findActiveByHash(hashApiKey(token));
      if (!key) throw new UnauthenticatedError('Unknown or revoked API key');
      const now = Date.now();
      if ((this.lastTouched.get(key.id) ?? 0) < now - 60_000) {
        this.lastTouched.set(key.id, now);
        void this.apiKeys.touch(key.organizationId, key.id).catch(() => undefined);
      }
      return {
        organizationId: key.organizationId,
        kind: 'api_key',
        id: key.id,
        name: `api-key:${key.name}`,
        role: null,
        permissions: permissionsForScopes(key.scopes),
      };
    }
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
    // Every token we issue expires (JWT_EXPIRES_IN); one without `exp` was not made by login.
    if (typeof claims.exp !== 'number') throw new UnauthenticatedError('Invalid or expired token');
    const user = await this.cachedUser(claims.org, claims.sub);
    if (!user || !user.active) throw new UnauthenticatedError('User is inactive or gone');
    return {
      organizationId: user.organizationId,
      kind: 'user',
      id: user.id,
      name: user.email,
      role: user.role,
      permissions: ROLE_PERMISSIONS[user.role],
    };
  }
}
