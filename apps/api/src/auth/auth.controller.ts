import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { ChangePasswordDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { ApiKeyCreatedView, ApiKeyView, MeApiKeyView, MeUserView, TokenView } from './auth.view';
import { Caller, Public, RequirePermission } from './decorators';
import type { Principal } from './principal';

const RATE_LIMITED = { status: 429, description: 'RATE_LIMITED: too many attempts from this address; wait a minute' };

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  /**
   * Sign in with e-mail and password
   *
   * @remarks Answers a JWT for `Authorization: Bearer`. Rate-limited per client address.
   */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenView })
  @ApiErrors({ status: 401, description: 'UNAUTHENTICATED: wrong e-mail or password, or the user is inactive' }, RATE_LIMITED)
  login(@Body() dto: LoginDto): Promise<TokenView> {
    return this.auth.login(dto.email, dto.password);
  }

  /**
   * The caller: the signed-in person or the API key, with its organization and permissions
   *
   * @remarks `kind` tells the two apart: `user` (a JWT from login) carries the user's record, `api_key` the key's name.
   */
  @Get('auth/me')
  @ApiExtraModels(MeUserView, MeApiKeyView)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(MeUserView) }, { $ref: getSchemaPath(MeApiKeyView) }],
      discriminator: {
        propertyName: 'kind',
        mapping: { user: getSchemaPath(MeUserView), api_key: getSchemaPath(MeApiKeyView) },
      },
    },
  })
  @RequirePermission('departments:read')
  me(@Caller() caller: Principal): Promise<MeUserView | MeApiKeyView> {
    return this.auth.me(caller);
  }

  /**
   * Change my password
   *
   * @remarks Rate-limited like login, since it checks a password. A wrong `currentPassword` is a 400 on that field.
   */
  @UseGuards(ThrottlerGuard)
  @Post('auth/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; tokens already issued stay valid until they expire' })
  @ApiErrors(RATE_LIMITED)
  @RequirePermission('own-password:change')
  async changePassword(@Caller() caller: Principal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(caller, dto);
  }

  /** Create an API key (the key is in this answer only) */
  @Post('api-keys')
  @ApiCreatedResponse({ type: ApiKeyCreatedView })
  @RequirePermission('api-keys:manage')
  createKey(@Caller() caller: Principal, @Body() dto: CreateApiKeyDto): Promise<ApiKeyCreatedView> {
    return this.apiKeys.create(caller, dto);
  }

  /** List the organization's API keys, newest first, revoked ones included */
  @Get('api-keys')
  @ApiPage(ApiKeyView, 'Every key (one page: `nextCursor` is always null)')
  @RequirePermission('api-keys:manage')
  listKeys(@Caller() caller: Principal): Promise<Page<ApiKeyView>> {
    return this.apiKeys.list(caller);
  }

  /** Revoke an API key (at once; revoking a revoked key changes nothing) */
  @Delete('api-keys/:id')
  @ApiOkResponse({ type: ApiKeyView, description: 'The revoked key' })
  @RequirePermission('api-keys:manage')
  revokeKey(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<ApiKeyView> {
    return this.apiKeys.revoke(caller, id);
  }
}
