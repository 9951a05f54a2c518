import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { UnauthenticatedError } from '../common/domain-error';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { UsersRepository } from '../users/users.repository';
import { toUserView } from '../users/users.service';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords';
import type { Principal } from './principal';

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

  async login(email: string, password: string): Promise<{ accessToken: string; expiresIn: number; tokenType: 'Bearer' }> {
    const user = await this.users.findForLogin(email);
    this.dummyHash ??= hashPassword(randomUUID());
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !ok || !user.active) throw new UnauthenticatedError('Wrong e-mail or password');
    const accessToken = await this.jwt.signAsync({ sub: user.id, org: user.organizationId, role: user.role });
    return { accessToken, expiresIn: this.config.jwtExpiresInSeconds, tokenType: 'Bearer' };
  }

  async me(caller: Principal) {
    const org = await this.organizations.findById(caller.organizationId);
    const organization = org ? { id: org.id, name: org.name, timeZone: org.timeZone } : null;
    if (caller.kind === 'user' && caller.id) {
      const user = await this.users.findById(caller.organizationId, caller.id);
      if (user) return { ...toUserView(user), organization };
    }
    return { id: caller.id, name: caller.name, kind: caller.kind, permissions: [...caller.permissions], organization };
  }
}
