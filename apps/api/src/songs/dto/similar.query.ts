import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class SimilarSongsQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 10;

  @ApiPropertyOptional({
    description: 'Least number of instruments a similar song shares with this one',
    type: 'integer',
    minimum: 1,
    maximum: 129,
    default: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(129)
  minShared = 1;

  @ApiPropertyOptional({
    description:
      'index: the in-memory similarity index (default). sql: the same ranking computed by Postgres, for verification.',
    enum: ['index', 'sql'],
    default: 'index',
  })
  @IsOptional()
  @IsIn(['index', 'sql'])
  engine: 'index' | 'sql' = 'index';
}
