import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
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
} from 'class-validator';

/** What a PD rules on a proposal's duplicate-funding check (e-Rad: "unreasonable duplication", "excessive concentration"). */
export const RULINGS = [
  'cleared',
  'requires-adjustment',
  'unreasonable-duplication',
  'excessive-concentration',
] as const;
export type Ruling = (typeof RULINGS)[number];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The twin of the proposal in the agency's own system, as its officer records it. */
export class TwinProposalDto {
  @ApiProperty({ example: 'e-Rad', description: "The agency's own system" })
  @IsString()
  @Length(1, 60)
  system: string;
  @ApiProperty({ example: 'JP-2026-00123', description: "The twin's reference in that system" })
  @IsString()
  @Length(1, 100)
  reference: string;
  @ApiProperty({ example: 'Early warning of landslides from dense seismic arrays' })
  @IsString()
  @Length(1, 300)
  title: string;
  @ApiProperty({ example: ['Hanako Sato'], description: 'The principal investigators the twin names' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  principalInvestigators: string[];
  @ApiProperty({ example: 60_000_000, description: 'The whole budget the twin asks of the agency, in its currency' })
  @IsInt()
  @Min(0)
  @Max(1e13)
  budget: number;
  @ApiProperty({ example: '2027-04-01', description: 'The research period in the twin: first day' })
  @Matches(DAY, { message: 'startsOn must be a day, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a day of the calendar, YYYY-MM-DD' })
  startsOn: string;
  @ApiProperty({ example: '2030-03-31', description: 'The research period in the twin: last day' })
  @Matches(DAY, { message: 'endsOn must be a day, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'endsOn must be a day of the calendar, YYYY-MM-DD' })
  endsOn: string;
}

/** A PD's ruling on the proposal's duplicate-funding check, written to the proposal's log. */
export class RulingDto {
  @ApiPropertyOptional({
    example: 'JST',
    description: 'The agency you rule for; needed only when you are a PD of more than one of its agencies',
  })
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'agency must be an agency code such as JST' })
  agency?: string;
  @ApiProperty({
    enum: RULINGS,
    description:
      "`cleared`; `requires-adjustment` (effort or budget to be adjusted before funding); `unreasonable-duplication` (the same research funded twice); `excessive-concentration` (too much of one researcher's effort)",
  })
  @IsIn(RULINGS)
  ruling: Ruling;
  @ApiProperty({ example: 'The overlapping project ends in March; effort reduced to 30% from April.' })
  @IsString()
  @Length(1, 2000)
  note: string;
}
