import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { BillingRunService } from './billing-run.service';

/** Finds due work on a schedule (BILLING_CRON) and hands it to BillingRunService; nothing else. */
@Injectable()
export class BillingCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BillingCron');
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly billing: BillingRunService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.billingCronEnabled) return;
    const job = CronJob.from({ cronTime: this.config.billingCron, onTick: () => this.tick(), timeZone: 'UTC', start: true });
    this.registry.addCronJob('billing-run', job);
    // A server that was down catches up at once instead of waiting for the next tick.
    setTimeout(() => void this.tick(), 2_000).unref();
  }

  /** When the next run is scheduled (for the dashboard). */
  nextRunAt(): Date | null {
    if (!this.config.billingCronEnabled) return null;
    try {
      return this.registry.getCronJob('billing-run').nextDate().toJSDate();
    } catch {
      return null;
    }
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.billing
      .run(new Date())
      .catch((err) => this.logger.error(`Billing run failed: ${err instanceof Error ? err.message : err}`))
      .finally(() => (this.running = null));
    await this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running;
  }
}
