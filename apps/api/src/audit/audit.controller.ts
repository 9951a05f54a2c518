import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { ApiPage } from '../common/openapi';
import type { Page } from '../common/pagination';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';
import { AuditEventView } from './audit.view';

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** List who changed what, newest first, optionally about one kind of entity or one entity */
  @Get()
  @ApiPage(AuditEventView)
  @RequirePermission('audit:read')
  list(@Caller() caller: Principal, @Query() query: AuditQueryDto): Promise<Page<AuditEventView>> {
    return this.audit.list(caller, query);
  }
}
