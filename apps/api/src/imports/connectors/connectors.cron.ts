import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ConnectorsService } from './connectors.service';

const INTERVAL = 'import-connectors';

/**
 * Looks for due import connectors every IMPORT_CONNECTORS_TICK_SECONDS and hands them to ConnectorsService; nothing
 * else. Off with IMPORT_CONNECTORS_ENABLED=false. A tick while a round is still running does nothing.
 */
@Injectable()
export class ConnectorsCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImportConnectorsCron');
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly connectors: ConnectorsService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.importConnectorsEnabled) return;
    this.registry.addInterval(
      INTERVAL,
      setInterval(() => void this.tick(), this.config.importConnectorsTickSeconds * 1000),
    );
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.connectors
      .pullDue()
      .catch((err) => this.logger.error(`Import connectors failed: ${err instanceof Error ? err.message : err}`))
      .finally(() => (this.running = null));
    await this.running;
  }

  /** Stops ticking; ConnectorsService aborts the pull in flight, whose claim is released. */
  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
    this.connectors.stop();
    await this.running;
  }
}
