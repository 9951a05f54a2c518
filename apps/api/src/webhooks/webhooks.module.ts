import { DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SecretBox } from './secret-box';
import { WebhookDeliveryService, WEBHOOK_SECRET_BOX } from './webhook-delivery.service';
import { WebhookEvents } from './webhook-events';
import { WebhookEndpointsAliasController, WebhooksController } from './webhooks.controller';
import { WebhooksCron } from './webhooks.cron';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Webhooks (docs/WEBHOOKS.md): endpoints, the delivery log, the worker and its cron. Global, like the audit trail:
 * any module injects `WebhookEvents` and calls `emit(manager, organizationId, type, data)` in its transaction.
 */
@Global()
@Module({})
export class WebhooksModule {
  /** `jwtSecret`: what the signing secrets' encryption key is derived from when WEBHOOK_SECRET_KEY is not set. */
  static forRoot(options: { jwtSecret: string }): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksController, WebhookEndpointsAliasController],
      providers: [
        {
          provide: WEBHOOK_SECRET_BOX,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => SecretBox.fromConfig(config.webhookSecretKey, options.jwtSecret),
        },
        WebhooksRepository,
        WebhookEvents,
        WebhookDeliveryService,
        WebhooksService,
        WebhooksCron,
      ],
      exports: [WebhookEvents],
    };
  }
}
