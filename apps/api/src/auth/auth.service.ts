import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { UnauthenticatedError } from '../common/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UsersRepository } from '../users/users.repository';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal } from './principal';
import { MeApiKeyView, MeUserView, TokenView } from './auth.view';

@Injectable()
export class AuthService {
  /** A real hash of a random string, verified when the e-mail is unknown so both paths take the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string): Promise<TokenView> {
    const user = await this.users.findForLogin(email);
    this.dummyHash ??= hashPassword(randomUUID());
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active) throw new UnauthenticatedError('Wrong e-mail or password');
    const accessToken = await this.jwt.signAsync({ sub: user.id, org: user.organizationId, role: user.role });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, tokenType: 'Bearer' };
  }

  /** The caller: a person (with their user record) or an API key, and what they may do. */
  async me(caller: Principal): Promise<MeUserView | MeApiKeyView> {
    const org = await this.organizations.findById(caller.organizationId);
    if (!org) throw new UnauthenticatedError('Your organization is gone');
    const organization = { id: org.id, name: org.name, timeZone: org.timeZone };
    const permissions = [...caller.permissions];
    if (caller.kind === 'api_key' && caller.id) return { kind: 'api_key', id: caller.id, name: caller.name, permissions, organization };
    const user = caller.kind === 'user' && caller.id ? await this.users.findById(caller.organizationId, caller.id) : null;
    if (!user) throw new UnauthenticatedError('User is inactive or gone');
    const { id, email, name, role, active } = user;
    return { kind: 'user', id, email, name, role, active, createdAt: user.createdAt.toISOString(), permissions, organization };
  }
}
