import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { IsString, Length, Matches } from 'class-validator';
import { Repository } from 'typeorm';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AdministratorsOnly } from '../auth/roles.guard.js';
import { Agency } from './agency.entity.js';

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
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  @Get()
  async list() {
    return { items: (await this.agencies.find({ order: { code: 'ASC' } })).map(present) };
  }

  @Get(':code')
  async get(@Param('code') code: string) {
    const agency = await this.agencies.findOneBy({ code });
    if (!agency) throw DomainException.notFound(`agency ${code}`);
    return present(agency);
  }

  @Post()
  @AdministratorsOnly('only administrators create agencies')
  async create(@Body() dto: CreateAgencyDto) {
    if (await this.agencies.existsBy({ code: dto.code }))
      throw new DomainException(ErrorCode.Conflict, `agency ${dto.code} already exists`);
    return present(await this.agencies.save(this.agencies.create(dto)));
  }
}
