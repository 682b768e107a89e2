import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
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

export class CreateCallDto {
  @ApiProperty({ example: 'sicorp-bilateral' }) @IsString() program: string;
  @ApiProperty({ example: 'Japan-US joint call on resilient infrastructure 2027' })
  @IsString()
  @Length(1, 300)
  title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 20000) description?: string;
  @ApiProperty({ type: [CallAgencyDto] })
  @IsArray()
  @ArrayMinSize(2)
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
}

/** New dates of a call; omitted ones stay, `null` clears an optional one. */
export class UpdateCallDatesDto {
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
  @ApiPropertyOptional({ example: 'NSF' }) @IsOptional() @IsString() agency?: string;
}
