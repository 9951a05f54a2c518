import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeysRepository } from './auth/api-keys.repository';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import type { AppConfig } from './config/app-config';
import { BootstrapService } from './organizations/bootstrap.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { OrganizationsService } from './organizations/organizations.service';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

export const JWT_SECRET = Symbol('JWT_SECRET');

/** Organizations (and their settings), users, API keys, login and the global auth guard. */
@Global()
@Module({})
export class IdentityModule {
  static forRoot(jwtSecret: string, config: AppConfig) {
    return {
      module: IdentityModule,
      imports: [
        // A KeyObject, not a string: jsonwebtoken then skips re-deriving the key on every verify (~350 µs → ~7 µs).
        JwtModule.register({
          secret: createSecretKey(Buffer.from(jwtSecret, 'utf8')),
          signOptions: { expiresIn: config.jwtExpiresInSeconds, algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute }],
          errorMessage: 'Too many login attempts; wait a minute',
        }),
      ],
      controllers: [AuthController, OrganizationsController, UsersController],
      providers: [
        ApiKeysRepository,
        ApiKeysService,
        AuthService,
        BootstrapService,
        OrganizationsRepository,
        OrganizationsService,
        UsersRepository,
        UsersService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [OrganizationsRepository, UsersRepository, BootstrapService],
    };
  }
}
