import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AppConfig } from '../../config/config.module.js';
import { Public } from '../auth/auth.guard.js';
import { sameToken } from '../auth/sessions.service.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint; with METRICS_TOKEN set, the scraper sends it as a bearer token; none with METRICS_ENABLED=false. */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    if (!this.config.get('METRICS_ENABLED'))
      throw new DomainException(ErrorCode.NotFound, 'metrics are disabled (METRICS_ENABLED=false)');
    const required = this.config.get('METRICS_TOKEN');
    if (required !== undefined && !sameToken(authorization?.match(/^Bearer\s+(\S+)$/i)?.[1], required)) {
      throw new DomainException(ErrorCode.Unauthenticated, 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    const body = await this.metrics.scrape();
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }
}
