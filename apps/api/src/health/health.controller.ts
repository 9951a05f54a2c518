import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { HealthDownView, HealthView } from './health.view';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Health: whether the API and its database answer
   *
   * @remarks For load balancers and uptime checks; public, and it reads no tenant data.
   */
  @Public()
  @Get('health')
  @ApiOkResponse({ type: HealthView, description: 'The database answers' })
  @ApiServiceUnavailableResponse({ type: HealthDownView, description: 'The database does not answer' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthView | HealthDownView> {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      return { status: 'ok', database: { status: 'up', latencyMs: Math.round(ms * 100) / 100 } };
    } catch {
      res.status(503);
      return { status: 'error', database: { status: 'down' } };
    }
  }

  /**
   * Metrics for Prometheus (text exposition format)
   *
   * @remarks Public: it carries counts and timings only, never tenant data.
   */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', schema: { type: 'string' } })
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
