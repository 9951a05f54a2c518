import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { invalidField } from '../common/domain-error';
import { PageQueryDto } from '../common/pagination';
import { BillingRunDto } from './bills.dto';
import { BillingRunService } from './billing-run.service';

@ApiTags('billing runs')
@ApiBearerAuth()
@Controller('billing-runs')
export class BillingRunsController {
  constructor(
    private readonly billing: BillingRunService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Closes every cycle of the caller's organization that ended at or before asOf (default now; never the future). */
  @Post()
  @RequirePermission('billing-runs:run')
  async run(@Caller() caller: Principal, @Body() dto: BillingRunDto) {
    const now = this.clock();
    const asOf = dto.asOf ? new Date(dto.asOf) : now;
    if (asOf.getTime() > now.getTime()) throw invalidField('asOf', 'asOf must not be in the future');
    return { ...(await this.billing.run(asOf, caller.organizationId, 'api')), asOf: asOf.toISOString() };
  }

  /** Billing-run history (API and cron runs), newest first, each with the associations that failed in it. */
  @Get()
  @RequirePermission('bills:read')
  history(@Caller() caller: Principal, @Query() query: PageQueryDto) {
    return this.billing.history(caller.organizationId, query);
  }

  /** Associations whose last billing attempt failed; every run retries them until they bill. */
  @Get('failures')
  @RequirePermission('bills:read')
  async failures(@Caller() caller: Principal) {
    return { items: await this.billing.openFailures(caller.organizationId) };
  }
}
