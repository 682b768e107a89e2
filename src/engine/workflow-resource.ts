import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { QueryBoolean } from '../common/query-boolean.js';

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Recompute the hash chain of the transition log and say whether it holds' })
  @IsOptional()
  @QueryBoolean()
  verify?: boolean;
}
