import { availableParallelism } from 'node:os';
import { median } from '../stats';
import type { RoundTimes, ZoneMode } from './outage-round';
import type { ZoneOutageResult } from './zone-outage.bench';

const FIGURES: ReadonlyArray<readonly [keyof RoundTimes, string]> = [
  ['podsInZone', "group's pods in the zone"],
  ['patchSeconds', 'cordoned (nodes) / affinity patched (namespace), s'],
  ['evictSeconds', 'every pod in the zone being deleted, s'],
  ['zoneEmptySeconds', 'no pod left in the zone, s'],
  ['downCallSeconds', 'zoneDown returned, s'],
  ['replacedSeconds', 'full count serving outside the zone, s'],
  ['settledSeconds', 'rollouts done, nothing Pending or Terminating, s'],
  ['evictionRequests', 'eviction requests, retries included'],
  ['budgetRefusals', 'of them refused by PodDisruptionBudgets (429), then retried'],
  ['refusedEvictions', 'evictions still refused after the 60 s of retries'],
  ['revertCallSeconds', 'zoneUp returned, s'],
  ['revertSettledSeconds', 'after zoneUp: undone, rolled out, all serving, s'],
  ['backInZone', "group's pods in the zone after the revert"],
  ['controlChanged', 'control-group pods created, deleted or moved'],
];

const MODES: readonly ZoneMode[] = ['namespace', 'nodes'];

/** Medians of the rounds per mode, each figure timed from the start of the driver's call. */
export function zoneOutageReport(result: ZoneOutageResult): string {
  const value = (mode: ZoneMode, key: keyof RoundTimes) => {
    // A round whose evictions were refused has no moments after the patch.
    const values = result.rounds[mode].map((round) => Number(round[key])).filter((figure) => !Number.isNaN(figure));
    if (values.length === 0) return '–';
    const middle = median(values);
    const digits = key.endsWith('Seconds') ? 2 : 0;
    return `${middle.toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  };
  const rounds = MODES.map(
    (mode) => `${result.rounds[mode].length} × ${result.rounds[mode].map((r) => r.zone).join(', ')}`,
  );
  return [
    `Zone outage on a real control plane: ${result.nodes} KWOK nodes, ${result.pods} pods; PodDisruptionBudgets maxUnavailable ${result.maxUnavailable}`,
    `control plane start (etcd, apiserver, controller-manager, scheduler, kwok, CRDs, its nodes Ready): ${result.controlPlaneStartSeconds.toFixed(1)} s; pool nodes Ready: ${result.nodesReadySeconds.toFixed(1)} s; all pods serving: ${result.podsServingSeconds.toFixed(1)} s`,
    '',
    `| median (min–max) over rounds | namespace mode (${rounds[0]}) | nodes mode (${rounds[1]}) |`,
    '| --- | ---: | ---: |',
    ...FIGURES.map(([key, label]) => `| ${label} | ${value('namespace', key)} | ${value('nodes', key)} |`),
    '',
    `nodes mode on a zone the control group shares: refused in ${result.sharedZoneRefusal.seconds.toFixed(2)} s (${result.sharedZoneRefusal.message}…)`,
    `Load average at start: ${result.loadAverage.toFixed(2)} on ${availableParallelism()} cores.`,
  ].join('\n');
}
