import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsObject,
  IsOptional,
  ValidateIf,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { AdministratorsOnly } from '../auth/roles.guard.js';
import { AgenciesRepository } from './agencies.repository.js';
import type { Agency } from './agency.entity.js';

/** An agency's name in English and Japanese. */
export class AgencyNamesDto {
  @ApiPropertyOptional({ example: 'Japan Science and Technology Agency' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  en?: string;
  @ApiPropertyOptional({ example: '科学技術振興機構' }) @IsOptional() @IsString() @Length(1, 200) ja?: string;
}

export class UpdateAgencyDto {
  @ApiPropertyOptional({ type: AgencyNamesDto, description: 'The names to change; the others stay' })
  // Absent is fine (only `governmental` changes); null is refused, as any value that is not an object.
  @ValidateIf((_o, v) => v !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => AgencyNamesDto)
  names?: AgencyNamesDto;
  @ApiPropertyOptional({
    example: true,
    description:
      "Whether the agency is a government organisation of its country (a J-RAPID call's counterpart must be one)",
  })
  @ValidateIf((_o, v) => v !== undefined)
  @IsBoolean()
  governmental?: boolean;
}

export class CreateAgencyDto {
  @ApiProperty({ example: 'NSF' })
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'code must be 2-16 capital letters, digits or dashes' })
  code: string;
  @ApiProperty({ example: 'National Science Foundation', description: 'The name in English' })
  @IsString()
  @Length(1, 200)
  name: string;
  @ApiPropertyOptional({ type: AgencyNamesDto, description: 'The name in English and Japanese (`names.en` is `name`)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AgencyNamesDto)
  names?: AgencyNamesDto;
  @ApiProperty({ example: 'US' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency: string;
  @ApiPropertyOptional({
    example: true,
    description: "A government organisation of its country (a J-RAPID call's counterpart must be one); default false",
  })
  @IsOptional()
  @IsBoolean()
  governmental?: boolean;
}

const present = (a: Agency) => ({
  code: a.code,
  name: a.name,
  names: { en: a.name, ja: a.nameJa },
  country: a.country,
  currency: a.currency,
  governmental: a.governmental,
});

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
    if (dto.names?.en !== undefined && dto.names.en !== dto.name)
      throw DomainException.invalid([
        { field: 'names.en', message: 'names.en and name differ: give the English name once' },
      ]);
    const { names, ...fields } = dto;
    return present(await this.agencies.create({ ...fields, nameJa: names?.ja ?? null }));
  }

  /** Changes the agency's names, or whether it is governmental (administrators). */
  @Patch(':code')
  @AdministratorsOnly('only administrators change agencies')
  async update(@Param('code') code: string, @Body() dto: UpdateAgencyDto) {
    const agency = await this.agencies.findByCode(code);
    if (!agency) throw DomainException.notFound(`agency ${code}`);
    if (dto.names === undefined && dto.governmental === undefined)
      throw DomainException.invalid([{ field: 'names', message: 'give the names or governmental to change' }]);
    return present(await this.agencies.rename(agency, dto.names, dto.governmental));
  }
}
