import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { QueryBoolean } from '../../common/query-boolean.js';

export class InboxQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread notifications' })
  @IsOptional()
  @QueryBoolean()
  unread?: boolean;
}

export class FailedNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['failed', 'pending', 'delivered'], default: 'failed' })
  @IsOptional()
  @IsIn(['failed', 'pending', 'delivered'])
  status?: 'failed' | 'pending' | 'delivered';
  @ApiPropertyOptional({ enum: ['email', 'webhook'] }) @IsOptional() @IsIn(['email', 'webhook']) channel?: string;
  @ApiPropertyOptional({ example: 'proposal-submitted' }) @IsOptional() @IsString() @Length(1, 80) template?: string;
}

export class RetryNotificationsDto {
  @ApiPropertyOptional({
    description: 'Failed notifications to send again; without it, every failed one matching the filters',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  ids?: string[];
  @ApiPropertyOptional({ enum: ['email', 'webhook'] }) @IsOptional() @IsIn(['email', 'webhook']) channel?: string;
  @ApiPropertyOptional({ example: 'proposal-submitted' }) @IsOptional() @IsString() @Length(1, 80) template?: string;
}

export class WebhookDto {
  @ApiProperty({ example: 'https://hooks.nsf.example/tandem' })
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'url must be an http:// or https:// URL' })
  @Length(8, 2000)
  url: string;
  @ApiProperty({ description: 'Key of the HMAC-SHA256 signature (Tandem-Signature header); at least 16 characters' })
  @IsString()
  @Length(16, 200)
  secret: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() active?: boolean;
}
