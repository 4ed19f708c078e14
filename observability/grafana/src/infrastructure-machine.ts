import * as units from '@grafana/grafana-foundation-sdk/units';
import { timeseriesPanel } from './panels';
import { maxBy, nodeSeries, rate, series, sumBy } from './promql';
import type { Section } from './scale-dashboard';

/** The filesystems that hold data, as the rules of observability/prometheus/rules/node.yml pick them. */
const REAL_FILESYSTEMS = ['fstype!~"tmpfs|ramfs|squashfs|overlay"', 'mountpoint!=""'];
/** Block devices that are disks, not loop devices or memory. */
const DISKS = 'device!~"loop.*|ram.*|zram.*"';
const BY_REPLICA = ['service', 'group', 'zone', 'instance'];
const REPLICA = '{{service}} · {{group}} · {{zone}} · {{instance}}';
const BY_DEVICE = ['instance', 'device'];
const DEVICE = '{{instance}} · {{device}}';
const PROBED = '{{service}} · {{group}} · {{zone}}';

export const io: Section = {
  title: 'IO',
  panels: [
    timeseriesPanel({
      title: 'Storage IO per replica',
      description:
        "Bytes each replica's process makes the kernel read from and write to storage (/proc/<pid>/io); page-cache hits are not there.",
      unit: units.BytesPerSecondIEC,
      min: 0,
      queries: [
        { expr: sumBy(BY_REPLICA, rate(series('process_io_read_bytes_total'))), legend: `${REPLICA} read` },
        { expr: sumBy(BY_REPLICA, rate(series('process_io_write_bytes_total'))), legend: `${REPLICA} write` },
      ],
    }),
    timeseriesPanel({
      title: 'Node disk throughput',
      description: 'Bytes read from and written to each disk of the machine, every process together.',
      unit: units.BytesPerSecondIEC,
      min: 0,
      queries: [
        { expr: sumBy(BY_DEVICE, rate(nodeSeries('node_disk_read_bytes_total', DISKS))), legend: `${DEVICE} read` },
        {
          expr: sumBy(BY_DEVICE, rate(nodeSeries('node_disk_written_bytes_total', DISKS))),
          legend: `${DEVICE} write`,
        },
      ],
    }),
    timeseriesPanel({
      title: 'Node disk busy',
      description: 'Share of wall time each disk had IO in flight; near 100% it queues every read and write.',
      unit: units.PercentUnit,
      min: 0,
      queries: [{ expr: sumBy(BY_DEVICE, rate(nodeSeries('node_disk_io_time_seconds_total', DISKS))), legend: DEVICE }],
    }),
  ],
};

export const disk: Section = {
  title: 'Disk',
  panels: [
    timeseriesPanel({
      title: 'Filesystem use',
      description: 'Share of each filesystem in use, as the disk-filling alerts read it.',
      unit: units.PercentUnit,
      min: 0,
      queries: [
        { expr: nodeSeries('instance_mountpoint:node_filesystem_used:ratio'), legend: '{{instance}} · {{mountpoint}}' },
      ],
    }),
    timeseriesPanel({
      title: 'Filesystem fill rate',
      description:
        'How fast free space shrinks (below zero: it grows), over the last 15 minutes; divided into the free space, it says when the disk is full.',
      unit: units.BytesPerSecondIEC,
      queries: [
        {
          expr: `-deriv(${nodeSeries('node_filesystem_avail_bytes', ...REAL_FILESYSTEMS)}[15m])`,
          legend: '{{instance}} · {{mountpoint}}',
        },
      ],
    }),
    timeseriesPanel({
      title: 'File descriptors',
      description:
        'File handles open on the whole machine against its limit; at the limit nothing opens a file or socket.',
      unit: units.PercentUnit,
      min: 0,
      queries: [
        {
          expr: `${nodeSeries('node_filefd_allocated')} / ${nodeSeries('node_filefd_maximum')}`,
          legend: '{{instance}}',
        },
      ],
    }),
  ],
};

export const network: Section = {
  title: 'Network',
  panels: [
    timeseriesPanel({
      title: 'Probe connect time',
      description:
        "Time the blackbox exporter's TCP connect probes take to each group's Postgres and API replicas: the network's latency to them.",
      unit: units.Seconds,
      min: 0,
      queries: [{ expr: maxBy(BY_REPLICA, series('probe_duration_seconds')), legend: REPLICA }],
    }),
    timeseriesPanel({
      title: 'Probe failure ratio',
      description:
        'Share of the TCP connect probes that failed: the network loss between the services and what they call.',
      unit: units.PercentUnit,
      min: 0,
      queries: [
        {
          expr: `1 - avg by (service, group, zone) (avg_over_time(${series('probe_success')}[$__rate_interval]))`,
          legend: PROBED,
        },
      ],
    }),
    timeseriesPanel({
      title: 'Interface errors and drops',
      description: 'Packets each network interface failed to receive or send (errors), or dropped for want of room.',
      unit: units.PacketsPerSecond,
      min: 0,
      queries: [
        ['receive_errs', 'receive errors'],
        ['transmit_errs', 'transmit errors'],
        ['receive_drop', 'receive drops'],
        ['transmit_drop', 'transmit drops'],
      ].map(([counter, what]) => ({
        expr: sumBy(BY_DEVICE, rate(nodeSeries(`node_network_${counter}_total`))),
        legend: `${DEVICE} ${what}`,
      })),
    }),
  ],
};

export const clock: Section = {
  title: 'Clock',
  panels: [
    timeseriesPanel({
      title: 'Clock offset',
      description:
        "How far the machine's clock is from its time sources, as the kernel's time discipline estimates it.",
      unit: units.Seconds,
      queries: [{ expr: nodeSeries('node_timex_offset_seconds'), legend: '{{instance}}' }],
    }),
    timeseriesPanel({
      title: 'Clock synchronised',
      description: 'Whether a time daemon disciplines the clock: 1 synchronised, 0 not.',
      unit: units.Short,
      min: 0,
      queries: [{ expr: nodeSeries('node_timex_sync_status'), legend: '{{instance}}' }],
    }),
    timeseriesPanel({
      title: 'Clock error bound',
      description: "The kernel's bound on the clock's error; it grows while the clock is unsynchronised, up to 16 s.",
      unit: units.Seconds,
      min: 0,
      queries: [{ expr: nodeSeries('node_timex_maxerror_seconds'), legend: '{{instance}}' }],
    }),
  ],
};
