import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';

export class CallAgencyDto {
  @ApiProperty({ example: 'JST' })
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'code must be an agency code such as JST' })
  code: string;
  @ApiProperty({ enum: ['lead', 'counterpart'] }) @IsIn(['lead', 'counterpart']) role: 'lead' | 'counterpart';
  @ApiPropertyOptional({
    example: 600_000_000,
    description:
      "The agency's budget envelope for the whole call. Only for calls that are not co-owned (version 1 call workflows): in a co-owned call each agency approves its own envelope per fiscal year (APPROVE_PARTICIPATION)",
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  budgetEnvelope?: number;
  @ApiPropertyOptional({
    example: 30_000_000,
    description:
      'Most the agency funds one project per year. As budgetEnvelope: set by the agency itself in a co-owned call',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  capPerProjectPerYear?: number;
  @ApiPropertyOptional({ example: 'JPY', description: "Defaults to the agency's currency" })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency?: string;
}

/** A call's title in English and Japanese (either may be left out; null is refused: leave a text out to keep it). */
export class CallTitlesDto {
  @ApiPropertyOptional({ example: 'Japan-US joint call on resilient infrastructure 2027' })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @Length(1, 300)
  en?: string;
  @ApiPropertyOptional({ example: 'レジリエントなインフラに関する日米共同公募 2027' })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @Length(1, 300)
  ja?: string;
}

/** A call's description in English and Japanese (either may be left out). */
export class CallDescriptionsDto {
  @ApiPropertyOptional() @ValidateIf((_o, v) => v !== undefined) @IsString() @Length(0, 20000) en?: string;
  @ApiPropertyOptional() @ValidateIf((_o, v) => v !== undefined) @IsString() @Length(0, 20000) ja?: string;
}

const LANGUAGE_CHOICES = ['en', 'ja'] as const;

/**
 * The call's texts: `titles`/`descriptions` as `{ en, ja }`; `title`/`description` (the shape the
 * API had before) is the text in the call's authoritative language.
 */
export class CallTextsDto {
  @ApiPropertyOptional({
    example: 'Japan-US joint call on resilient infrastructure 2027',
    description:
      'The title in the authoritative language (the shape before `titles`); one of `title` or `titles` is required',
  })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @Length(1, 300)
  title?: string;
  @ApiPropertyOptional({ type: CallTitlesDto, description: 'The title in English and Japanese' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallTitlesDto)
  titles?: CallTitlesDto;
  @ApiPropertyOptional({ description: 'The description in the authoritative language' })
  @ValidateIf((_o, v) => v !== undefined)
  @IsString()
  @Length(0, 20000)
  description?: string;
  @ApiPropertyOptional({ type: CallDescriptionsDto, description: 'The description in English and Japanese' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CallDescriptionsDto)
  descriptions?: CallDescriptionsDto;
  @ApiPropertyOptional({
    enum: LANGUAGE_CHOICES,
    isArray: true,
    example: ['en', 'ja'],
    description:
      'Languages whose version must exist before the call is announced or opened (the authoritative one always is); default: the authoritative one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(LANGUAGE_CHOICES, { each: true })
  requiredLanguages?: ('en' | 'ja')[];
}

/** The disaster a J-RAPID call answers: what happened, when, where. */
export class DisasterDto {
  @ApiProperty({ example: 'Magnitude 7.8 earthquake and tsunami' }) @IsString() @Length(1, 300) what: string;
  @ApiProperty({ example: '2027-02-06', description: 'The day it struck (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredOn must be a date such as 2027-02-06' })
  @IsISO8601({ strict: true })
  occurredOn: string;
  @ApiProperty({ example: 'Kahramanmaraş and neighbouring provinces' }) @IsString() @Length(1, 300) where: string;
}

export class CreateCallDto extends CallTextsDto {
  @ApiProperty({ example: 'sicorp-bilateral' }) @IsString() program: string;
  @ApiPropertyOptional({
    enum: LANGUAGE_CHOICES,
    example: 'ja',
    description:
      "The language whose version governs; default: the program's, else the language of the only title given, else English",
  })
  @IsOptional()
  @IsIn(LANGUAGE_CHOICES)
  authoritativeLanguage?: 'en' | 'ja';
  @ApiProperty({
    type: [CallAgencyDto],
    description:
      "The call's agencies, one of them the lead; how many, the program says (IRCC workshop support: NINS alone)",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CallAgencyDto)
  agencies: CallAgencyDto[];
  @ApiProperty({ example: '2027-01-10T00:00:00Z' }) @IsISO8601({ strict: true }) opensAt: string;
  @ApiProperty({ example: '2027-03-31T08:00:00Z' }) @IsISO8601({ strict: true }) submissionDeadline: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) reviewDue?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) panelDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) boardDate?: string;
  @ApiPropertyOptional({ example: 36, description: "Shortest research period this call allows (within its program's)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  durationMinMonths?: number;
  @ApiPropertyOptional({ example: 60, description: "Longest research period this call allows (within its program's)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  durationMaxMonths?: number;
  @ApiPropertyOptional({
    description:
      'The IRCC research unit this call is the open fellow call of (programs raised from a research unit: required, and the unit must be established)',
  })
  @IsOptional()
  @IsUUID()
  researchUnitId?: string;
  @ApiPropertyOptional({
    type: DisasterDto,
    description: 'The disaster the call answers (J-RAPID: required; other programs: refused)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DisasterDto)
  disaster?: DisasterDto;
  @ApiPropertyOptional({
    example: 'TR',
    description:
      "ISO 3166-1 alpha-2 code of the country the disaster struck (J-RAPID: required; its counterpart agency must be this country's government organisation)",
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'affectedCountry must be an ISO 3166-1 alpha-2 code such as TR' })
  affectedCountry?: string;
}

/**
 * New dates and texts of a call; omitted ones stay, `null` clears an optional date. A text given in
 * `titles`/`descriptions` replaces that language's version; `title`/`description` the authoritative one.
 */
export class UpdateCallDatesDto extends CallTextsDto {
  @ApiPropertyOptional({ example: '2027-01-10T00:00:00Z' }) @IsOptional() @IsISO8601({ strict: true }) opensAt?: string;
  @ApiPropertyOptional({ example: '2027-03-31T08:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  submissionDeadline?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  reviewDue?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  panelDate?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  boardDate?: string | null;
}

export class ListCallsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'open' }) @IsOptional() @IsString() state?: string;
  @ApiPropertyOptional({ example: 'sicorp-bilateral' }) @IsOptional() @IsString() program?: string;
  @ApiPropertyOptional({ example: 'NSF' })
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'agency must be an agency code such as JST' })
  agency?: string;
}
