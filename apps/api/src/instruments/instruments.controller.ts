import { BadRequestException, Controller, Get, Param, PipeTransform, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { decodeCursor } from '../common/cursor';
import { PageQuery } from '../songs/dto/page.query';
import { SongPageDto } from '../songs/dto/song.dto';
import { pageOf } from '../songs/song-summary';
import { InstrumentsRepository } from './instruments.repository';
import { nameInstrument } from '@scale/catalog';

class InstrumentUsageDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 128, description: 'GM program 0-127, or 128 for the drum kit' })
  instrument!: number;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  family!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Songs using this instrument' })
  songs!: number;
}

class InstrumentPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const instrument = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
    if (!(instrument >= 0 && instrument <= 128)) {
      throw new BadRequestException(`program must be a whole number from 0 to 128, got "${value}"`);
    }
    return instrument;
  }
}

@ApiTags('instruments')
@Controller('api/instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsRepository) {}

  @Get()
  @ApiOperation({ summary: 'The 128 General MIDI instruments and the drum kit, with how many songs use each' })
  @ApiOkResponse({ type: [InstrumentUsageDto] })
  async list(): Promise<InstrumentUsageDto[]> {
    const counts = await this.instruments.songCounts();
    return Array.from({ length: 129 }, (_, instrument) => ({
      ...nameInstrument(instrument),
      songs: counts.get(instrument) ?? 0,
    }));
  }

  @Get(':program/songs')
  @ApiOperation({ summary: 'Songs using one instrument, by id, page by cursor' })
  @ApiParam({
    name: 'program',
    schema: { type: 'integer', minimum: 0, maximum: 128 },
    description: 'GM program 0-127, or 128 for the drum kit',
  })
  @ApiOkResponse({ type: SongPageDto })
  @ApiUnprocessableEntityResponse({ description: 'cursor is not one this API returned' })
  async songs(
    @Param('program', new InstrumentPipe()) instrument: number,
    @Query() page: PageQuery,
  ): Promise<SongPageDto> {
    const rows = await this.instruments.songsUsing(instrument, decodeCursor(page.cursor), page.limit + 1);
    return pageOf(rows, page.limit);
  }
}
