import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxService } from './outbox.service';

/** Looks for due e-mail on a schedule (OUTBOX_CRON) and hands it to OutboxService; nothing else. */
@Injectable()
export class OutboxCron implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxCron');

  constructor(
    private readonly outbox: OutboxService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({ cronTime: this.config.outboxCron, onTick: () => this.tick(), timeZone: 'UTC', start: true });
    this.registry.addCronJob('email-outbox', job);
    if (!this.config.smtpUrl) this.logger.log(`SMTP_URL is not set: invoice e-mails are written as .eml files to ${this.config.mailDir}`);
  }

  /** A tick while a drain is still running joins it (OutboxService runs one drain at a time). */
  async tick(): Promise<void> {
    await this.outbox.drain().catch((err) => this.logger.error(`E-mail outbox failed: ${err instanceof Error ? err.message : err}`));
  }

  /**
   * Shutdown starts with onModuleDestroy, where the mailer closes its SMTP transport too: from then on nothing new is
   * claimed. A send in flight whose transport closed may never call back, so the wait below is bounded (it stays
   * claimed and is sent again after its lease, as after a crash).
   */
  onModuleDestroy(): void {
    try {
      void this.registry.getCronJob('email-outbox').stop();
    } catch {
      // not registered (bootstrap never ran)
    }
    this.outbox.stop();
  }

  /** Lets the deliveries in flight finish (before the PDF renderer closes), for at most 10 s. */
  async onApplicationShutdown(): Promise<void> {
    await this.outbox.idle(10_000);
  }
}
