import { findProfile, summarizeProfile, type ProfileSpan } from '../api/profile';
import type { ConfigurationKey } from './report';

/** One configuration's CPU profile over the rounds' load: where its requests' time went. */
export interface ConfigurationProfile {
  readonly key: ConfigurationKey;
  readonly file: string;
  /** Requests answered 2xx inside the profiled load phases: what the µs below are per. */
  readonly requests: number;
  /** Main-thread busy µs per request. */
  readonly busyMicros: number;
  /** Self µs per request by area (a package, node core, a folder of this repository, GC…), every area. */
  readonly byArea: Readonly<Record<string, number>>;
  /** Self µs per request by function. */
  readonly byFunction: Readonly<Record<string, number>>;
}

/** What the bench collects while a configuration runs with --cpu-prof. */
export interface ProfiledRun {
  readonly key: ConfigurationKey;
  readonly dir: string;
  readonly spans: readonly ProfileSpan[];
  readonly requests: number;
}

/** Reads the profile each API wrote on exit; undefined for an API that wrote none. */
export async function readProfile(run: ProfiledRun): Promise<ConfigurationProfile | undefined> {
  const file = await findProfile(run.dir);
  if (file === undefined || run.requests === 0) return undefined;
  const window = await summarizeProfile(file, run.spans, Infinity);
  const perRequest = (lines: typeof window.byArea) =>
    Object.fromEntries(lines.map(({ name, ms }) => [name, (1000 * ms) / run.requests]));
  return {
    key: run.key,
    file,
    requests: run.requests,
    busyMicros: (1000 * window.busyMs) / run.requests,
    byArea: perRequest(window.byArea),
    byFunction: perRequest(window.byFunction),
  };
}

/** `key`'s µs per request minus the baseline's, for every name either has, largest increase first. */
export function addedMicros(
  of: Readonly<Record<string, number>>,
  baseline: Readonly<Record<string, number>>,
): Array<{ name: string; added: number }> {
  const names = new Set([...Object.keys(of), ...Object.keys(baseline)]);
  return [...names]
    .map((name) => ({ name, added: (of[name] ?? 0) - (baseline[name] ?? 0) }))
    .sort((a, z) => z.added - a.added);
}
