import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BillItemsRepository } from './bill-items.repository';
import { BillingCron } from './billing.cron';
import { BillingRunRepository } from './billing-run.repository';
import { BillingRunService } from './billing-run.service';
import { BillingRunsController } from './billing-runs.controller';
import { BillsController } from './bills.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { BillsRepository } from './bills.repository';
import { BillsService } from './bills.service';
import { DraftsService } from './drafts.service';
import { BillEvents } from './bill-events';
import { AutoSend } from './auto-send';
import { CorrectionsController } from './corrections.controller';
import { CorrectionsRepository } from './corrections.repository';
import { CorrectionsService } from './corrections.service';
import { PrepaidRepository } from '../prepaid/prepaid.repository';
import { PrepaidLedger } from '../prepaid/prepaid-ledger';
import { PrepaidAlerts } from '../prepaid/prepaid-alerts';
import { PrepaidController } from '../prepaid/prepaid.controller';
import { PrepaidService } from '../prepaid/prepaid.service';
import { PlansModule } from '../plans/plans.module';

/** Bill generation (billing runs, the cron) and bills after issue (payments, adjustments, void). */
@Module({
  imports: [ScheduleModule.forRoot(), PlansModule],
  controllers: [BillsController, CorrectionsController, BillingRunsController, DashboardController, PrepaidController],
  providers: [
    BillingRunRepository,
    BillingRunService,
    BillingCron,
    BillsRepository,
    BillItemsRepository,
    BillsService,
    DraftsService,
    BillEvents,
    AutoSend,
    CorrectionsRepository,
    CorrectionsService,
    DashboardRepository,
    PrepaidRepository,
    PrepaidLedger,
    PrepaidAlerts,
    PrepaidService,
  ],
  exports: [BillsService, BillingRunService, BillingCron, BillsRepository, CorrectionsService, CorrectionsRepository, PrepaidRepository],
})
export class BillingModule {}
