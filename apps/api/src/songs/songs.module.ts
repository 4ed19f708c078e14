import { Module } from '@nestjs/common';
import { SimilarityModule } from '../similarity/similarity.module';
import { SongsController } from './songs.controller';
import { SongsService } from './songs.service';

@Module({ imports: [SimilarityModule], controllers: [SongsController], providers: [SongsService] })
export class SongsModule {}
