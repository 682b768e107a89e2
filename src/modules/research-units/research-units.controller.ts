import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { setEtag } from '../../engine/workflow-http.js';
import { WorkflowResourceController } from '../../engine/workflow-resource.controller.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { RequireRoles } from '../auth/roles.guard.js';
import { CreateResearchUnitDto, RaiseFellowCallDto } from './research-units.dto.js';
import { RaiseFellowCall } from './use-cases/raise-fellow-call.use-case.js';
import { ResearchUnitsService } from './research-units.service.js';

const UNIT_MANAGERS = ['program_officer', 'program_director', 'administrator'] as const;

/** IRCC research units: propose, read, send their workflow's events, raise the fellow call of an established one. */
@ApiTags('research-units')
@ApiBearerAuth()
@Controller('research-units')
export class ResearchUnitsController extends WorkflowResourceController {
  protected readonly subjectType = 'unit';

  constructor(
    private readonly units: ResearchUnitsService,
    private readonly raise: RaiseFellowCall,
    protected readonly engine: WorkflowEngine,
  ) {
    super();
  }

  protected represent(id: string, instance: InstanceView) {
    return this.units.represent(id, instance);
  }

  @Post()
  @RequireRoles(UNIT_MANAGERS, 'only program officers or directors of NINS propose IRCC research units')
  async create(
    @Body() dto: CreateResearchUnitDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = await this.units.create(dto, actor);
    const unit = await this.units.get(id, actor);
    setEtag(res, unit.version);
    res.setHeader('Location', `/api/v1/research-units/${id}`);
    return unit;
  }

  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.units.list(actor);
  }

  @Get(':id')
  async get(
    @Param('id', UuidParam) id: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const unit = await this.units.get(id, actor);
    setEtag(res, unit.version);
    return unit;
  }

  /** Raises the open call for the established unit's fellow with its partner (201: the call). */
  @Post(':id/fellow-call')
  @RequireRoles(UNIT_MANAGERS, 'only program officers or directors of NINS raise the fellow call')
  async raiseFellowCall(
    @Param('id', UuidParam) id: string,
    @Body() dto: RaiseFellowCallDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id: callId } = await this.raise.execute(id, dto, actor);
    res.setHeader('Location', `/api/v1/calls/${callId}`);
    return { id: callId, researchUnitId: id };
  }
}
