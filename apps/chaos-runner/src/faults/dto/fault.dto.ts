import { ApiProperty } from '@nestjs/swagger';

export class FaultDto {
  @ApiProperty({ example: 'cpu-hog' })
  kind!: string;
  @ApiProperty({ enum: ['container', 'pod', 'zone', 'group'] })
  level!: 'container' | 'pod' | 'zone' | 'group';
  @ApiProperty()
  description!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'JSON Schema of the fault’s params' })
  params!: unknown;
}
