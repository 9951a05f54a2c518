import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { DomainError } from '../common/domain-error';
import { PageQueryDto } from '../common/pagination';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { DevicesService } from './devices.service';
import { SessionsService } from './sessions.service';

/** OpenAPI shapes only: usage bodies are validated by usage-input.ts (fast path for 10,000-item batches). */
class SessionDoc {
  @ApiProperty() externalId: string;
  @ApiPropertyOptional({ format: 'uuid' }) departmentId?: string;
  @ApiPropertyOptional({ description: "the service's own department id (departments.externalId)" }) departmentExternalId?: string;
  @ApiPropertyOptional() technician?: string;
  @ApiProperty({ enum: ['attended', 'unattended'] }) type: string;
  @ApiProperty({ example: '2026-01-31T10:00:00Z' }) startedAt: string;
  @ApiProperty({ example: '2026-01-31T10:30:00Z' }) endedAt: string;
}
class SessionBatchDoc {
  @ApiProperty({ type: [SessionDoc], maxItems: 10000 }) sessions: SessionDoc[];
}
class DeviceDoc {
  @ApiProperty() externalId: string;
  @ApiPropertyOptional({ format: 'uuid' }) departmentId?: string;
  @ApiPropertyOptional() departmentExternalId?: string;
  @ApiProperty() name: string;
  @ApiProperty() enrolledAt: string;
  @ApiPropertyOptional() removedAt?: string;
}
class DeviceBatchDoc {
  @ApiProperty({ type: [DeviceDoc], maxItems: 10000 }) devices: DeviceDoc[];
}
class DevicePatchDoc {
  @ApiProperty({ nullable: true, example: '2026-03-01T00:00:00Z' }) removedAt: string | null;
}

export class ListSessionsDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(64) departmentId?: string;
  @IsOptional() @IsString() @MaxLength(64) from?: string;
  @IsOptional() @IsString() @MaxLength(64) to?: string;
  /** `uncovered`: sessions no association covers (never billed); `covered`: the others. */
  @IsOptional() @IsIn(['covered', 'uncovered']) coverage?: 'covered' | 'uncovered';
}

export class ListDevicesDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(64) departmentId?: string;
  @IsOptional() @IsIn(['active', 'removed']) status?: 'active' | 'removed';
}

@ApiTags('usage')
@ApiBearerAuth()
@Controller()
export class UsageController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly devices: DevicesService,
  ) {}

  /** 201 with the new session; 200 with the stored one when its externalId was already sent. */
  @Post('sessions')
  @RequirePermission('usage:write')
  @ApiBody({ type: SessionDoc })
  async createSession(@Caller() caller: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { session, duplicate } = await this.sessions.create(caller, body);
    res.status(duplicate ? 200 : 201);
    return { ...session, duplicate };
  }

  @Post('sessions/batch')
  @HttpCode(200)
  @RequirePermission('usage:write')
  @ApiBody({ type: SessionBatchDoc })
  batchSessions(@Caller() caller: Principal, @Body() body: unknown) {
    return this.sessions.batch(caller, body);
  }

  @Post('sessions/import')
  @HttpCode(200)
  @RequirePermission('usage:write')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'externalId,departmentExternalId,technician,type,startedAt,endedAt\n' } })
  importSessions(@Caller() caller: Principal, @Req() req: Request) {
    if (!/^text\/(csv|plain)\b/i.test(req.headers['content-type'] ?? '')) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the session report as Content-Type: text/csv');
    }
    return this.sessions.importCsv(caller, req);
  }

  @Get('sessions')
  @RequirePermission('usage:read')
  listSessions(@Caller() caller: Principal, @Query() query: ListSessionsDto) {
    return this.sessions.list(caller, query);
  }

  @Post('devices')
  @RequirePermission('usage:write')
  @ApiBody({ type: DeviceDoc })
  async createDevice(@Caller() caller: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    const { device, duplicate } = await this.devices.create(caller, body);
    res.status(duplicate ? 200 : 201);
    return { ...device, duplicate };
  }

  @Post('devices/batch')
  @HttpCode(200)
  @RequirePermission('usage:write')
  @ApiBody({ type: DeviceBatchDoc })
  batchDevices(@Caller() caller: Principal, @Body() body: unknown) {
    return this.devices.batch(caller, body);
  }

  @Patch('devices/:id')
  @RequirePermission('usage:write')
  @ApiBody({ type: DevicePatchDoc })
  updateDevice(@Caller() caller: Principal, @Param('id', ParseIdPipe) id: string, @Body() body: unknown) {
    return this.devices.update(caller, id, body);
  }

  @Get('devices')
  @RequirePermission('usage:read')
  listDevices(@Caller() caller: Principal, @Query() query: ListDevicesDto) {
    return this.devices.list(caller, query);
  }
}
