import { Controller, Get, Inject, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { ExactJsonInterceptor } from '../common/exact-json.interceptor';
import { BillingCron } from './billing.cron';
import { BillingRunService } from './billing-run.service';
import { DashboardRepository } from './dashboard.repository';
import { DashboardView } from './dashboard.view';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly cron: BillingCron,
    private readonly billing: BillingRunService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Totals for the console: billed and collected per month, outstanding and overdue per currency
   *
   * @remarks Money sums are exact integers, written with all their digits, also beyond 2^53 (see `CurrencyTotalsView`).
   */
  @Get()
  @ApiOkResponse({ type: DashboardView })
  @RequirePermission('bills:read')
  @UseInterceptors(ExactJsonInterceptor)
  async dashboard(@Caller() caller: Principal): Promise<DashboardView> {
    const now = this.clock();
    const [currencies, months, billingFailures, uncoveredSessions, draftsToReview] = await Promise.all([
      this.repository.currencyTotals(caller.organizationId, now),
      this.repository.monthTotals(caller.organizationId, now),
      this.billing.openFailures(caller.organizationId),
      this.repository.uncoveredSessions(caller.organizationId),
      this.repository.draftsToReview(caller.organizationId),
    ]);
    const nextBillingRunAt = this.cron.nextRunAt()?.toISOString() ?? null;
    return { currencies, months, nextBillingRunAt, billingFailures, uncoveredSessions, draftsToReview };
  }
}
