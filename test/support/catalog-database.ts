import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createCatalogDataSource, migrateCatalog } from '@scale/catalog';

/** A database of its own for one test, so leftovers of one test never satisfy another's checks. */
export async function createDatabase(adminUrl: string): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A migrated catalog for assertions (the extractor under test opens its own connections). */
export async function openCatalog(url: string): Promise<DataSource> {
  const dataSource = createCatalogDataSource(url, { poolSize: 2, applicationName: 'scale-test' });
  await dataSource.initialize();
  await migrateCatalog(dataSource);
  return dataSource;
}

export async function count(dataSource: DataSource, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row]: Array<{ n: string }> = await dataSource.query(
    `select count(*) as n from (${sql}) as counted`,
    parameters,
  );
  return Number(row.n);
}
