import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { containers } from './infrastructure-containers';
import { clock, disk, io, network } from './infrastructure-machine';
import { countPanel, timeseriesPanel, upDownPanel } from './panels';
import { maxBy, rate, series, sumBy } from './promql';
import { scaleDashboard } from './scale-dashboard';

/** One line per service in each group and zone; replicas of the same one add up. */
const BY_PLACE = ['service', 'group', 'zone'];
const PLACE = '{{service}} · {{group}} · {{zone}}';

const processes = {
  title: 'Processes',
  panels: [
    timeseriesPanel({
      title: 'CPU',
      description: 'CPU time per second of wall time; 100% is one core busy.',
      unit: units.PercentUnit,
      min: 0,
      queries: [{ expr: sumBy(BY_PLACE, rate(series('process_cpu_seconds_total'))), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'Resident memory',
      description: 'Memory the processes hold in RAM.',
      unit: units.BytesIEC,
      min: 0,
      queries: [{ expr: sumBy(BY_PLACE, series('process_resident_memory_bytes')), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'Event-loop lag p99',
      description:
        'How late the slowest 1% of timers ran: a blocked event loop delays every request the process holds.',
      unit: units.Seconds,
      min: 0,
      queries: [{ expr: maxBy(BY_PLACE, series('nodejs_eventloop_lag_p99_seconds')), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'GC time',
      description: 'Share of wall time spent collecting garbage, all GC kinds together.',
      unit: units.PercentUnit,
      min: 0,
      queries: [{ expr: sumBy(BY_PLACE, rate(series('nodejs_gc_duration_seconds_sum'))), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'Open file descriptors',
      description: 'Sockets, files and pipes open; a steady climb is a leak.',
      unit: units.Short,
      min: 0,
      queries: [{ expr: sumBy(BY_PLACE, series('process_open_fds')), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'Active handles',
      description: 'Handles (sockets, timers, servers) keeping the Node.js event loop alive.',
      unit: units.Short,
      min: 0,
      queries: [{ expr: sumBy(BY_PLACE, series('nodejs_active_handles_total')), legend: PLACE }],
    }),
  ],
};

const availability = {
  title: 'Restarts and availability',
  panels: [
    countPanel({
      title: 'Process restarts',
      description: 'Times a process started again within the selected time range, seen as a change of its start time.',
      unit: units.Short,
      queries: [{ expr: sumBy(BY_PLACE, `changes(${series('process_start_time_seconds')}[$__range])`), legend: PLACE }],
    }),
    timeseriesPanel({
      title: 'Uptime',
      description: 'Time since the youngest process of each service started; a drop to zero is a restart.',
      unit: units.Seconds,
      min: 0,
      width: 16,
      queries: [{ expr: `time() - ${maxBy(BY_PLACE, series('process_start_time_seconds'))}`, legend: PLACE }],
    }),
    upDownPanel({
      title: 'Targets up',
      description: "Whether Prometheus's last scrape of each target succeeded.",
      unit: units.NoUnit,
      width: 24,
      queries: [{ expr: series('up'), legend: `${PLACE} · {{instance}}` }],
    }),
  ],
};

/**
 * The processes under the services (resources, their containers' limits, restarts, whether Prometheus reaches them) and the machine
 * under the processes (IO, disk, network, clock).
 */
export function infrastructureDashboard(): dashboard.Dashboard {
  return scaleDashboard({
    uid: 'scale-infrastructure',
    title: 'Scale / Infrastructure',
    description:
      'Process resources, container limits, restarts and scrape health of every Scale service, per group and zone; the IO, disks, network and clock under them.',
    sections: [processes, containers, availability, io, disk, network, clock],
  });
}
