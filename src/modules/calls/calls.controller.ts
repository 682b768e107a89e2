import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { withEventSchemas } from '../../engine/event-schemas.js';
import { setEtag } from '../../engine/workflow-http.js';
import { WorkflowResourceController } from '../../engine/workflow-resource.controller.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { RequireRoles } from '../auth/roles.guard.js';
import { CreateCallDto, ListCallsQuery, UpdateCallDatesDto } from './calls.dto.js';
import { CallsService } from './calls.service.js';
import { CreateCall } from './use-cases/create-call.use-case.js';

/** Who may create a call (the use case then checks they hold the role at the lead agency). */
const CALL_MANAGERS = ['program_officer', 'program_director', 'administrator'] as const;

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController extends WorkflowResourceController {
  protected readonly subjectType = 'call';

  constructor(
    private readonly calls: CallsService,
    private readonly createCall: CreateCall,
    protected readonly engine: WorkflowEngine,
  ) {
    super();
  }

  protected async represent(id: string, instance: InstanceView) {
    return this.calls.represent(await this.calls.findRow(id), instance);
  }

  @Post()
  @RequireRoles(CALL_MANAGERS, 'only program officers or directors of the lead agency create calls')
  async create(@Body() dto: CreateCallDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const { id } = await this.createCall.execute(dto, actor);
    const call = await this.calls.get(id, actor);
    setEtag(res, call.version);
    res.setHeader('Location', `/api/v1/calls/${call.id}`);
    return call;
  }

  @Get()
  list(@Query() query: ListCallsQuery, @CurrentActor() actor: Actor) {
    return this.calls.list(query, actor);
  }

  /** Moves the call's dates; its opening and closing timers move with them. */
  @Patch(':id')
  async updateDates(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateCallDatesDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const call = await this.calls.updateDates(id, dto, actor);
    setEtag(res, call.version);
    return call;
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
    const call = await this.calls.get(id, actor);
    setEtag(res, call.version);
    return withEventSchemas(call, include);
  }
}
