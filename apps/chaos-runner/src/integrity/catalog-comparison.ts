/** One song row as the integrity check compares it: which object, which version of it. */
export interface CatalogSong {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
}

export interface CatalogDifference {
  /** Versions (`bucket/key@etag`) the control catalog holds and the experiment's does not. */
  readonly missingInExperiment: string[];
  /** Versions the experiment catalog holds and the control's does not. */
  readonly extraInExperiment: string[];
  /** Objects (`bucket/key`) a catalog holds more than once. */
  readonly duplicates: { readonly control: string[]; readonly experiment: string[] };
}

export const songVersion = (song: CatalogSong): string => `${song.bucket}/${song.key}@${song.etag}`;
const songObject = (song: CatalogSong): string => `${song.bucket}/${song.key}`;

function duplicatesOf(songs: readonly CatalogSong[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const song of songs) {
    const object = songObject(song);
    if (seen.has(object)) twice.add(object);
    seen.add(object);
  }
  return [...twice].sort();
}

/**
 * The two groups' catalogs must hold the same songs: the same objects at the same versions, each
 * once. An object at another version in one of them shows on both sides (its control version
 * missing, its experiment version extra), since either group may be the one that is wrong.
 */
export function compareCatalogs(
  control: readonly CatalogSong[],
  experiment: readonly CatalogSong[],
): CatalogDifference {
  const controlVersions = new Set(control.map(songVersion));
  const experimentVersions = new Set(experiment.map(songVersion));
  return {
    missingInExperiment: [...controlVersions].filter((version) => !experimentVersions.has(version)).sort(),
    extraInExperiment: [...experimentVersions].filter((version) => !controlVersions.has(version)).sort(),
    duplicates: { control: duplicatesOf(control), experiment: duplicatesOf(experiment) },
  };
}

export function catalogsAgree(difference: CatalogDifference): boolean {
  return (
    difference.missingInExperiment.length === 0 &&
    difference.extraInExperiment.length === 0 &&
    difference.duplicates.control.length === 0 &&
    difference.duplicates.experiment.length === 0
  );
}

/**
 * `size` of the keys, spread evenly over them in key order: the same catalogs give the same sample,
 * so a failed check can be run again on the same songs.
 */
export function sampleEvenly(keys: readonly string[], size: number): string[] {
  const sorted = [...keys].sort();
  if (size >= sorted.length) return sorted;
  if (size <= 0) return [];
  return Array.from({ length: size }, (_, i) => sorted[Math.floor((i * sorted.length) / size)]);
}
