import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createCatalogDataSource } from '@scale/catalog';
import { duringLoad, type BenchProgress } from '../common/progress';
import { closedLoop, type LoadFigures } from './load';
import type { PacedFigures } from './paced';
import type { PacedGenerator } from './paced-thread';
import { searchPath, searchPlan, searchQueries, type SearchForm, type SearchQuery } from './search-queries';
import type { ApiProcess } from './server';

/** Searches whose answers are compared between the two engines. */
const CHECKED = 200;
/** Sockets of the fixed-rate client, as for similar songs. */
const PACED_SOCKETS = 64;
/** Enough to keep both cores busy. */
const MAX_CONNECTIONS = 8;
/** Far longer than the few SQL searches left in flight take. */
const SETTLE_MS = 1_000;

export interface SearchDurations {
  readonly warmUp: number;
  /** The fixed-rate phase from the in-memory title index. */
  readonly memory: number;
  /**
   * The same rate through SQL, shorter: SQL answers a few hundred a second, so each second at the
   * rate leaves seconds of backlog to drain.
   */
  readonly sql: number;
  readonly max: number;
}

export const SEARCH_FULL: SearchDurations = { warmUp: 3, memory: 20, sql: 5, max: 10 };
export const SEARCH_QUICK: SearchDurations = { warmUp: 1, memory: 3, sql: 1, max: 2 };

/** One engine's figures: at the similar-songs rate (open loop), and at its maximum (closed loop). */
export interface SearchEngineFigures {
  readonly fixedRate: PacedFigures;
  readonly max: LoadFigures;
}

/** Resident memory of an API process, MiB: once its indexes are loaded, and after the search phases. */
export interface ApiMemory {
  readonly ready: number;
  readonly afterSearch: number;
}

export interface SearchBenchResult {
  readonly queries: number;
  /** From the API's in-memory title index (TITLE_SEARCH=memory, the default). */
  readonly memory: SearchEngineFigures;
  /** Through SQL with the trigram indexes (an API started with TITLE_SEARCH=sql): the baseline. */
  readonly sql: SearchEngineFigures;
  /** How long the SQL fixed-rate phase sends for. */
  readonly sqlSendSeconds: number;
  /** The scans Postgres chose for one search of each form, on the SQL path. */
  readonly plans: Readonly<Record<SearchForm, string[]>>;
  /** Searches answered alike by both engines, of those checked. */
  readonly identical: { readonly checked: number; readonly identical: number; readonly nonEmpty: number };
  /** Median ms of one search at a time, by form: which searches cost what. */
  readonly oneAtATime: { readonly memory: FormTimes; readonly sql: FormTimes };
  readonly rssMiB: { readonly memory: ApiMemory; readonly sql: ApiMemory };
}

export type FormTimes = Readonly<Partial<Record<SearchForm, number>>>;

export interface SearchBenchContext {
  /** The API under test, searching in memory. */
  readonly api: ApiProcess;
  /** Its resident MiB when it became ready, before any load. */
  readonly apiReadyRssMiB: number;
  /** Starts a second API like the first, but with TITLE_SEARCH=sql; stopped when the search bench ends. */
  readonly startSqlApi: () => Promise<ApiProcess>;
  readonly databaseUrl: string;
  readonly sampleIds: readonly number[];
  readonly rate: number;
  readonly slowMs: number;
  /** The fixed-rate phases' generator, on its own thread. */
  readonly generator: PacedGenerator;
  readonly durations: SearchDurations;
  readonly progress: BenchProgress;
  readonly signal: AbortSignal;
}

/** Resident set of a process from /proc, in MiB; NaN where /proc is not there. */
export function rssMiB(pid: number): number {
  try {
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Number(kib) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * `GET /api/songs?q=` at the catalog's size, from the API's in-memory title index, then through
 * SQL with the trigram indexes (a second API, TITLE_SEARCH=sql, on the same database) as the
 * baseline: answers compared, load measured, and the memory each API holds.
 */
export async function benchSearch(context: SearchBenchContext): Promise<SearchBenchResult> {
  const { progress, durations } = context;
  const dataSource = createCatalogDataSource(context.databaseUrl, { poolSize: 1, applicationName: 'scale-api-bench' });
  await dataSource.initialize();
  progress.say('search: starting a second API with TITLE_SEARCH=sql for the baseline');
  const sqlApi = await context.startSqlApi();
  try {
    const sqlReadyRss = rssMiB(sqlApi.pid);
    const queries = await searchQueries(dataSource, context.sampleIds);
    const plans = {} as Record<SearchForm, string[]>;
    for (const query of queries.slice(0, 4)) plans[query.form] = await searchPlan(dataSource, query.q);
    const checked = queries.slice(0, CHECKED);
    const fromMemory = await answers(context, context.api.baseUrl, checked);
    const fromSql = await answers(context, sqlApi.baseUrl, checked);
    const identical = {
      checked: checked.length,
      identical: fromMemory.pages.filter((page, i) => isDeepStrictEqual(page, fromSql.pages[i])).length,
      nonEmpty: fromMemory.pages.filter((page) => page.items.length > 0).length,
    };
    const memory = await measureEngine(context, context.api, queries, 'in memory', {
      warmUp: durations.warmUp,
      seconds: durations.memory,
    });
    const sql = await measureEngine(context, sqlApi, queries, 'in SQL', {
      warmUp: durations.warmUp,
      seconds: durations.sql,
    });
    return {
      queries: queries.length,
      memory,
      sql,
      sqlSendSeconds: durations.sql,
      plans,
      identical,
      oneAtATime: { memory: fromMemory.times, sql: fromSql.times },
      rssMiB: {
        memory: { ready: context.apiReadyRssMiB, afterSearch: rssMiB(context.api.pid) },
        sql: { ready: sqlReadyRss, afterSearch: rssMiB(sqlApi.pid) },
      },
    };
  } finally {
    // The closed loop drops its sockets with requests in flight; they finish before the API stops.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await sqlApi.stop();
    await dataSource.destroy();
  }
}

async function measureEngine(
  context: SearchBenchContext,
  api: ApiProcess,
  queries: readonly SearchQuery[],
  label: string,
  { warmUp, seconds }: { warmUp: number; seconds: number },
): Promise<SearchEngineFigures> {
  const { rate, slowMs, generator, durations, progress, signal } = context;
  const paths = queries.map((query) => searchPath(query.q));
  const paced = { rate, maxSockets: PACED_SOCKETS, slowMs };
  progress.say(`search ${label}: ${rate} req/s, ${warmUp} s warm-up, ${seconds} s measured`);
  await duringLoad(progress, `search ${label} warm-up`, warmUp, (onDone) =>
    generator.load(api.baseUrl, paths, { ...paced, seconds: warmUp, onDone }, signal),
  );
  const fixedRate = await duringLoad(progress, `search ${label} measured`, seconds, (onDone) =>
    generator.load(api.baseUrl, paths, { ...paced, seconds, onDone }, signal),
  );
  progress.say(`search ${label}: closed loop, ${MAX_CONNECTIONS} connections, ${durations.max} s`);
  const max = await duringLoad(progress, `search ${label} max`, durations.max, (onDone) =>
    closedLoop(api.baseUrl, paths, MAX_CONNECTIONS, durations.max, signal, onDone),
  );
  return { fixedRate, max };
}

interface SearchPage {
  readonly items: ReadonlyArray<{ readonly id: number }>;
  readonly nextCursor: string | null;
}

/** One API's answers, one request at a time, for comparing the engines, and their median time by form. */
async function answers(
  context: SearchBenchContext,
  baseUrl: string,
  queries: readonly SearchQuery[],
): Promise<{ pages: SearchPage[]; times: FormTimes }> {
  const pages: SearchPage[] = [];
  const byForm = new Map<SearchForm, number[]>();
  for (const query of queries) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${searchPath(query.q)}`, { signal: context.signal });
    if (!response.ok) throw new Error(`GET ${searchPath(query.q)} answered ${response.status}`);
    pages.push((await response.json()) as SearchPage);
    byForm.set(query.form, [...(byForm.get(query.form) ?? []), performance.now() - started]);
  }
  const median = (values: number[]) => values.sort((a, z) => a - z)[Math.floor(values.length / 2)];
  return { pages, times: Object.fromEntries([...byForm].map(([form, ms]) => [form, median(ms)])) };
}
