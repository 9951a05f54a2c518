import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InvoicesService } from './invoices.service';

/**
 * Archives the PDFs of newly issued documents on a schedule (PDF_ARCHIVE_CRON; PDF_ARCHIVE_ENABLED=false turns it
 * off, leaving archiving to the first download or e-mail) and hands the work to InvoicesService; nothing else.
 */
@Injectable()
export class ArchiveCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ArchiveCron');
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly invoices: InvoicesService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pdfArchiveEnabled) return;
    const job = CronJob.from({ cronTime: this.config.pdfArchiveCron, onTick: () => void this.tick(), timeZone: 'UTC', start: true });
    this.registry.addCronJob('pdf-archive', job);
  }

  /** One pass at a time per process; a tick during a pass joins it. */
  tick(): Promise<unknown> {
    if (this.stopping) return Promise.resolve();
    this.running ??= this.invoices
      .archiveDue(200, () => !this.stopping)
      .catch((err) => this.logger.error(`PDF archive failed: ${err instanceof Error ? err.message : err}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    try {
      void this.registry.getCronJob('pdf-archive').stop();
    } catch {
      // not registered (disabled, or bootstrap never ran)
    }
    await this.running;
  }
}
