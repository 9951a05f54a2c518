import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { CreateUserDto, ListUsersDto, ResetPasswordDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('users:manage')
  list(@Caller() caller: Principal, @Query() query: ListUsersDto) {
    return this.users.list(caller, query);
  }

  @Get(':id')
  @RequirePermission('users:manage')
  get(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string) {
    return this.users.get(caller, id);
  }

  @Post()
  @RequirePermission('users:manage')
  create(@Caller() caller: Principal, @Body() dto: CreateUserDto) {
    return this.users.create(caller, dto);
  }

  @Patch(':id')
  @RequirePermission('users:manage')
  update(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(caller, id, dto);
  }

  /** Reset password: an admin sets a user's password (204). */
  @Post(':id/password')
  @HttpCode(204)
  @RequirePermission('users:manage')
  async resetPassword(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() dto: ResetPasswordDto): Promise<void> {
    await this.users.resetPassword(caller, id, dto);
  }
}
