import { addedMicros, type ConfigurationProfile } from './profiles';
import type { OverheadResult } from './report';

/** Areas that move less than this against off in every configuration are left out of the table. */
const SHOWN_MICROS = 0.5;
const TOP_FUNCTIONS = 12;

const signed = (micros: number) => `${micros >= 0 ? '+' : '−'}${Math.abs(micros).toFixed(1)}`;

/**
 * Where each configuration's CPU per request goes, from its --cpu-prof over the rounds' load: the
 * per-part figures the bars are read with. Self time only, so a part's cost shows where it is spent;
 * the workload's own areas (the search, Express, writev) moving too is cost the instrumentation adds
 * indirectly (allocation, caches), which no profile frame of its own shows.
 */
export function profileLines(result: OverheadResult): string[] {
  const profiles = result.profiles;
  if (profiles === undefined) return [];
  const off = profiles.of.find(({ key }) => key === 'off');
  if (off === undefined) return ['', `no CPU profile of the API without instrumentation was written (${profiles.dir})`];
  const others = profiles.of.filter(({ key }) => key !== 'off');
  const width = Math.max(...others.map(({ key }) => key.length), 7) + 1;
  const areas = [...new Set(profiles.of.flatMap(({ byArea }) => Object.keys(byArea)))]
    .map((name) => ({ name, added: others.map(({ byArea }) => (byArea[name] ?? 0) - (off.byArea[name] ?? 0)) }))
    .filter(({ added }) => added.some((micros) => Math.abs(micros) >= SHOWN_MICROS))
    .sort((a, z) => Math.max(...z.added) - Math.max(...a.added));
  const row = (name: string, base: number, added: number[]) =>
    `  ${name.slice(0, 40).padEnd(40)} ${base.toFixed(1).padStart(7)}${added.map((micros) => signed(micros).padStart(width)).join('')}`;
  const functions = (profile: ConfigurationProfile) => [
    `functions adding the most CPU per request, ${profile.key} against off (self µs):`,
    ...addedMicros(profile.byFunction, off.byFunction)
      .slice(0, TOP_FUNCTIONS)
      .map(({ name, added }) => `  ${signed(added).padStart(6)}  ${name}`),
  ];
  return [
    '',
    `API CPU per request by area, self time from --cpu-prof over the rounds' load (µs; off, then each configuration against it; profiles in ${profiles.dir}):`,
    `  ${'area'.padEnd(40)} ${'off'.padStart(7)}${others.map(({ key }) => key.padStart(width)).join('')}`,
    ...areas.map(({ name, added }) => row(name, off.byArea[name] ?? 0, added)),
    row(
      'main thread busy, all areas',
      off.busyMicros,
      others.map(({ busyMicros }) => busyMicros - off.busyMicros),
    ),
    `  areas that move by less than ${SHOWN_MICROS} µs in every configuration are left out; requests profiled: ` +
      profiles.of.map(({ key, requests }) => `${key} ${requests}`).join(', '),
    ...['scale0', 'scale100'].flatMap((key) => {
      const profile = others.find((candidate) => candidate.key === key);
      return profile ? functions(profile) : [];
    }),
  ];
}
