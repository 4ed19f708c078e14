import pg from 'pg';
import { createCatalogDataSource, migrateCatalog } from '@scale/catalog';
import { GROUPS, type Group } from '../cluster-options';

/** The URL of another database on the same server. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function groupDatabaseName(prefix: string, group: Group): string {
  return `${prefix}_${group}`;
}

/**
 * One catalog database per group, created when missing and migrated before any replica starts, so
 * the group's API and extractor replicas never race each other to create the tables.
 */
export async function prepareGroupDatabases(
  serverUrl: string,
  prefix: string,
): Promise<Record<Group, { databaseUrl: string }>> {
  const entries = await Promise.all(
    GROUPS.map(async (group) => {
      const name = groupDatabaseName(prefix, group);
      await ensureDatabase(serverUrl, name);
      const databaseUrl = databaseUrlFor(serverUrl, name);
      // Two connections: migrateCatalog holds one for its advisory lock while the migrations run on another.
      const dataSource = createCatalogDataSource(databaseUrl, { poolSize: 2, applicationName: 'scale-local-cluster' });
      await dataSource.initialize();
      try {
        await migrateCatalog(dataSource);
      } finally {
        await dataSource.destroy();
      }
      return [group, { databaseUrl }] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Group, { databaseUrl: string }>;
}

async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  try {
    const existing = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (existing.rowCount !== 0) return;
    await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
      // Created by someone else between the check and now (duplicate_database, or the catalog's unique index).
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  } finally {
    await client.end();
  }
}
