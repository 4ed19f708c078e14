import { MigrationInterface, QueryRunner } from 'typeorm';

/** Songs with their instrument sets, invalid objects, and the extraction queue. */
export class Catalog1764000000000 implements MigrationInterface {
  name = 'Catalog1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      create table songs (
        id bigint generated always as identity primary key,
        bucket text not null,
        object_key text not null,
        etag text not null,
        size_bytes bigint not null check (size_bytes >= 0),
        content_sha256 char(64) not null,
        title text,
        format smallint not null check (format between 0 and 2),
        tracks integer not null,
        ticks_per_quarter integer,
        duration_seconds double precision not null,
        notes integer not null,
        drums boolean not null,
        drum_notes integer not null,
        instruments smallint[] not null,
        extracted_at timestamptz not null default now(),
        constraint songs_object unique (bucket, object_key)
      )`);
    // Containment and overlap queries on the whole set (instruments @> '{0,128}') use this index.
    await runner.query(`create index songs_instruments on songs using gin (instruments)`);
    await runner.query(`
      create table song_instruments (
        song_id bigint not null references songs (id) on delete cascade,
        instrument smallint not null check (instrument between 0 and 128),
        notes integer not null check (notes > 0),
        primary key (song_id, instrument)
      )`);
    await runner.query(`create index song_instruments_by_instrument on song_instruments (instrument, song_id)`);
    await runner.query(`
      create table invalid_objects (
        bucket text not null,
        object_key text not null,
        etag text not null,
        size_bytes bigint not null,
        reason text not null,
        attempts integer not null default 1,
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        primary key (bucket, object_key)
      )`);
    await runner.query(`
      create table extraction_jobs (
        id bigint generated always as identity primary key,
        bucket text not null,
        object_key text not null,
        etag text not null,
        size_bytes bigint not null,
        enqueued_at timestamptz not null default now(),
        attempts integer not null default 0,
        not_before timestamptz not null default now(),
        locked_by text,
        locked_until timestamptz,
        last_error text,
        constraint extraction_jobs_version unique (bucket, object_key, etag)
      )`);
    await runner.query(`create index extraction_jobs_ready on extraction_jobs (bucket, not_before)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`drop table extraction_jobs`);
    await runner.query(`drop table invalid_objects`);
    await runner.query(`drop table song_instruments`);
    await runner.query(`drop table songs`);
  }
}
