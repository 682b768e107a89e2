import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { QueryAfterLookupOf, type QueryAfterLookup } from '../../common/query-after-lookup.js';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { withEventSchemas } from '../../engine/event-schemas.js';
import { setEtag } from '../../engine/workflow-http.js';
import { WorkflowResourceController } from '../../engine/workflow-resource.controller.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { AssignmentsService } from './assignments.service.js';
import { InviteDto, ListAssignmentsQuery } from './reviews.dto.js';

/** Review assignments: invitations, the reviewer's answer and review, the agency's follow-up; each a workflow event. */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController extends WorkflowResourceController {
  protected readonly subjectType = 'assignment';

  constructor(
    private readonly assignments: AssignmentsService,
    protected readonly engine: WorkflowEngine,
  ) {
    super();
  }

  protected async represent(id: string, instance: InstanceView, actor: Actor) {
    return this.assignments.represent(await this.assignments.findRow(id), instance, actor);
  }

  @Post()
  @ApiOperation({
    summary:
      "Invites a reviewer of your agency's pool to a proposal under review (refused with the reasons of any conflict of interest)",
  })
  async create(@Body() dto: InviteDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const assignment = await this.assignments.create(dto, actor);
    setEtag(res, assignment.version);
    res.setHeader('Location', `/api/v1/assignments/${assignment.id}`);
    return assignment;
  }

  @Get()
  @ApiOperation({ summary: "Your own assignments as a reviewer; your agencies' assignments as their staff" })
  list(
    @QueryAfterLookupOf(ListAssignmentsQuery) query: QueryAfterLookup<ListAssignmentsQuery>,
    @CurrentActor() actor: Actor,
  ) {
    return this.assignments.listAsSent(query, actor);
  }

  @Get(':id')
  @ApiQuery({
    name: 'include',
    required: false,
    enum: ['schema'],
    description: 'schema: add the JSON Schema of the body of each allowed event (eventSchemas)',
  })
  async get(
    @Param('id', UuidParam) id: string,
    @Query('include') include: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const assignment = await this.assignments.get(id, actor);
    setEtag(res, assignment.version);
    return withEventSchemas(assignment, include);
  }
}
