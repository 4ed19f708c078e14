import * as units from '@grafana/grafana-foundation-sdk/units';
import { countPanel, timeseriesPanel } from './panels';
import { maxBy, series, sumBy } from './promql';
import type { Section } from './scale-dashboard';

const BY_REPLICA = ['service', 'group', 'zone', 'instance'];
const REPLICA = '{{service}} · {{group}} · {{zone}} · {{instance}}';

/** Each replica's container against its limits: what the memory hog and the disk fill press on. */
export const containers: Section = {
  title: 'Containers',
  panels: [
    timeseriesPanel({
      title: 'Container memory against its limit',
      description:
        "Working set of each replica's container (what the kernel cannot drop at once) as a share of its memory limit: over 90% for 30 s pages ContainerMemoryNearLimit, at 100% the OOM killer ends a process.",
      unit: units.PercentUnit,
      min: 0,
      queries: [
        {
          expr: maxBy(
            BY_REPLICA,
            `${series('container_memory_working_set_bytes')} / ${series('container_spec_memory_limit_bytes')}`,
          ),
          legend: REPLICA,
        },
      ],
    }),
    countPanel({
      title: 'OOM kills',
      description:
        "Processes the kernel's OOM killer ended in each replica's container within the selected time range.",
      unit: units.Short,
      queries: [
        { expr: sumBy(BY_REPLICA, `increase(${series('container_oom_events_total')}[$__range])`), legend: REPLICA },
      ],
    }),
    timeseriesPanel({
      title: 'Ephemeral storage against its limit',
      description:
        "Bytes on disk in each replica's writable space (its scratch directory) as a share of its ephemeral-storage limit: over 90% for 30 s pages ContainerEphemeralStorageNearLimit, past 100% the kubelet evicts the pod.",
      unit: units.PercentUnit,
      min: 0,
      queries: [
        {
          expr: maxBy(BY_REPLICA, `${series('container_fs_usage_bytes')} / ${series('container_fs_limit_bytes')}`),
          legend: REPLICA,
        },
      ],
    }),
  ],
};
