import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { PageQueryDto } from '../common/pagination';
import { AuditService } from './audit.service';

export const AUDIT_ENTITY_TYPES = [
  'organization',
  'user',
  'api_key',
  'department',
  'plan',
  'association',
  'session',
  'device',
  'bill',
  'payment',
  'adjustment',
  'email',
];

export class AuditQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @IsIn(AUDIT_ENTITY_TYPES) entityType?: string;
  @IsOptional() @IsString() @MaxLength(64) entityId?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit:read')
  list(@Caller() caller: Principal, @Query() query: AuditQueryDto) {
    return this.audit.list(caller, query);
  }
}
