import { Controller, Get, Inject, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Caller, RequirePermission } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { Clock, CLOCK } from '../common/clock';
import { ExactJsonInterceptor } from '../common/exact-json.interceptor';
import { BillingCron } from './billing.cron';
import { BillingRunService, OpenBillingFailureView } from './billing-run.service';
import { CurrencyTotals, DashboardRepository, MonthTotals } from './dashboard.repository';

/**
 * `GET /dashboard`. Each section is one field of the answer, read in parallel: add a section by adding a field.
 * Money sums are exact integers, written with all their digits (values above 2^53 too).
 */
export interface DashboardView {
  currencies: CurrencyTotals[];
  months: MonthTotals[];
  nextBillingRunAt: string | null;
  /** Associations whose last billing attempt failed (retried by every run until they bill). */
  billingFailures: OpenBillingFailureView[];
  /** Sessions no association covers: never billed; listed by `GET /sessions?coverage=uncovered`. */
  uncoveredSessions: number;
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly cron: BillingCron,
    private readonly billing: BillingRunService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Billed and collected per month (last 12 months of issue dates), outstanding and overdue per currency. */
  @Get()
  @RequirePermission('bills:read')
  @UseInterceptors(ExactJsonInterceptor)
  async dashboard(@Caller() caller: Principal): Promise<DashboardView> {
    const now = this.clock();
    const [currencies, months, billingFailures, uncoveredSessions] = await Promise.all([
      this.repository.currencyTotals(caller.organizationId, now),
      this.repository.monthTotals(caller.organizationId, now),
      this.billing.openFailures(caller.organizationId),
      this.repository.uncoveredSessions(caller.organizationId),
    ]);
    return { currencies, months, nextBillingRunAt: this.cron.nextRunAt()?.toISOString() ?? null, billingFailures, uncoveredSessions };
  }
}
