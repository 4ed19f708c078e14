import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class InstrumentRef {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 128, description: 'GM program 0-127, or 128 for the drum kit' })
  instrument!: number;
  @ApiProperty({ example: 'Acoustic Grand Piano' })
  name!: string;
  @ApiProperty({ example: 'Piano' })
  family!: string;
}

export class SongInstrumentDto extends InstrumentRef {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Note-ons played on this instrument' })
  notes!: number;
}

export class SongSummaryDto {
  @ApiProperty({ type: 'integer', minimum: 1 })
  id!: number;
  @ApiProperty({ description: 'Object key in the bucket' })
  key!: string;
  @ApiProperty({ nullable: true, type: String })
  title!: string | null;
  @ApiProperty()
  drums!: boolean;
  @ApiProperty({
    type: 'array',
    items: { type: 'integer', minimum: 0, maximum: 128 },
    description: 'Instrument set, ascending; 128 is the drum kit',
  })
  instruments!: number[];
}

export class SongDto extends SongSummaryDto {
  @ApiProperty()
  bucket!: string;
  @ApiProperty({ type: 'integer', enum: [0, 1, 2], description: 'Standard MIDI File format' })
  format!: number;
  @ApiProperty({ type: 'integer', minimum: 0 })
  tracks!: number;
  @ApiProperty({ minimum: 0 })
  durationSeconds!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Note-ons over all channels, drums included' })
  notes!: number;
  @ApiProperty({ format: 'date-time' })
  extractedAt!: string;
  @ApiProperty({ type: [SongInstrumentDto] })
  instrumentNotes!: SongInstrumentDto[];
}

export class SongPageDto {
  @ApiProperty({ type: [SongSummaryDto] })
  items!: SongSummaryDto[];
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export class SimilarSongDto {
  @ApiProperty({ type: SongSummaryDto })
  song!: SongSummaryDto;
  @ApiProperty({ minimum: 0, maximum: 1, description: 'Jaccard similarity of the instrument sets, 0-1 (6 decimals)' })
  score!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 129 })
  sharedCount!: number;
  @ApiProperty({ type: [InstrumentRef] })
  shared!: InstrumentRef[];
}

export class SimilarSongsDto {
  @ApiProperty({ type: SongSummaryDto })
  song!: SongSummaryDto;
  @ApiProperty({ type: [SimilarSongDto] })
  similar!: SimilarSongDto[];
  @ApiProperty({ enum: ['index', 'sql'] })
  engine!: 'index' | 'sql';
}
