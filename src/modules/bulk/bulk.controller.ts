import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '../../common/domain.exception.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { streamCsv } from '../reviews/csv.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { RequireRoles } from '../auth/roles.guard.js';
import { ReplayAnswersCurrentState } from '../../common/idempotency.interceptor.js';
import { CreateBulkBatchDto } from './bulk.dto.js';
import { BulkService, type BatchView } from './bulk.service.js';

/** Who asks for bulk operations: the agencies' staff and administrators. */
const BULK_ROLES = ['program_officer', 'program_director', 'agency_officer', 'administrator'] as const;

@ApiTags('bulk')
@ApiBearerAuth()
@Controller('bulk')
export class BulkController {
  constructor(private readonly bulk: BulkService) {}

  @Post()
  @HttpCode(202)
  @RequireRoles(BULK_ROLES, 'bulk operations are for the agencies’ staff')
  @ReplayAnswersCurrentState()
  @ApiOperation({
    summary:
      'Send one event to each selected proposal or assignment, each through the pipeline on its own, as a queued job; answers the batch (202)',
  })
  async create(
    @Body() dto: CreateBulkBatchDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    // A new batch is answered as committed, before a worker can take it up: `queued`, its items not
    // run (but those not found). A key used before answers its batch as it is now, with the same 202.
    let committed: BatchView | undefined;
    const { id } = await this.bulk.create(dto, actor, idempotencyKey, async (made) => {
      committed = await this.bulk.read(made, actor);
    });
    res.setHeader('Location', `/api/v1/bulk/${id}`);
    // No batch made: the key (in the body or the header) named an earlier one, a replay.
    if (!committed) res.setHeader('Idempotent-Replayed', 'true');
    return committed ?? this.bulk.read(id, actor);
  }

  @Get()
  @ApiOperation({
    summary: 'Your batches (with callId: that call’s, such as its cancellation), newest first, without items',
  })
  @ApiQuery({ name: 'callId', required: false })
  async list(@Query('callId') callId: string | undefined, @CurrentActor() actor: Actor) {
    if (callId !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(callId))
      throw DomainException.invalid([{ field: 'callId', message: 'must be a UUID' }]);
    return { items: await this.bulk.list(actor, callId) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The batch: its state, counts by result and every item’s result' })
  read(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.bulk.read(id, actor);
  }

  @Get(':id/report.csv')
  @ApiOperation({ summary: 'The report: one CSV line per item with its result' })
  async report(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    const { header, rows } = await this.bulk.csv(id, actor);
    await streamCsv(res, header, rows, () =>
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="bulk-${id}.csv"`),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel: the items not yet run are skipped as cancelled' })
  cancel(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.bulk.cancel(id, actor);
  }
}
