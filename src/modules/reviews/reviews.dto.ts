import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';

const AGENCY = /^[A-Z0-9-]{2,16}$/;

export class ReviewerDto {
  @ApiProperty({
    example: 'reviewer@example.ac.jp',
    description: 'An existing user; they are granted the reviewer role at the agency',
  })
  @IsEmail()
  email: string;
  @ApiProperty({ example: 'Keiko Tanaka' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 'Kyoto University' }) @IsString() @Length(1, 300) institution: string;
  @ApiPropertyOptional({ example: ['seismology', 'remote sensing'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  expertise?: string[];
  @ApiPropertyOptional({
    example: ['Alex Smith'],
    description: 'Recent co-authors, checked against the principal investigators',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  recentCoauthors?: string[];
}

export class UpdateReviewerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 300) institution?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  expertise?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  recentCoauthors?: string[];
}

export class InviteDto {
  @ApiProperty() @IsUUID() proposalId: string;
  @ApiProperty({ description: "A reviewer of the agency's pool" }) @IsUUID() reviewerId: string;
  @ApiPropertyOptional({
    example: 'JST',
    description: 'The agency the review is for; needed only when you act for several',
  })
  @IsOptional()
  @Matches(AGENCY, { message: 'agency must be an agency code such as JST' })
  agency?: string;
  @ApiPropertyOptional({ description: "Defaults to the call's review due date" })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;
}

export class AgencyQuery {
  @ApiPropertyOptional({ example: 'JST' })
  @IsOptional()
  @Matches(AGENCY, { message: 'agency must be an agency code such as JST' })
  agency?: string;
}

export class PairDto {
  @ApiProperty() @IsUUID() proposalId: string;
  @ApiProperty() @IsUUID() reviewerId: string;
}

export class BulkAssignDto {
  @ApiPropertyOptional({ example: 'JST' })
  @IsOptional()
  @Matches(AGENCY, { message: 'agency must be an agency code such as JST' })
  agency?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) dueAt?: string;
  @ApiPropertyOptional({ type: [PairDto], description: 'The pairs to invite (the proposed ones, adjusted)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20000)
  @ValidateNested({ each: true })
  @Type(() => PairDto)
  assignments?: PairDto[];
  @ApiPropertyOptional({ description: 'Or: the fingerprint of the proposed assignment, to confirm it as proposed' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'fingerprint must be the one the proposed assignment answered' })
  fingerprint?: string;
}

export class ListAssignmentsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() proposalId?: string;
  @ApiPropertyOptional({ example: 'JST' })
  @IsOptional()
  @Matches(AGENCY, { message: 'agency must be an agency code such as JST' })
  agency?: string;
  @ApiPropertyOptional({ example: 'accepted' }) @IsOptional() @IsString() @Length(1, 40) state?: string;
}
