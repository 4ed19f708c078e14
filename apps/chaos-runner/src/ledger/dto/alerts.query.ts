import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDateTime, STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from '@scale/http-contract';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AlertsQuery {
  @ApiPropertyOptional({
    description: 'Only alerts whose group label is this (control, experiment)',
    maxLength: 200,
    pattern: STORABLE_TEXT.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(STORABLE_TEXT, { message: STORABLE_TEXT_MESSAGE })
  group?: string;

  @ApiPropertyOptional({
    description: 'Only alerts whose service label is this (scale-api, ...)',
    maxLength: 200,
    pattern: STORABLE_TEXT.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(STORABLE_TEXT, { message: STORABLE_TEXT_MESSAGE })
  service?: string;

  @ApiPropertyOptional({
    description: 'Only alerts of this name (TargetDown, ...)',
    maxLength: 200,
    pattern: STORABLE_TEXT.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(STORABLE_TEXT, { message: STORABLE_TEXT_MESSAGE })
  alertname?: string;

  @ApiPropertyOptional({
    description: 'Only alerts firing at some moment at or after this time (RFC 3339): still firing, or resolved since',
    format: 'date-time',
    example: '2026-01-05T00:00:00Z',
  })
  @IsOptional()
  @IsDateTime()
  since?: string;

  @ApiPropertyOptional({ description: 'true: only alerts firing now; false: only resolved ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  firing?: boolean;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
