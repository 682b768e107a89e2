import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { AGENCY_STAFF } from '../../../workflows/index.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { RequireRoles } from '../auth/roles.guard.js';
import { ReviewersService } from './reviewers.service.js';
import { ReviewerDto, UpdateReviewerDto } from './reviews.dto.js';

@ApiTags('reviewers')
@ApiBearerAuth()
@Controller('agencies/:code/reviewers')
@RequireRoles(
  [...AGENCY_STAFF, 'administrator'],
  "only the agency's officers, program officers and directors manage its reviewer pool",
  { agencyParam: 'code' },
)
export class ReviewersController {
  constructor(private readonly reviewers: ReviewersService) {}

  @Get()
  @ApiOperation({ summary: "The agency's reviewer pool (its officers, PO and PD)" })
  list(@Param('code') code: string, @CurrentActor() actor: Actor) {
    return this.reviewers.list(code, actor);
  }

  @Post()
  @ApiOperation({
    summary: "Adds a user to the agency's reviewer pool, with institution, expertise and recent co-authors",
  })
  add(@Param('code') code: string, @Body() dto: ReviewerDto, @CurrentActor() actor: Actor) {
    return this.reviewers.add(code, dto, actor);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Updates a reviewer's profile (conflict detection reads it)" })
  update(
    @Param('code') code: string,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateReviewerDto,
    @CurrentActor() actor: Actor,
  ) {
    return this.reviewers.update(code, id, dto, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: "Takes a reviewer out of the agency's pool (409 for one with assignments: they stay)",
  })
  async remove(@Param('code') code: string, @Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    await this.reviewers.remove(code, id, actor);
  }
}
