import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { IsEmailAddress } from '../common/validators';
import { ChangePasswordDto } from '../users/users.dto';
import { UsersService } from '../users/users.service';
import { ApiKeysService, CreateApiKeyDto } from './api-keys.service';
import { AuthService } from './auth.service';
import { Caller, Public, RequirePermission } from './decorators';
import type { Principal } from './principal';

export class LoginDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsEmailAddress()
  @MaxLength(254)
  email: string;
  @IsString() @MinLength(1) @MaxLength(200) password: string;
}

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  @ApiBearerAuth()
  @Get('auth/me')
  @RequirePermission('departments:read')
  me(@Caller() caller: Principal) {
    return this.auth.me(caller);
  }

  /** Change my password (204); rate-limited like login, since it checks a password. */
  @ApiBearerAuth()
  @UseGuards(ThrottlerGuard)
  @Post('auth/password')
  @HttpCode(204)
  @RequirePermission('own-password:change')
  async changePassword(@Caller() caller: Principal, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.users.changeOwnPassword(caller, dto);
  }

  @ApiBearerAuth()
  @Post('api-keys')
  @RequirePermission('api-keys:manage')
  createKey(@Caller() caller: Principal, @Body() dto: CreateApiKeyDto) {
    return this.apiKeys.create(caller, dto);
  }

  @ApiBearerAuth()
  @Get('api-keys')
  @RequirePermission('api-keys:manage')
  listKeys(@Caller() caller: Principal) {
    return this.apiKeys.list(caller);
  }

  @ApiBearerAuth()
  @Delete('api-keys/:id')
  @RequirePermission('api-keys:manage')
  revokeKey(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.apiKeys.revoke(caller, id);
  }
}
