import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { invalidField } from '../common/domain-error';
import { ApiPage } from '../common/openapi';
import { Page, PageQueryDto } from '../common/pagination';
import { BillingRunDto } from './bills.dto';
import { BillingRunService } from './billing-run.service';
import { BillingRunResultView, BillingRunView, OpenBillingFailuresView } from './billing-runs.view';

@ApiTags('billing runs')
@Controller('billing-runs')
export class BillingRunsController {
  constructor(
    private readonly billing: BillingRunService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Run billing now
   *
   * @remarks Closes every cycle of the caller's organization that ended at or before `asOf` (default now; never in the
   * future) into bills. An association that can not be billed is reported in `failures` and retried by every
   * run; the others are billed. Running again bills nothing twice.
   */
  @Post()
  @ApiCreatedResponse({ type: BillingRunResultView })
  @RequirePermission('billing-runs:run')
  async run(@Caller() caller: Principal, @Body() dto: BillingRunDto): Promise<BillingRunResultView> {
    const now = this.clock();
    const asOf = dto.asOf ? new Date(dto.asOf) : now;
    if (asOf.getTime() > now.getTime()) throw invalidField('asOf', 'asOf must not be in the future');
    return this.billing.runFor(caller.organizationId, asOf, 'api');
  }

  /** Billing-run history (API and cron runs), newest first, each with the associations that failed in it */
  @Get()
  @ApiPage(BillingRunView)
  @RequirePermission('bills:read')
  history(@Caller() caller: Principal, @Query() query: PageQueryDto): Promise<Page<BillingRunView>> {
    return this.billing.history(caller.organizationId, query);
  }

  /** Associations whose last billing attempt failed, oldest failure first; every run retries them until they bill */
  @Get('failures')
  @ApiOkResponse({ type: OpenBillingFailuresView })
  @RequirePermission('bills:read')
  async failures(@Caller() caller: Principal): Promise<OpenBillingFailuresView> {
    return { items: await this.billing.openFailures(caller.organizationId) };
  }
}
