import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type JsonDocument, streamJson } from '../../common/json-stream.js';
import { type QueryAfterLookup, QueryAfterLookupOf } from '../../common/query-after-lookup.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { BoardQueries } from '../board/board-queries.service.js';
import { JointRankingQueries } from '../panels/joint-ranking-queries.service.js';
import { PanelQueries } from '../panels/panel-queries.service.js';
import { AssignmentsService } from '../reviews/assignments.service.js';
import { type CsvExport, streamCsv } from '../reviews/csv.js';
import { ReviewQueries } from '../reviews/review-queries.service.js';
import { AgencyQuery, BulkAssignDto } from '../reviews/reviews.dto.js';
import { AssignReviewers } from '../reviews/use-cases/assign-reviewers.use-case.js';
import { SelectionQueries } from '../selection/selection-queries.service.js';

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The call-wide side of the joint review: bulk assignment, ranking, proposed selection, exports.
 * One controller over the domains (reviews, panels, selection, board) because its operation ids
 * (`callReview.*`) and the order of its paths are the published API contract; each route is its
 * domain's service.
 */
@ApiTags('joint review')
@ApiBearerAuth()
@Controller('calls/:id')
export class CallReviewController {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly assignReviewers: AssignReviewers,
    private readonly reviews: ReviewQueries,
    private readonly panels: PanelQueries,
    private readonly selections: SelectionQueries,
    private readonly board: BoardQueries,
    private readonly jointRankings: JointRankingQueries,
  ) {}

  @Post('assignments/proposed')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A proposed assignment of the whole call for your agency: minimum reviewers, no conflicts, balanced load, expertise matched (nothing is written)',
  })
  propose(@Param('id', UuidParam) id: string, @Body() body: AgencyQuery, @CurrentActor() actor: Actor) {
    return this.assignments.propose(id, body.agency, actor);
  }

  @Post('assignments/bulk')
  @ApiOperation({ summary: 'Confirms a proposed (or adjusted) assignment in one action: every invitation or none' })
  bulk(@Param('id', UuidParam) id: string, @Body() dto: BulkAssignDto, @CurrentActor() actor: Actor) {
    return this.assignReviewers.execute(id, dto, actor);
  }

  @Get('ranking')
  @ApiOperation({ summary: "The joint ranking, each agency's own rank, and every manual move with its reason" })
  async ranking(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await sendJson(res, await this.panels.rankingDocument(id, actor));
  }

  @Get('joint-ranking')
  @ApiOperation({
    summary:
      "e-ASIA: the Program Secretariat, each agency's ordered ranking, the joint ranking compiled from them with its merge rule (which, by whom, when), and the proposals your agency has to rank",
  })
  jointRanking(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.jointRankings.jointRanking(id, actor);
  }

  @Get('selection/proposed')
  @ApiOperation({
    summary:
      "The service's proposed selection in ranking order within every agency's envelope, with per-agency budget use; beside it, each agency's recorded decision per item and the budget its decisions hold",
  })
  async selection(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await sendJson(res, await this.selections.proposedSelectionDocument(id, actor));
  }

  @Get('exports/assignments.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The assignments you manage of the proposals you see (streamed as it is read)' })
  async exportAssignments(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await send(res, await this.reviews.exportAssignments(id, actor));
  }

  @Get('exports/reviews.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The reviews you may see, with only the fields you may see (streamed as it is read)' })
  async exportReviews(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await send(res, await this.reviews.exportReviews(id, actor));
  }

  @Get('exports/ranking.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The joint ranking of the proposals you see (streamed as it is read)' })
  async exportRanking(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await send(res, await this.panels.exportRanking(id, actor));
  }

  @Get('exports/selection.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "One agency's proposed selection beside its decisions (streamed as it is written)" })
  // The call and the caller's roles on it decide first (404, 403), then the query (400).
  async exportSelection(
    @Param('id', UuidParam) id: string,
    @QueryAfterLookupOf(AgencyQuery) query: QueryAfterLookup<AgencyQuery>,
    @CurrentActor() actor: Actor,
    @Res() res: Response,
  ) {
    await send(res, await this.selections.exportSelection(id, query, actor));
  }

  @Get('exports/board-decisions.csv')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: "The board's decisions on the proposals you see (streamed as it is read)" })
  async exportBoard(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor, @Res() res: Response) {
    await send(res, await this.board.exportBoardDecisions(id, actor));
  }
}

/**
 * Streams a large JSON answer (the ranking, the proposed selection): 200 and application/json once
 * its first batch is read, as Nest would answer the whole object (an error before that is still a problem).
 */
function sendJson(res: Response, doc: JsonDocument): Promise<void> {
  return streamJson(res, doc, () => res.status(200).type(JSON_TYPE));
}

/** Streams an export: 200 and text/csv once its first batch is read (an error before that is still a problem). */
function send(res: Response, { header, rows }: CsvExport): Promise<void> {
  return streamCsv(res, header, rows, () => res.status(200).type(CSV));
}
