import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { AuditEntryView, AuditPage } from '../audit.repository';

export class AuditQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({
    description: 'nextBefore of the previous page: entries older than this one (an entry id)',
    pattern: '^[1-9][0-9]{0,17}$',
  })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'before must be an entry id (a positive integer)' })
  before?: string;
}

export class AuditEntryDto implements AuditEntryView {
  @ApiProperty({ pattern: '^[1-9][0-9]{0,17}$', description: 'Entry id (a positive integer, as a string)' })
  id!: string;
  @ApiProperty({ format: 'date-time', description: 'When the request arrived' })
  at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Name of the token; null when none or an unknown one was presented',
  })
  actor!: string | null;
  @ApiProperty({ example: 'POST' })
  method!: string;
  @ApiProperty({ example: '/experiments/:id/abort' })
  route!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The experiment the request named in its path, or the one it started',
  })
  experimentId!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 201,
    description: 'The status answered; 499 when the client left first; null while unanswered',
  })
  status!: number | null;
  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' })
  remoteAddress!: string | null;
}

export class AuditPageDto implements AuditPage {
  @ApiProperty({ type: [AuditEntryDto] })
  entries!: AuditEntryDto[];
  @ApiProperty({ type: String, nullable: true })
  nextBefore!: string | null;
}
