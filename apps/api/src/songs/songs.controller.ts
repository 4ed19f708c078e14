import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SONG_ID, SongIdPipe } from '../common/song-id.pipe';
import { ListSongsQuery } from './dto/list-songs.query';
import { SimilarSongsQuery } from './dto/similar.query';
import { SimilarSongsDto, SongDto, SongPageDto } from './dto/song.dto';
import { SongsService } from './songs.service';

@ApiTags('songs')
@Controller('api/songs')
export class SongsController {
  constructor(private readonly songs: SongsService) {}

  @Get()
  @ApiOperation({ summary: 'Search songs by title or key, filter by instruments and drums, page by cursor' })
  @ApiOkResponse({ type: SongPageDto })
  @ApiUnprocessableEntityResponse({ description: 'cursor is not one this API returned' })
  list(@Query() query: ListSongsQuery): Promise<SongPageDto> {
    return this.songs.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One song with its instruments and their note counts' })
  @ApiParam(SONG_ID)
  @ApiOkResponse({ type: SongDto })
  @ApiNotFoundResponse({ description: 'No song has this id' })
  get(@Param('id', new SongIdPipe()) id: number): Promise<SongDto> {
    return this.songs.get(id);
  }

  @Get(':id/similar')
  @ApiOperation({
    summary: 'The exact top songs by Jaccard similarity of instrument sets (the drum kit counts as one instrument)',
    description: 'Ties are broken by shared instrument count (more first), then by song id (lower first).',
  })
  @ApiParam(SONG_ID)
  @ApiOkResponse({ type: SimilarSongsDto })
  @ApiNotFoundResponse({ description: 'No song has this id' })
  similar(@Param('id', new SongIdPipe()) id: number, @Query() query: SimilarSongsQuery): Promise<SimilarSongsDto> {
    return this.songs.similar(id, query);
  }
}
