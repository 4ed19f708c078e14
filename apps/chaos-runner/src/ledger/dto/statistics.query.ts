import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateTime } from '@scale/http-contract';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class StatisticsQuery {
  @ApiPropertyOptional({
    description:
      'Start of the range (RFC 3339); default: the Monday (UTC) of the ISO week 11 weeks before `to`, so 12 weeks',
    format: 'date-time',
    example: '2026-01-05T00:00:00Z',
  })
  @IsOptional()
  @IsDateTime()
  from?: string;

  @ApiPropertyOptional({
    description:
      'End of the range, exclusive (RFC 3339); default: now. After `from` and at most 366 days after it (else 422).',
    format: 'date-time',
  })
  @IsOptional()
  @IsDateTime()
  to?: string;
}

export class WeeklyStatisticsQuery extends StatisticsQuery {
  @ApiPropertyOptional({
    description:
      "An alert resolving by itself within this many seconds, with no experiment or action behind it, is noise; default: the ledger's setting (300)",
    type: 'integer',
    minimum: 1,
    maximum: 86400,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  noiseSeconds?: number;
}
