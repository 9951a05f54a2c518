import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  /** 200 when the database answers, 503 otherwise. */
  @Public()
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      res.status(200).json({ status: 'ok', database: { status: 'up', latencyMs: Math.round(ms * 100) / 100 } });
    } catch {
      res.status(503).json({ status: 'error', database: { status: 'down' } });
    }
  }

  /** Prometheus text format. Public: it carries counts only, never tenant data. */
  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
