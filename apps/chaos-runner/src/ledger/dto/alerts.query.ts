import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AlertsQuery {
  @ApiPropertyOptional({ description: 'Only alerts whose group label is this (control, experiment)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  group?: string;

  @ApiPropertyOptional({ description: 'Only alerts whose service label is this (scale-api, ...)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  service?: string;

  @ApiPropertyOptional({ description: 'Only alerts of this name (TargetDown, ...)', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  alertname?: string;

  @ApiPropertyOptional({
    description: 'Only alerts firing at some moment at or after this time (RFC 3339): still firing, or resolved since',
    example: '2026-01-05T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ description: 'true: only alerts firing now; false: only resolved ones' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  firing?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}
