import { setTimeout as sleep } from 'node:timers/promises';
import type { Registry } from 'prom-client';
import { createRandom } from '@scale/midi-generator';
import type { ObjectStore } from '@scale/storage';
import { arrivalsDue, tickIntervalMs } from './arrival-schedule';
import { ObjectPublisher } from './object-publisher';
import { planRequest, requestPath, type KnownSong, type RequestPlan } from './request-plan';
import { timedGet } from './request-outcome';
import { SongDirectory, sharedSongs, type SongPage } from './song-directory';
import type { TrafficSurge } from './traffic-surge';
import { TRAFFIC_GROUPS, TrafficMeter, type TrafficGroup, type TrafficStats } from './traffic-meter';

export interface TrafficOptions {
  /** Requests per second sent to each group (open loop, constant arrival rate). */
  ratePerGroup: number;
  /** Base URLs of each group's running API replicas; read again at every tick, so it may change. */
  endpoints: () => Record<TrafficGroup, string[]>;
  store: ObjectStore;
  /** The bucket both groups' extractors read. */
  bucket: string;
  /** New MIDI objects per second put into the bucket, under `traffic/<start time>/`. */
  objectsPerSecond: number;
  /** When given, the generator's counters and histogram are registered there. */
  registry?: Registry;
  /** Seeds the request sequence and the generated songs. */
  seed?: number;
  /** Bound on each request, connecting and reading included; 5 s unless given. */
  requestTimeoutMs?: number;
  /** Each group's load as a multiple of `ratePerGroup` (a traffic surge); 1 for both unless given. */
  surge?: TrafficSurge;
  /** The groups loaded, both unless given; a Kubernetes release's generator loads its own group only. */
  groups?: readonly TrafficGroup[];
}

export interface RunningTraffic {
  /** Stops scheduling, then waits for the requests and puts still running (at most their timeout). */
  stop(): Promise<void>;
  stats(): TrafficStats;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Arrivals later than this are skipped, not sent in a burst (see arrivalsDue). */
const MAX_LAG_MS = 1_000;
/** How often the directories read the listings for new songs, and while they know none yet. */
const DIRECTORY_REFRESH_MS = 5_000;
const DIRECTORY_FIRST_REFRESH_MS = 1_000;
/** Listing pages read per group and refresh: the demo catalog in one refresh, a large one over a few. */
const DIRECTORY_PAGES = 10;
const DIRECTORY_PAGE_SIZE = 100;

function nonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a number of at least 0, got ${value}`);
  }
}

const isSongPage = (body: unknown): body is SongPage =>
  typeof body === 'object' && body !== null && Array.isArray((body as SongPage).items) && 'nextCursor' in body;

/**
 * Steady, realistic load for both groups of the pipeline: the same sequence of API requests to
 * each (searches, songs, similar songs), round-robin over each group's running replicas, and new
 * songs landing in the shared bucket so both extractors always have work. A replica that is down
 * or frozen costs its requests (counted as errors), never the generator's pace.
 */
export function startTraffic(options: TrafficOptions): RunningTraffic {
  nonNegative('ratePerGroup', options.ratePerGroup);
  nonNegative('objectsPerSecond', options.objectsPerSecond);
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const groups = options.groups ?? TRAFFIC_GROUPS;
  const startedAt = new Date();
  const started = performance.now();
  const meter = new TrafficMeter(startedAt, options.registry);
  const random = createRandom(options.seed ?? 1);
  const prefix = `traffic/${startedAt.toISOString().replace(/[-:.]/g, '')}/`;
  const publisher = new ObjectPublisher(options.store, options.bucket, prefix, options.seed ?? 1, (result) =>
    meter.object(result),
  );
  const directories: Record<TrafficGroup, SongDirectory> = {
    control: new SongDirectory(),
    experiment: new SongDirectory(),
  };
  let shared: KnownSong[] = [];
  const turns: Record<TrafficGroup, number> = { control: 0, experiment: 0 };
  const running = new Set<Promise<void>>();
  const stopping = new AbortController();

  const endpoints = (): Record<TrafficGroup, readonly string[]> => {
    try {
      const current = options.endpoints();
      return { control: current.control ?? [], experiment: current.experiment ?? [] };
    } catch {
      // The cluster's view failing is the same, for the load, as no replica running.
      return { control: [], experiment: [] };
    }
  };
  const nextReplica = (group: TrafficGroup, replicas: readonly string[]) =>
    replicas.length === 0 ? undefined : replicas[turns[group]++ % replicas.length].replace(/\/+$/, '');

  const send = (group: TrafficGroup, plan: RequestPlan, replicas: readonly string[]) => {
    meter.sent(group, plan.kind);
    const base = nextReplica(group, replicas);
    const path = requestPath(plan, (key) => directories[group].idOf(key));
    if (base === undefined || path === null) {
      meter.ended(group, plan.kind, 'error', null);
      return;
    }
    const request = timedGet(`${base}${path}`, timeoutMs).then((answer) =>
      meter.ended(group, plan.kind, answer.outcome, answer.seconds),
    );
    running.add(request);
    // Open loop: the next arrival never waits for this answer; `request` never rejects (outcomes are counted).
    void request.finally(() => running.delete(request));
  };

  let requestsDispatched = 0;
  let objectsDispatched = 0;
  const tick = () => {
    const elapsedMs = performance.now() - started;
    const requests = arrivalsDue(elapsedMs, options.ratePerGroup, requestsDispatched, MAX_LAG_MS);
    requestsDispatched += requests.send + requests.skip;
    meter.arrivals += requests.send + requests.skip;
    meter.skipped += requests.skip;
    if (requests.send > 0) {
      const replicas = endpoints();
      for (let i = 0; i < requests.send; i++) {
        const plan = planRequest(random, shared);
        for (const group of groups) {
          const copies = options.surge?.requestsPerArrival(group) ?? 1;
          for (let copy = 0; copy < copies; copy++) send(group, plan, replicas[group]);
        }
      }
    }
    const objects = arrivalsDue(elapsedMs, options.objectsPerSecond, objectsDispatched, MAX_LAG_MS);
    objectsDispatched += objects.send + objects.skip;
    for (let i = 0; i < objects.skip; i++) meter.object('skipped');
    for (let i = 0; i < objects.send; i++) publisher.publishOne();
  };
  const timer = setInterval(tick, tickIntervalMs(Math.max(options.ratePerGroup, options.objectsPerSecond)));
  timer.unref();

  /** Reads the group's listing forward from where its directory stopped. */
  const learn = async (group: TrafficGroup) => {
    const directory = directories[group];
    for (let page = 0; page < DIRECTORY_PAGES && !stopping.signal.aborted; page++) {
      const base = nextReplica(group, endpoints()[group]);
      if (base === undefined) return;
      const cursor = directory.cursor;
      const query = `limit=${DIRECTORY_PAGE_SIZE}${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const answer = await timedGet(`${base}/api/songs?${query}`, timeoutMs, true);
      if (answer.outcome !== 'ok' || !isSongPage(answer.body) || !directory.learn(answer.body, cursor)) return;
    }
  };
  const learning = (async () => {
    while (!stopping.signal.aborted) {
      await Promise.all(groups.map(learn));
      // One group alone: the songs its own catalog holds.
      shared = sharedSongs(directories[groups[0]], directories[groups[groups.length - 1]]);
      meter.knownSongs = shared.length;
      const pause = shared.length === 0 ? DIRECTORY_FIRST_REFRESH_MS : DIRECTORY_REFRESH_MS;
      await sleep(pause, undefined, { signal: stopping.signal, ref: false }).catch(() => undefined);
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        stopping.abort();
        await learning;
        await Promise.all([...running]);
        await publisher.settle();
      })()),
    stats: () => meter.stats(),
  };
}
