import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';

/** The most items one batch may hold. */
export const BULK_MAX_ITEMS = 1000;

export class BulkFilterDto {
  @ApiProperty({ description: 'The call whose proposals (or assignments) are selected' }) @IsUUID() callId: string;
  @ApiPropertyOptional({ description: 'Only instances in this state (a state name, or a parent state)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  state?: string;
  @ApiPropertyOptional({ description: "Assignments only: one reviewer's (the reviewers' pool id)" })
  @IsOptional()
  @IsUUID()
  reviewerId?: string;
}

export class CreateBulkBatchDto {
  @ApiProperty({ enum: ['proposal', 'assignment'] }) @IsIn(['proposal', 'assignment']) subjectType:
    'proposal' | 'assignment';
  @ApiProperty({
    description: 'The event sent to every item, as POST /{resource}/{id}/events takes it: { type, ...payload }',
    example: { type: 'START_ELIGIBILITY_CHECK' },
  })
  @IsObject()
  event: { type: string } & Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Selection by filter' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BulkFilterDto)
  filter?: BulkFilterDto;
  @ApiPropertyOptional({ description: 'Selection by hand (added to the filter’s)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BULK_MAX_ITEMS)
  @IsUUID('all', { each: true })
  ids?: string[];
  @ApiPropertyOptional({
    description: 'Batch key: the same key from the same user answers the same batch (as Idempotency-Key does)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  key?: string;
}
