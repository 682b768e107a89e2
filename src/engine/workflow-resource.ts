import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/** Body of `POST .../events`: the event type plus its payload, checked by the workflow definition. */
export class EventBody {
  @ApiProperty({ example: 'SUBMIT', description: 'Event type; the resource lists the ones you may send now in allowedEvents' })
  type: string;
  [payload: string]: unknown;
}

export class HistoryQuery {
  @ApiPropertyOptional({ description: 'Recompute the hash chain of the transition log and say whether it holds' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true || value === '1')
  @IsBoolean()
  verify?: boolean;
}
