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
import { CreateProposalDto, ListProposalsQuery, UpdateProposalDto } from './proposals.dto.js';
import { ProposalsService } from './proposals.service.js';
import { CreateProposal } from './use-cases/create-proposal.use-case.js';
import { EditProposal } from './use-cases/edit-proposal.use-case.js';

@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals')
export class ProposalsController extends WorkflowResourceController {
  protected readonly subjectType = 'proposal';

  constructor(
    private readonly proposals: ProposalsService,
    private readonly createProposal: CreateProposal,
    private readonly editProposal: EditProposal,
    protected readonly engine: WorkflowEngine,
  ) {
    super();
  }

  protected async represent(id: string, instance: InstanceView) {
    return this.proposals.represent(await this.proposals.findRow(id), instance);
  }

  @Post()
  async create(
    @Body() dto: CreateProposalDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { id } = await this.createProposal.execute(dto, actor);
    const proposal = await this.proposals.get(id, actor);
    setEtag(res, proposal.version);
    res.setHeader('Location', `/api/v1/proposals/${proposal.id}`);
    return proposal;
  }

  /** Edits a draft (its applicants, while the workflow has it drafting): text, research period, parties and budgets. */
  @Patch(':id')
  async update(
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateProposalDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.editProposal.execute(id, dto, actor);
    const proposal = await this.proposals.get(id, actor);
    setEtag(res, proposal.version);
    return proposal;
  }

  @Get()
  list(@Query() query: ListProposalsQuery, @CurrentActor() actor: Actor) {
    return this.proposals.list(query, actor);
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
    const proposal = await this.proposals.get(id, actor);
    setEtag(res, proposal.version);
    return withEventSchemas(proposal, include);
  }
}
