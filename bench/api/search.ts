import { isDeepStrictEqual } from 'node:util';
import { createCatalogDataSource, TITLE_SEARCH_INDEXES } from '@scale/catalog';
import type { DataSource } from 'typeorm';
import { duringLoad, type BenchProgress } from '../common/progress';
import { closedLoop, type LoadFigures } from './load';
import { pacedLoad, type PacedFigures } from './paced';
import { searchPath, searchPlan, searchQueries, type SearchForm, type SearchQuery } from './search-queries';

/** Searches whose answers are compared between the two plans. */
const CHECKED = 200;
/** Sockets of the fixed-rate client, as for similar songs. */
const PACED_SOCKETS = 64;
/** Enough to keep both cores busy. */
const MAX_CONNECTIONS = 8;

export interface SearchDurations {
  readonly warmUp: number;
  /** The fixed-rate phase with the trigram indexes. */
  readonly indexed: number;
  /**
   * The same rate without them, for one second only: the table scans answer a few dozen a second,
   * so even one second's requests take over a minute to drain.
   */
  readonly scanned: number;
  readonly max: number;
}

export const SEARCH_FULL: SearchDurations = { warmUp: 3, indexed: 20, scanned: 1, max: 10 };
export const SEARCH_QUICK: SearchDurations = { warmUp: 1, indexed: 3, scanned: 1, max: 2 };

/** One plan's figures: at the similar-songs rate (open loop), and at its maximum (closed loop). */
export interface SearchPlanFigures {
  readonly fixedRate: PacedFigures;
  readonly max: LoadFigures;
  /** The scans Postgres chose for one search of each form. */
  readonly plans: Readonly<Record<SearchForm, string[]>>;
}

export interface SearchBenchResult {
  readonly queries: number;
  readonly indexed: SearchPlanFigures;
  /** Without the trigram indexes: the plan before the migration; absent on a database the bench did not create. */
  readonly scanned?: SearchPlanFigures;
  /** Searches answered alike by both plans, of those checked. */
  readonly identical?: { readonly checked: number; readonly identical: number; readonly nonEmpty: number };
  /** Median ms of one search at a time, by form: which searches cost what. */
  readonly oneAtATime: { readonly indexed: FormTimes; readonly scanned?: FormTimes };
}

export type FormTimes = Readonly<Partial<Record<SearchForm, number>>>;

export interface SearchBenchContext {
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly sampleIds: readonly number[];
  readonly rate: number;
  readonly slowMs: number;
  readonly durations: SearchDurations;
  /** Whether the indexes may be dropped and re-created: only in a database the bench started itself. */
  readonly mayDropIndexes: boolean;
  readonly progress: BenchProgress;
  readonly signal: AbortSignal;
}

/**
 * `GET /api/songs?q=` at the catalog's size: with the trigram indexes, then (on the bench's own
 * database) without them, which is the plan the search had before them; the indexes are then
 * re-created as the migration made them.
 */
export async function benchSearch(context: SearchBenchContext): Promise<SearchBenchResult> {
  const dataSource = createCatalogDataSource(context.databaseUrl, { poolSize: 1, applicationName: 'scale-api-bench' });
  await dataSource.initialize();
  try {
    const queries = await searchQueries(dataSource, context.sampleIds);
    const checked = queries.slice(0, CHECKED);
    const before = await answers(context, checked);
    const indexed = await measurePlan(context, dataSource, queries, 'with the trigram indexes', {
      warmUp: context.durations.warmUp,
      seconds: context.durations.indexed,
    });
    if (!context.mayDropIndexes) return { queries: queries.length, indexed, oneAtATime: { indexed: before.times } };

    context.progress.say('search: dropping the trigram indexes for the baseline');
    await dataSource.query(`drop index songs_title_trgm, songs_object_key_trgm`);
    try {
      const after = await answers(context, checked);
      const identical = {
        checked: checked.length,
        identical: before.pages.filter((page, i) => isDeepStrictEqual(page, after.pages[i])).length,
        nonEmpty: before.pages.filter((page) => page.items.length > 0).length,
      };
      const scanned = await measurePlan(context, dataSource, queries, 'without them', {
        warmUp: 0,
        seconds: context.durations.scanned,
      });
      const oneAtATime = { indexed: before.times, scanned: after.times };
      return { queries: queries.length, indexed, scanned, identical, oneAtATime };
    } finally {
      context.progress.say('search: re-creating the trigram indexes');
      for (const statement of TITLE_SEARCH_INDEXES) await dataSource.query(statement);
      await dataSource.query('vacuum analyze songs');
    }
  } finally {
    await dataSource.destroy();
  }
}

async function measurePlan(
  context: SearchBenchContext,
  dataSource: DataSource,
  queries: readonly SearchQuery[],
  label: string,
  { warmUp, seconds }: { warmUp: number; seconds: number },
): Promise<SearchPlanFigures> {
  const { baseUrl, rate, slowMs, durations, progress, signal } = context;
  const plans = {} as Record<SearchForm, string[]>;
  for (const query of queries.slice(0, 4)) plans[query.form] = await searchPlan(dataSource, query.q);
  const paths = queries.map((query) => searchPath(query.q));
  const paced = { rate, maxSockets: PACED_SOCKETS, slowMs };
  progress.say(`search ${label}: ${rate} req/s, ${warmUp} s warm-up, ${seconds} s measured`);
  if (warmUp > 0) {
    await duringLoad(progress, 'search warm-up', warmUp, (onDone) =>
      pacedLoad(baseUrl, paths, { ...paced, seconds: warmUp, onDone }, signal),
    );
  }
  const fixedRate = await duringLoad(progress, 'search measured', seconds, (onDone) =>
    pacedLoad(baseUrl, paths, { ...paced, seconds, onDone }, signal),
  );
  progress.say(`search ${label}: closed loop, ${MAX_CONNECTIONS} connections, ${durations.max} s`);
  const max = await duringLoad(progress, 'search max', durations.max, (onDone) =>
    closedLoop(baseUrl, paths, MAX_CONNECTIONS, durations.max, signal, onDone),
  );
  return { fixedRate, max, plans };
}

interface SearchPage {
  readonly items: ReadonlyArray<{ readonly id: number }>;
  readonly nextCursor: string | null;
}

/** The API's answers, one request at a time, for comparing the two plans, and their median time by form. */
async function answers(
  context: SearchBenchContext,
  queries: readonly SearchQuery[],
): Promise<{ pages: SearchPage[]; times: FormTimes }> {
  const pages: SearchPage[] = [];
  const byForm = new Map<SearchForm, number[]>();
  for (const query of queries) {
    const started = performance.now();
    const response = await fetch(`${context.baseUrl}${searchPath(query.q)}`, { signal: context.signal });
    if (!response.ok) throw new Error(`GET ${searchPath(query.q)} answered ${response.status}`);
    pages.push((await response.json()) as SearchPage);
    byForm.set(query.form, [...(byForm.get(query.form) ?? []), performance.now() - started]);
  }
  const median = (values: number[]) => values.sort((a, z) => a - z)[Math.floor(values.length / 2)];
  return { pages, times: Object.fromEntries([...byForm].map(([form, ms]) => [form, median(ms)])) };
}
