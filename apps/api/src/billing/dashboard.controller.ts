import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { BillingCron } from './billing.cron';
import { BillsRepository } from './bills.repository';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly bills: BillsRepository,
    private readonly cron: BillingCron,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Billed and collected per month (last 12 months of issue dates), outstanding and overdue per currency. */
  @Get()
  @RequirePermission('bills:read')
  async dashboard(@Caller() caller: Principal) {
    const { currencies, months } = await this.bills.dashboard(caller.organizationId, this.clock());
    return { currencies, months, nextBillingRunAt: this.cron.nextRunAt()?.toISOString() ?? null };
  }
}
