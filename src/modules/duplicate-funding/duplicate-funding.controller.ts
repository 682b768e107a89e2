import { Body, Controller, Get, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type BodyError, BodyErrorAfterLookup, RefusedBody } from '../../common/deferred-body-error.js';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { inBatches, streamCsv } from '../reviews/csv.js';
import { RulingDto, TwinProposalDto } from './duplicate-funding.dto.js';
import { DuplicateFundingService, EXPORT_HEADER } from './duplicate-funding.service.js';

/** Duplicate-funding checks of proposals (e-Rad practice): overlaps and effort, twins in the agencies' systems, PD rulings. */
@ApiTags('duplicate funding')
@ApiBearerAuth()
@Controller()
export class DuplicateFundingController {
  constructor(private readonly checks: DuplicateFundingService) {}

  @Get('proposals/:id/duplicate-funding')
  @ApiOperation({
    summary:
      "The proposal's duplicate-funding check (staff of its agencies): each researcher's overlapping proposals and awards in any call, their effort added up against the program's limit, the agencies' twins with their differences, and the PD's rulings. An overlap you may not see shows only its period and effort.",
  })
  check(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.checks.check(id, actor);
  }

  @Put('proposals/:id/twins/:agency')
  @ApiOperation({
    summary:
      "Record the agency's twin of the proposal in its own system (an officer, PO or PD of that agency): its reference and key fields, compared with the proposal",
  })
  // The proposal and the caller's roles decide first (404, 403), then the body (400).
  @BodyErrorAfterLookup()
  @ApiBody({ type: TwinProposalDto })
  saveTwin(
    @Param('id', UuidParam) id: string,
    @Param('agency') agency: string,
    @Body() body: unknown,
    @RefusedBody() refused: BodyError | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.checks.saveTwin(id, agency, { body, refused }, actor);
  }

  @Post('proposals/:id/duplicate-funding/rulings')
  @ApiOperation({
    summary:
      "A program director's ruling on the check (cleared, requires adjustment, unreasonable duplication, excessive concentration): a step of the proposal's log",
  })
  @BodyErrorAfterLookup()
  @ApiBody({ type: RulingDto })
  rule(
    @Param('id', UuidParam) id: string,
    @Body() body: unknown,
    @RefusedBody() refused: BodyError | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.checks.rule(id, { body, refused }, actor);
  }

  @Get('calls/:id/exports/duplicate-funding.csv')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary:
      "The duplicate-funding checks of the call's proposals you read, as CSV streamed proposal by proposal: one line per researcher and overlap",
  })
  async exportCall(
    @Param('id', UuidParam) id: string,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ): Promise<void> {
    // Nothing is sent before the first batch: a call the caller may not see is a problem (404), not an empty file.
    await streamCsv(res, EXPORT_HEADER, inBatches(this.checks.exportCall(id, actor), 200), () => {
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="duplicate-funding.csv"');
      res.setHeader('Cache-Control', 'private, no-store');
    });
  }
}
