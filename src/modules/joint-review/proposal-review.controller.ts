import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { PanelQueries } from '../panels/panel-queries.service.js';
import { ReviewQueries } from '../reviews/review-queries.service.js';

/**
 * The proposal's side of the joint review: its reviews (reviews) and its panel (panels), one
 * controller because its operation ids (`proposalReview.*`) are the published API contract.
 */
@ApiTags('joint review')
@ApiBearerAuth()
@Controller('proposals/:id')
export class ProposalReviewController {
  constructor(
    private readonly queries: ReviewQueries,
    private readonly panels: PanelQueries,
  ) {}

  @Get('reviews')
  @ApiOperation({ summary: 'The reviews of the proposal you may see, with the fields you may see' })
  reviews(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.queries.proposalReviews(id, actor);
  }

  @Get('panel')
  @ApiOperation({
    summary: "Every agency's assessment side by side, the panel's consensus and the agencies' sign-offs",
  })
  panel(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.panels.proposalPanel(id, actor);
  }
}
