import { Module } from '@nestjs/common';
import { CatalogIdsRepository } from './catalog-ids.repository';
import { SongIndexService } from './song-index.service';
import { SongsRepository } from '../songs/songs.repository';

@Module({
  providers: [SongIndexService, SongsRepository, CatalogIdsRepository],
  exports: [SongIndexService, SongsRepository],
})
export class SimilarityModule {}
