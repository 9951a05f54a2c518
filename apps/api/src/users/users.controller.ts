import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiConflict, ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateUserDto, ListUsersDto, ResetPasswordDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';
import { UserView } from './users.view';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** List the organization's users by e-mail */
  @Get()
  @ApiPage(UserView)
  @RequirePermission('users:manage')
  list(@Caller() caller: Principal, @Query() query: ListUsersDto): Promise<Page<UserView>> {
    return this.users.list(caller, query);
  }

  /** A user */
  @Get(':id')
  @ApiOkResponse({ type: UserView })
  @RequirePermission('users:manage')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string): Promise<UserView> {
    return this.users.get(caller, id);
  }

  /** Add a user with a role and an initial password */
  @Post()
  @ApiCreatedResponse({ type: UserView, description: 'The new user (active)' })
  @ApiConflict('EMAIL_TAKEN')
  @RequirePermission('users:manage')
  create(@Caller() caller: Principal, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(caller, dto);
  }

  /**
   * Change a user's name, role, active flag or password
   *
   * @remarks The organization keeps at least one active admin: demoting or deactivating the last one is a 409
   * LAST_ADMIN.
   */
  @Patch(':id')
  @ApiOkResponse({ type: UserView, description: 'The user as it is now' })
  @ApiConflict('LAST_ADMIN')
  @RequirePermission('users:manage')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(caller, id, dto);
  }

  /** Reset password: an admin sets a user's password */
  @Post(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The password is set; tokens issued before stay valid until they expire' })
  @RequirePermission('users:manage')
  async resetPassword(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(caller, id, dto);
  }
}
