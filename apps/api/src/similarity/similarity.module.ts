import { Module } from '@nestjs/common';
import { SongIndexService } from './song-index.service';
import { SongsRepository } from '../songs/songs.repository';

@Module({ providers: [SongIndexService, SongsRepository], exports: [SongIndexService, SongsRepository] })
export class SimilarityModule {}
