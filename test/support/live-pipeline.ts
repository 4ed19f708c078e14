import { findFreePort } from '@scale/embedded-servers';
import { generateCorpus } from '@scale/midi-generator';
import type { ScrapeTarget } from '@scale/monitoring-stack';
import type { ObjectStore } from '@scale/storage';
import { createDatabase, openCatalog } from './catalog-database';
import type { TestContainers } from './containers';
import { eventually, extractorEnvironment, type RunningProcess } from './extractor';
import { runProgram } from './programs';

export type Group = 'control' | 'experiment';

export interface PipelineShared {
  readonly adminDatabaseUrl: string;
  readonly s3Endpoint: string;
  readonly bucket: string;
  /** Where the programs run as containers (a memory limit, a writable space with its limit), if anywhere. */
  readonly containers?: TestContainers;
}

/** One group's API and extractor, as processes on a catalog database of their own. */
export interface RunningGroup {
  readonly group: Group;
  readonly zone: string;
  readonly apiUrl: string;
  readonly targets: readonly ScrapeTarget[];
}

async function answers(url: string): Promise<boolean> {
  return (await fetch(url, { signal: AbortSignal.timeout(5_000) }).catch(() => null))?.status === 200;
}

/**
 * Starts the group's two programs as deployed (instrumentation loaded with `--import`) and waits
 * until both are ready. Each process goes into `processes` as soon as it is spawned, so the caller
 * can kill it even when this fails half-way.
 */
export async function startGroup(
  group: Group,
  zone: string,
  shared: PipelineShared,
  processes: RunningProcess[],
): Promise<RunningGroup> {
  const databaseUrl = await createDatabase(shared.adminDatabaseUrl);
  // Migrated before the programs start, so the two do not race each other to create the tables.
  await (await openCatalog(databaseUrl)).destroy();
  const [apiPort, extractorPort] = [await findFreePort(), await findFreePort()];
  const placement = { SCALE_GROUP: group, SCALE_ZONE: zone, LOG_LEVEL: 'warn' };
  const [extractorId, apiId] = [`${group}-extractor`, `${group}-api`];
  const container = (id: string) => shared.containers?.environment(id) ?? {};

  const extractor = runProgram(
    'extractor',
    extractorEnvironment(
      { databaseUrl, s3Endpoint: shared.s3Endpoint, bucket: shared.bucket },
      {
        ...placement,
        ...container(extractorId),
        EXTRACTOR_PORT: String(extractorPort),
        DISCOVERY_INTERVAL_SECONDS: '0.5',
      },
    ),
  );
  processes.push(extractor);
  const api = runProgram('api', {
    ...placement,
    ...container(apiId),
    DATABASE_URL: databaseUrl,
    API_PORT: String(apiPort),
    SIMILARITY_REFRESH_SECONDS: '0.5',
  });
  processes.push(api);
  await shared.containers?.attach(extractorId, extractor.child.pid as number);
  await shared.containers?.attach(apiId, api.child.pid as number);

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const extractorUrl = `http://127.0.0.1:${extractorPort}`;
  const ready = async (name: string, url: string, program: RunningProcess) => {
    const readyOrGone = async () => {
      if (program.child.exitCode !== null || program.child.signalCode !== null) {
        throw new Error(`the ${group} ${name} exited before it was ready`);
      }
      return answers(`${url}/readyz`);
    };
    await eventually(`the ${group} ${name} to be ready`, readyOrGone, 60_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}; its stderr: ${program.stderr()}`);
    });
  };
  await Promise.all([ready('extractor', extractorUrl, extractor), ready('API', apiUrl, api)]);

  return {
    group,
    zone,
    apiUrl,
    targets: [
      { address: `127.0.0.1:${apiPort}`, labels: { service: 'scale-api', group, zone } },
      { address: `127.0.0.1:${extractorPort}`, labels: { service: 'scale-extractor', group, zone } },
    ],
  };
}

export interface Load {
  /** Requests answered, by status, for a failing test to print. */
  readonly statuses: Map<number, number>;
  stop(): Promise<void>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What keeps every panel moving: a user browsing each API (search, a song, its similar songs) and
 * new songs landing in the bucket, so both extractors always have something to extract.
 */
export function startLoad(apiUrls: readonly string[], store: ObjectStore, bucket: string): Load {
  const statuses = new Map<number, number>();
  let running = true;
  const get = async (url: string) => {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
    if (response) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    return response?.ok ? ((await response.json()) as unknown) : undefined;
  };

  const browse = async (apiUrl: string) => {
    while (running) {
      const page = (await get(`${apiUrl}/api/songs?limit=5`)) as { items?: Array<{ id: number }> } | undefined;
      await get(`${apiUrl}/api/songs?q=song&limit=5`);
      for (const { id } of page?.items?.slice(0, 2) ?? []) {
        await get(`${apiUrl}/api/songs/${id}`);
        await get(`${apiUrl}/api/songs/${id}/similar`);
      }
      await pause(100);
    }
  };

  const publish = async () => {
    for (let round = 1; running; round++) {
      const songs = [...generateCorpus(round, 2)];
      await Promise.all(songs.map((song) => store.put(bucket, `live/${round}/${song.key}`, song.bytes))).catch(
        () => undefined,
      );
      await pause(1_000);
    }
  };

  const loops = [...apiUrls.map(browse), publish()];
  return {
    statuses,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
