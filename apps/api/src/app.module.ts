import { DynamicModule, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ClockModule } from './common/clock.module';
import { dataSourceOptions } from './database/data-source';
import { DepartmentsModule } from './departments/departments.module';
import { HealthModule } from './health/health.module';
import { HttpMetricsMiddleware } from './health/http-metrics.middleware';
import { IdentityModule } from './identity.module';
import { PlansModule } from './plans/plans.module';
import { TaxRatesModule } from './taxes/tax-rates.module';
import { UsageModule } from './usage/usage.module';
import { ImportsModule } from './imports/imports.module';
import { BillingModule } from './billing/billing.module';
import { InvoicesModule } from './invoices/invoices.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  /** Pool size per instance. */
  dbPoolSize?: number;
}

/** Secrets and credentials never reach the logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.key',
  '*.jwtSecret',
  '*.databaseUrl',
  '*.secret',
  '*.webhookSecretKey',
];

@Module({})
export class AppModule implements NestModule {
  static forRoot(options: AppOptions): DynamicModule {
    const { config } = options;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        LoggerModule.forRoot({
          // Every route, written as Express 5 / path-to-regexp v8 wants it: nestjs-pino's default ('*') is an
          // unnamed wildcard, which Nest converts to this same pattern with a LegacyRouteConverter warning.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            redact: REDACT,
            autoLogging: { ignore: (req) => req.url === '/api/v1/health' || req.url === '/api/v1/metrics' },
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
        TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl, options.dbPoolSize ?? 10)),
        IdentityModule.forRoot(options.jwtSecret, config),
        AuditModule,
        HealthModule,
        TaxRatesModule,
        DepartmentsModule,
        PlansModule,
        UsageModule,
        ImportsModule,
        BillingModule,
        InvoicesModule,
        WebhooksModule.forRoot({ jwtSecret: options.jwtSecret }),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
