import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DocumentIssueDto {
  @ApiProperty({ example: 'fault.target.mode' })
  path!: string;
  @ApiProperty({ example: 'must be one of one, all, fixed, percent' })
  message!: string;
}

/** RFC 9457. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;
  @ApiProperty({ example: 'Bad Request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ example: 'invalid experiment document: durationSeconds: must be at most 3600' })
  detail!: string;
  @ApiPropertyOptional({
    type: [DocumentIssueDto],
    description: 'For an invalid experiment document: each wrong field',
  })
  errors?: DocumentIssueDto[];
}
