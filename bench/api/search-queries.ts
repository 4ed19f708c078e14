import type { DataSource } from 'typeorm';
import { SongsRepository } from '../../apps/api/src/songs/songs.repository';

/** The page size the page asks for; the repository reads one row more to know if another page exists. */
export const SEARCH_LIMIT = 20;

/** How a search is made from a sampled title ("Blue River (Live) 12345"): from one song down to hundreds. */
const FORMS = [
  { name: 'whole title', of: (title: string) => title },
  { name: 'noun and number', of: (title: string) => title.split(' ').slice(1).join(' ') },
  { name: 'number', of: (title: string) => title.split(' ').at(-1) ?? title },
  { name: 'two words', of: (title: string) => title.split(' ').slice(0, 2).join(' ') },
] as const;

export type SearchForm = (typeof FORMS)[number]['name'];

export interface SearchQuery {
  readonly form: SearchForm;
  /** As a user types it: lower case. */
  readonly q: string;
}

/** One search per sampled song, the forms taken in turn, so every form is a quarter of the load. */
export async function searchQueries(dataSource: DataSource, sampleIds: readonly number[]): Promise<SearchQuery[]> {
  const rows: Array<{ id: string; title: string | null }> = await dataSource.query(
    `select id, title from songs where id = any($1::bigint[])`,
    [sampleIds],
  );
  const titles = new Map(rows.map((row) => [Number(row.id), row.title]));
  return sampleIds.flatMap((id, i) => {
    const title = titles.get(id);
    if (!title) return [];
    const form = FORMS[i % FORMS.length];
    return [{ form: form.name, q: form.of(title).toLowerCase() }];
  });
}

export const searchPath = (q: string) => `/api/songs?q=${encodeURIComponent(q)}&limit=${SEARCH_LIMIT}`;

/** The scans of the plan Postgres picks for the exact statement the API sends for `q`, e.g. `Bitmap Index Scan songs_title_trgm`. */
export async function searchPlan(dataSource: DataSource, q: string): Promise<string[]> {
  const sent: Array<{ sql: string; parameters: unknown[] }> = [];
  const recorder = { query: async (sql: string, parameters: unknown[]) => (sent.push({ sql, parameters }), []) };
  await new SongsRepository(recorder as unknown as DataSource).find({ q, afterId: 0, limit: SEARCH_LIMIT + 1 });
  const [{ sql, parameters }] = sent;
  const [row]: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> = await dataSource.query(
    `explain (format json) ${sql}`,
    parameters,
  );
  return scans(row['QUERY PLAN'][0].Plan);
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

function scans(node: PlanNode): string[] {
  const own = node['Node Type'].includes('Scan') ? [`${node['Node Type']} ${node['Index Name'] ?? ''}`.trim()] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scans)];
}
