import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from '@scale/http-contract';
import { PageQuery } from './page.query';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toArray = ({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]);

/** Search filters, plus the page size and cursor every song list takes. */
export class ListSongsQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Words found in the title or the object key (case-insensitive); no NUL characters',
    maxLength: 200,
    pattern: STORABLE_TEXT.source,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(STORABLE_TEXT, { message: `q ${STORABLE_TEXT_MESSAGE}` })
  q?: string;

  @ApiPropertyOptional({
    description:
      'Songs using all of these instruments: GM programs 0-127, 128 for the drum kit; repeat the parameter for several',
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 128 },
    maxItems: 16,
  })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(16)
  @Type(() => Number)
  @IsInt({ each: true, message: 'instrument must be whole numbers from 0 to 128' })
  @Min(0, { each: true, message: 'instrument must be whole numbers from 0 to 128' })
  @Max(128, { each: true, message: 'instrument must be whole numbers from 0 to 128' })
  instrument?: number[];

  @ApiPropertyOptional({ description: 'Only songs with (true) or without (false) drums' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  drums?: boolean;
}
