import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AdministratorsOnly } from '../auth/roles.guard.js';
import { AgenciesRepository } from './agencies.repository.js';
import type { Agency } from './agency.entity.js';

export class CreateAgencyDto {
  @ApiProperty({ example: 'NSF' })
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'code must be 2-16 capital letters, digits or dashes' })
  code: string;
  @ApiProperty({ example: 'National Science Foundation' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 'US' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency: string;
}

const present = (a: Agency) => ({ code: a.code, name: a.name, country: a.country, currency: a.currency });

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesRepository) {}

  @Get()
  async list() {
    return { items: (await this.agencies.list()).map(present) };
  }

  @Get(':code')
  async get(@Param('code') code: string) {
    const agency = await this.agencies.findByCode(code);
    if (!agency) throw DomainException.notFound(`agency ${code}`);
    return present(agency);
  }

  @Post()
  @AdministratorsOnly('only administrators create agencies')
  async create(@Body() dto: CreateAgencyDto) {
    if (await this.agencies.exists(dto.code))
      throw new DomainException(ErrorCode.Conflict, `agency ${dto.code} already exists`);
    return present(await this.agencies.create(dto));
  }
}
