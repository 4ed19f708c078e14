import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';

export class StatisticsQuery {
  @ApiPropertyOptional({
    description:
      'Start of the range (RFC 3339); default: the Monday (UTC) of the ISO week 11 weeks before `to`, so 12 weeks',
    example: '2026-01-05T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({
    description: 'End of the range, exclusive (RFC 3339); default: now. At most 366 days after `from`.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class WeeklyStatisticsQuery extends StatisticsQuery {
  @ApiPropertyOptional({
    description:
      "An alert resolving by itself within this many seconds, with no experiment or action behind it, is noise; default: the ledger's setting (300)",
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
