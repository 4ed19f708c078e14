import { setTimeout as sleep } from 'node:timers/promises';
import { catalogsAgree, compareCatalogs, sampleEvenly, type CatalogDifference } from './catalog-comparison';
import { CatalogReader, type CatalogRow } from './catalog-reader';
import { fetchSimilar } from './similar-client';
import { similarAnswersAgree, type SimilarAnswer } from './similar-comparison';

export interface IntegrityTarget {
  readonly databaseUrl: string;
  /** One of the group's API replicas. */
  readonly apiUrl: string;
}

export interface IntegrityOptions {
  readonly control: IntegrityTarget;
  readonly experiment: IntegrityTarget;
  /** The bucket both groups extract. */
  readonly bucket: string;
  /** Songs whose similar songs are compared; 20 unless given. */
  readonly sampleSize?: number;
  /** How long the catalogs may take to catch up before they are compared as they are; 60 s unless given. */
  readonly settleTimeoutMs?: number;
}

export interface SimilarMismatch {
  readonly key: string;
  /** Object keys of the similar songs each group answered, in its order (compared songs only). */
  readonly control: string[];
  readonly experiment: string[];
  /** Why an answer could not be had, when that is the mismatch. */
  readonly error?: string;
}

export interface IntegrityReport extends CatalogDifference {
  readonly holds: boolean;
  /** Both catalogs caught up (no pending job, same songs) before the deadline. */
  readonly settled: boolean;
  /** Songs compared in each catalog: those of the objects either had heard of when the check began. */
  readonly control: { readonly songs: number };
  readonly experiment: { readonly songs: number };
  readonly similarChecked: number;
  readonly similarMismatches: SimilarMismatch[];
}

const DEFAULT_SAMPLE_SIZE = 20;
const DEFAULT_SETTLE_TIMEOUT_MS = 60_000;
const POLL_MS = 1_000;
/**
 * The APIs' similarity indexes follow their catalogs a refresh behind (a second by default): the
 * similar-songs comparison gets at least this long after the catalogs settle (or the settle
 * timeout, when shorter).
 */
const SIMILAR_GRACE_MS = 10_000;

interface CatalogState {
  readonly control: CatalogRow[];
  readonly experiment: CatalogRow[];
  readonly difference: CatalogDifference;
  readonly settled: boolean;
}

/**
 * After an experiment: do both groups' catalogs hold the same songs, nothing lost and nothing
 * duplicated, and does the experiment group's API answer "similar songs" as the control's does?
 * Both extractors keep working while the traffic adds objects, so the check fixes its scope when
 * it begins (every object either catalog has extracted, refused or queued by then), waits until
 * both catalogs have caught up on those, and compares them on those only. A difference that lasts
 * until the deadline is reported: a lag heals within it, a loss does not.
 */
export async function checkIntegrity(options: IntegrityOptions): Promise<IntegrityReport> {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const settleTimeoutMs = options.settleTimeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
  const deadline = Date.now() + settleTimeoutMs;
  const control = new CatalogReader(options.control.databaseUrl);
  const experiment = new CatalogReader(options.experiment.databaseUrl);
  try {
    const [controlObjects, experimentObjects] = await Promise.all([
      control.knownObjects(options.bucket),
      experiment.knownObjects(options.bucket),
    ]);
    const compared = new Set([...controlObjects, ...experimentObjects]);
    const comparable = (key: string) => compared.has(key);

    const readState = async (): Promise<CatalogState> => {
      const [controlSongs, experimentSongs, controlPending, experimentPending] = await Promise.all([
        control.songs(options.bucket),
        experiment.songs(options.bucket),
        control.pendingObjects(options.bucket),
        experiment.pendingObjects(options.bucket),
      ]);
      const inScope = (songs: CatalogRow[]) => songs.filter((song) => comparable(song.key));
      const [controlInScope, experimentInScope] = [inScope(controlSongs), inScope(experimentSongs)];
      const difference = compareCatalogs(controlInScope, experimentInScope);
      const pending = controlPending.some(comparable) || experimentPending.some(comparable);
      return {
        control: controlInScope,
        experiment: experimentInScope,
        difference,
        settled: !pending && catalogsAgree(difference),
      };
    };
    let state = await readState();
    while (!state.settled && Date.now() < deadline) {
      await sleep(POLL_MS);
      state = await readState();
    }

    const similarDeadline = Math.max(deadline, Date.now() + Math.min(SIMILAR_GRACE_MS, settleTimeoutMs));
    const similar = await compareSimilar(options, state, sampleSize, comparable, similarDeadline);
    return {
      holds: catalogsAgree(state.difference) && similar.mismatches.length === 0,
      settled: state.settled,
      control: { songs: state.control.length },
      experiment: { songs: state.experiment.length },
      ...state.difference,
      similarChecked: similar.checked,
      similarMismatches: similar.mismatches,
    };
  } finally {
    await Promise.all([control.close(), experiment.close()]);
  }
}

/** The two groups' answers for one song, or null when they agree. */
async function compareOne(
  options: IntegrityOptions,
  key: string,
  ids: { control: number; experiment: number },
  comparable: (key: string) => boolean,
): Promise<SimilarMismatch | null> {
  const [control, experiment] = await Promise.all([
    fetchSimilar(options.control.apiUrl, ids.control),
    fetchSimilar(options.experiment.apiUrl, ids.experiment),
  ]);
  const keysOf = (answer: SimilarAnswer | { error: string }) =>
    'error' in answer ? [] : answer.entries.filter((entry) => comparable(entry.key)).map((entry) => entry.key);
  const mismatch = { key, control: keysOf(control), experiment: keysOf(experiment) };
  if ('error' in control) return { ...mismatch, error: `control: ${control.error}` };
  if ('error' in experiment) return { ...mismatch, error: `experiment: ${experiment.error}` };
  return similarAnswersAgree(control, experiment, comparable) ? null : mismatch;
}

/** Compares the sample's answers, asking again for those that differ until they agree or time is up. */
async function compareSimilar(
  options: IntegrityOptions,
  state: CatalogState,
  sampleSize: number,
  comparable: (key: string) => boolean,
  deadline: number,
): Promise<{ checked: number; mismatches: SimilarMismatch[] }> {
  const experimentIds = new Map(state.experiment.map((song) => [song.key, song.id]));
  const shared = state.control.filter((song) => experimentIds.has(song.key));
  const controlIds = new Map(shared.map((song) => [song.key, song.id]));
  const sample = sampleEvenly([...controlIds.keys()], sampleSize);
  let open = sample;
  const mismatches = new Map<string, SimilarMismatch>();
  for (;;) {
    const stillOpen: string[] = [];
    for (const key of open) {
      const ids = { control: controlIds.get(key) as number, experiment: experimentIds.get(key) as number };
      const mismatch = await compareOne(options, key, ids, comparable);
      if (mismatch) {
        mismatches.set(key, mismatch);
        stillOpen.push(key);
      } else {
        mismatches.delete(key);
      }
    }
    open = stillOpen;
    if (open.length === 0 || Date.now() >= deadline) break;
    await sleep(POLL_MS);
  }
  return { checked: sample.length, mismatches: [...mismatches.values()] };
}
