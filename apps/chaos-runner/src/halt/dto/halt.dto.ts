import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from '@scale/http-contract';
import { IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

export class HaltRequestDto {
  @ApiPropertyOptional({
    description: 'Why, for the journal of every experiment it stops',
    maxLength: 500,
    pattern: STORABLE_TEXT.source,
    example: 'incident in progress',
  })
  // Left out, or a string: null is not a reason (IsOptional would let it through).
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MaxLength(500)
  @Matches(STORABLE_TEXT, { message: `reason ${STORABLE_TEXT_MESSAGE}` })
  reason?: string;
}

export class HaltedDto {
  @ApiProperty({ enum: [true] })
  halted!: true;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Faults reverted by the halt' })
  reverted!: number;
}

export class HaltStateDto {
  @ApiProperty()
  halted!: boolean;
}
