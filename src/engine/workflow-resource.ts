import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Recompute the hash chain of the transition log and say whether it holds' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true || value === '1')
  @IsBoolean()
  verify?: boolean;
}
