import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per app instance (tests run several apps in one process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly sessionsIngested = new Counter({
    name: 'rb_sessions_ingested_total',
    help: 'Sessions stored (duplicates excluded)',
    registers: [this.registry],
  });
  readonly billsCreated = new Counter({
    name: 'rb_bills_created_total',
    help: 'Bills created by billing runs',
    registers: [this.registry],
  });
  readonly emailsSent = new Counter({
    name: 'rb_emails_total',
    help: 'Invoice e-mails by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
