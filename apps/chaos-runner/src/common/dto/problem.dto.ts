import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProblemDto as HttpProblemDto } from '@scale/http-contract';

export class DocumentIssueDto {
  @ApiProperty({ example: 'fault.target.mode' })
  path!: string;
  @ApiProperty({ example: 'must be one of one, all, fixed, percent' })
  message!: string;
}

/** RFC 9457, as every Scale service answers errors; an invalid experiment document also lists its wrong fields. */
export class ProblemDto extends HttpProblemDto {
  @ApiPropertyOptional({
    type: [DocumentIssueDto],
    description: 'For an invalid experiment document: each wrong field',
  })
  errors?: DocumentIssueDto[];
}
