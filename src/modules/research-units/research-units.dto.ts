import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** A proposed IRCC research unit (NINS seed: a unit head, a partner institute abroad, an agreement, an overseas branch). */
export class CreateResearchUnitDto {
  @ApiProperty({ example: 'IRCC unit for exoplanet astronomy' }) @IsString() @Length(1, 300) name: string;
  @ApiPropertyOptional({
    example: 'NINS',
    description: "The agency the unit is set up in: always NINS (IRCC is NINS's center); default NINS",
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  leadAgency?: string;
  @ApiProperty({
    example: 'MPG',
    description: "The partner institute's agency in Tandem (it raises the fellow call with NINS)",
  })
  @IsString()
  @Length(1, 40)
  partnerAgency: string;
  @ApiProperty({ example: 'Max Planck Institute for Astronomy' }) @IsString() @Length(1, 300) partnerInstitute: string;
  @ApiProperty({ example: 'DE', description: 'ISO 3166-1 alpha-2 country of the partner institute' })
  @Matches(/^[A-Z]{2}$/, { message: 'partnerCountry must be a two-letter country code such as DE' })
  partnerCountry: string;
  @ApiProperty({ example: 'Hanako Sato' }) @IsString() @Length(1, 200) headName: string;
  @ApiProperty({
    example: 'National Astronomical Observatory of Japan',
    description: "The unit head's research department",
  })
  @IsString()
  @Length(1, 300)
  headDepartment: string;
  @ApiProperty({ example: 'Memorandum on research collaboration, NINS-MPIA, 2027' })
  @IsString()
  @Length(1, 500)
  agreement: string;
  @ApiPropertyOptional({ example: '2027-04-01' }) @IsOptional() @IsISO8601({ strict: true }) agreementSignedOn?: string;
  @ApiPropertyOptional({
    example: 'NINS Europe office, Heidelberg',
    description: 'Where the unit has one: its overseas branch (at an overseas office of the NINS Headquarters)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  overseasBranch?: string;
}

/** The open call for an established unit's fellow, raised with its partner: dates, research period, texts. */
export class RaiseFellowCallDto {
  @ApiPropertyOptional({ example: 'Open call for the IRCC research fellow' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  title?: string;
  @ApiProperty({ example: '2027-05-01T00:00:00Z' }) @IsISO8601({ strict: true }) opensAt: string;
  @ApiProperty({ example: '2027-06-30T08:00:00Z' }) @IsISO8601({ strict: true }) submissionDeadline: string;
  @ApiPropertyOptional({
    example: 24,
    description: "Shortest appointment this call offers (the catalog's 12 is a placeholder)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  durationMinMonths?: number;
  @ApiPropertyOptional({
    example: 60,
    description: "Longest appointment this call offers (the catalog's 60 is a placeholder)",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1200)
  durationMaxMonths?: number;
}
