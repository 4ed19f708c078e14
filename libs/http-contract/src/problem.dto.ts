import { ApiProperty } from '@nestjs/swagger';

/** An error as every Scale service answers it: an RFC 9457 problem document. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;
  @ApiProperty({ example: 'Bad Request' })
  title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  status!: number;
  @ApiProperty({
    description: 'What was wrong, naming the parameter or field',
    example: 'limit must not be greater than 100',
  })
  detail!: string;
}
