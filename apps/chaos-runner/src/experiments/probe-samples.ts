import type { Group } from '../drivers/driver';

/** [unix seconds, value]; the value is NaN when Prometheus had no data or did not answer. */
export type Sample = [number, number];

/** Each probe's per-interval samples in both groups, by probe name. */
export type ProbeSamples = Record<string, Record<Group, Sample[]>>;

/** JSON has no NaN: samples are stored with null for it (JSON.stringify does so) and read back as NaN. */
export function samplesFromJson(stored: unknown): ProbeSamples {
  const samples: ProbeSamples = {};
  for (const [name, groups] of Object.entries(
    (stored ?? {}) as Record<string, Record<Group, Array<[number, number | null]>>>,
  )) {
    samples[name] = {
      control: (groups.control ?? []).map(([at, value]) => [at, value ?? Number.NaN]),
      experiment: (groups.experiment ?? []).map(([at, value]) => [at, value ?? Number.NaN]),
    };
  }
  return samples;
}
