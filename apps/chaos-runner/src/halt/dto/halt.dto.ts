import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class HaltRequestDto {
  @ApiPropertyOptional({
    description: 'Why, for the journal of every experiment it stops',
    maxLength: 500,
    example: 'incident in progress',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class HaltedDto {
  @ApiProperty({ enum: [true] })
  halted!: true;
  @ApiProperty({ description: 'Faults reverted by the halt' })
  reverted!: number;
}

export class HaltStateDto {
  @ApiProperty()
  halted!: boolean;
}
