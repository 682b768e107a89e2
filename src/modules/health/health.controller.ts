import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../auth/auth.guard.js';
import { ReadinessChecks } from './readiness.service.js';

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly readiness: ReadinessChecks,
  ) {}

  /** The process is alive. */
  @Get('health')
  alive() {
    return { status: 'ok' };
  }

  /** The service can serve: PostgreSQL answers, and every registered dependency (Redis, workers) is up. 503 otherwise. */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), ...this.readiness.all()]);
    } catch (e) {
      // Terminus' own report, with 503: what load balancers and orchestrators expect (not a 500 problem document).
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(503);
      return e.getResponse();
    }
  }
}
