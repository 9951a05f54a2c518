import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WebhookDeliveryService } from './webhook-delivery.service';

/** Looks for due webhook deliveries on a schedule (WEBHOOK_CRON) and hands them to WebhookDeliveryService; nothing else. */
@Injectable()
export class WebhooksCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhooksCron');

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const job = CronJob.from({ cronTime: this.config.webhookCron, onTick: () => this.tick(), timeZone: 'UTC', start: true });
    this.registry.addCronJob('webhook-deliveries', job);
    if (this.config.webhookAllowPrivateAddresses) {
      this.logger.warn('WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on: webhooks may be delivered to private and loopback addresses');
    }
  }

  /** A tick while a drain is still running joins it. */
  async tick(): Promise<void> {
    await this.deliveries
      .drain()
      .catch((err) => this.logger.error(`Webhook deliveries failed: ${err instanceof Error ? err.message : err}`));
  }

  /** Stops ticking, then lets the attempts in flight finish. */
  async onApplicationShutdown(): Promise<void> {
    try {
      void this.registry.getCronJob('webhook-deliveries').stop();
    } catch {
      // not registered (bootstrap never ran)
    }
    this.deliveries.stop();
    await this.deliveries.idle();
  }
}
