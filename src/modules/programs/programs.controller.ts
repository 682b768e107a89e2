import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { WorkflowRegistry } from '../../engine/workflow-registry.js';
import { AdministratorsOnly } from '../auth/roles.guard.js';
import { DOCUMENT_TYPES } from '../documents/document-types.js';
import type { Region } from '../../../workflows/programs/index.js';
import type { Program, ProgramRules } from './program.entity.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService, workflowKeyProblems } from './programs.service.js';

export class RegionRuleDto {
  @ApiProperty({ enum: ['europe', 'asia', 'americas', 'africa', 'oceania'] })
  @IsIn(['europe', 'asia', 'americas', 'africa', 'oceania'])
  region: Region;
  @ApiProperty({ example: 2 }) @IsInt() @Min(1) min: number;
}

export class CreateProgramDto {
  @ApiProperty({ example: 'sicorp-bilateral' }) @Matches(/^[a-z0-9-]{2,40}$/) code: string;
  @ApiProperty() @IsString() @Length(1, 200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() description?: string;
  @ApiProperty({ example: 'sicorp-joint-call@1' }) @IsString() callWorkflow: string;
  @ApiProperty({ example: 'sicorp-joint-proposal@1' }) @IsString() proposalWorkflow: string;
  @ApiProperty({ example: 2 }) @IsInt() @Min(2) minAgencies: number;
  @ApiPropertyOptional({ example: 2 }) @IsOptional() @IsInt() @Min(2) maxAgencies?: number;
  @ApiProperty({ example: 36 }) @IsInt() @Min(1) durationMinMonths: number;
  @ApiProperty({ example: 60 }) @IsInt() @Min(1) durationMaxMonths: number;
  @ApiPropertyOptional({ example: 5_000_000 }) @IsOptional() @IsInt() @Min(0) jstBudgetMinPerYear?: number;
  @ApiPropertyOptional({ example: 100_000_000 }) @IsOptional() @IsInt() @Min(0) jstBudgetMaxPerYear?: number;
  @ApiPropertyOptional({ example: ['JST'], description: 'Agencies every call must include' })
  @IsOptional()
  @IsArray()
  @Matches(/^[A-Z0-9-]{2,16}$/, { each: true })
  mustInclude?: string[];
  @ApiPropertyOptional({ type: [RegionRuleDto], description: 'At least `min` agencies of a region (by their country)' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RegionRuleDto)
  regions?: RegionRuleDto[];
  @ApiPropertyOptional({ example: 3, description: 'The agencies come from at least this many countries' })
  @IsOptional()
  @IsInt()
  @Min(2)
  minCountries?: number;
  @ApiPropertyOptional({
    enum: ['all', 'parties'],
    description: "Who receives a proposal: every agency of the call, or its parties' agencies only",
  })
  @IsOptional()
  @IsIn(['all', 'parties'])
  routing?: 'all' | 'parties';
  @ApiPropertyOptional({ example: 3, description: 'With routing by parties: the fewest parties a proposal has' })
  @IsOptional()
  @IsInt()
  @Min(2)
  minParties?: number;
  @ApiPropertyOptional({
    enum: DOCUMENT_TYPES,
    isArray: true,
    example: ['research-plan', 'cv'],
    description: 'Document types a proposal must have before it is submitted',
  })
  @IsOptional()
  @IsArray()
  @IsIn(DOCUMENT_TYPES, { each: true })
  requiredDocuments?: string[];
}

export class PublishWorkflowsDto {
  @ApiPropertyOptional({ example: 'sicorp-joint-call@1' }) @IsOptional() @IsString() callWorkflow?: string;
  @ApiPropertyOptional({ example: 'sicorp-joint-proposal@2' }) @IsOptional() @IsString() proposalWorkflow?: string;
}

export const presentProgram = (p: Program) => ({
  code: p.code,
  name: p.name,
  description: p.description,
  callWorkflow: p.callWorkflow,
  proposalWorkflow: p.proposalWorkflow,
  minAgencies: p.minAgencies,
  maxAgencies: p.maxAgencies,
  durationMonths: { min: p.durationMinMonths, max: p.durationMaxMonths },
  jstBudgetPerYear: { min: p.jstBudgetMinPerYear, max: p.jstBudgetMaxPerYear, currency: 'JPY' },
  rules: p.rules,
  workflows: { ...p.workflows, call: p.callWorkflow, proposal: p.proposalWorkflow },
});

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramsController {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly registry: WorkflowRegistry,
    private readonly service: ProgramsService,
  ) {}

  @Get()
  async list() {
    return { items: (await this.programs.list()).map(presentProgram) };
  }

  @Get(':code')
  async get(@Param('code') code: string) {
    const program = await this.programs.findByCode(code);
    if (!program) throw DomainException.notFound(`program ${code}`);
    return presentProgram(program);
  }

  @Post()
  @AdministratorsOnly('only administrators create programs')
  async create(@Body() dto: CreateProgramDto) {
    const problems = workflowKeyProblems(this.registry, dto);
    if (dto.durationMaxMonths < dto.durationMinMonths) problems.push('durationMaxMonths is below durationMinMonths');
    if (dto.maxAgencies !== undefined && dto.maxAgencies < dto.minAgencies)
      problems.push('maxAgencies is below minAgencies');
    if (problems.length) throw new DomainException(ErrorCode.RuleViolated, problems.join('; '), { reasons: problems });
    if (await this.programs.exists(dto.code))
      throw new DomainException(ErrorCode.Conflict, `program ${dto.code} already exists`);
    const { mustInclude, regions, minCountries, routing, minParties, requiredDocuments, ...columns } = dto;
    const rules: ProgramRules = {
      agencies: { mustInclude: mustInclude ?? [], regions: regions ?? [], minCountries: minCountries ?? null },
      proposals: {
        routing: routing ?? 'all',
        minParties: routing === 'parties' ? (minParties ?? 2) : null,
        ...(requiredDocuments?.length ? { requiredDocuments: [...new Set(requiredDocuments)] } : {}),
      },
    };
    return presentProgram(await this.programs.create({ ...columns, description: dto.description ?? '', rules }));
  }

  /** Publishes workflow versions: calls created from now on use them; running calls keep theirs. */
  @Put(':code/workflows')
  @AdministratorsOnly('only administrators publish workflow versions')
  async publish(@Param('code') code: string, @Body() dto: PublishWorkflowsDto) {
    return presentProgram((await this.service.publish(code, dto)).program);
  }
}
