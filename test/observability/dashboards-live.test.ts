import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  startExporters,
  startMonitoring,
  TCP_CONNECT_MODULE,
  type ProbeTargets,
  type RunningExporters,
  type RunningMonitoring,
  type ScrapeTarget,
} from '@scale/monitoring-stack';
import type { ObjectStore } from '@scale/storage';
import { dashboardQueries, type DashboardQuery } from '../../observability/grafana/src/queries';
import { PIPELINE_DASHBOARDS } from '../../observability/grafana/src/dashboards';
import { NODE_RECORDING_RULES, RECORDING_RULES } from '../../observability/grafana/src/metric-contract';
import { createBucket, seedSongs, storeAt } from '../support/bucket';
import { createTestContainers, type TestContainers } from '../support/containers';
import type { RunningProcess } from '../support/extractor';
import { startGroup, startLoad, type Load, type RunningGroup } from '../support/live-pipeline';
import { query } from '../support/monitoring';

/**
 * Grafana's `$__rate_interval` is at least four scrapes; with Prometheus scraping every second here,
 * 10 s leaves room for scrapes a busy machine delays.
 */
const RATE_INTERVAL = '10s';
/** How far back each range query looks, as a dashboard showing the last half minute would. */
const RANGE_SECONDS = 30;
/** How long the pipeline gets to put a point on every panel. */
const DATA_DEADLINE_MS = 60_000;

interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** A value Grafana can draw: NaN (0/0) and ±Inf leave a panel as empty as no series at all. */
const drawable = (value: string) => Number.isFinite(Number(value));

/** Whether the query, sent as the panel sends it, gives at least one point to draw; otherwise why not. */
async function panelData(prometheusUrl: string, panelQuery: DashboardQuery): Promise<string | undefined> {
  const end = Date.now() / 1000;
  const parameters = new URLSearchParams(
    panelQuery.instant
      ? { query: panelQuery.expr, time: String(end) }
      : { query: panelQuery.expr, start: String(end - RANGE_SECONDS), end: String(end), step: '1' },
  );
  const response = await fetch(`${prometheusUrl}/api/v1/${panelQuery.instant ? 'query' : 'query_range'}?${parameters}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  if (body.status !== 'success') return `Prometheus refused it: ${body.error ?? response.status}`;
  const result = body.data?.result ?? [];
  const points = panelQuery.instant
    ? (result as Array<{ value: [number, string] }>).map((sample) => sample.value[1])
    : (result as RangeSeries[]).flatMap((series) => series.values.map(([, value]) => value));
  if (points.some(drawable)) return undefined;
  return result.length === 0 ? 'no series' : `${result.length} series, none with a finite value`;
}

/**
 * Runs `problems` until it finds none or the time is up, and returns what it found last: a failing
 * test then names everything still wrong, not just the first thing.
 */
async function remainingProblems(problems: () => Promise<string[]>, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await problems();
    if (found.length === 0 || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function settledValue<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

/** A query as Grafana sends it for one choice of the variables, named for a failing test to print. */
interface PanelCheck {
  readonly name: string;
  readonly query: DashboardQuery;
}

/**
 * What Grafana sends for each group choice, zone and service left at All: `.*` for every variable,
 * except in the rows repeated per service, which it draws once per running service. The deviation
 * panels pin their groups, so the same query comes up for every choice: it is checked once.
 */
function panelChecks(services: readonly string[]): PanelCheck[] {
  const checks = new Map<string, PanelCheck>();
  for (const group of ['.*', 'control', 'experiment']) {
    const values = { group, zone: '.*', rateInterval: RATE_INTERVAL, range: '1m' };
    const choice = `group=${group === '.*' ? 'All' : group}, zone=All`;
    const queries = [
      ...dashboardQueries({ ...values, service: '.*' }, PIPELINE_DASHBOARDS)
        .filter((query) => !query.repeatedFor)
        .map((query) => ({ query, service: 'All' })),
      ...services.flatMap((service) =>
        dashboardQueries({ ...values, service }, PIPELINE_DASHBOARDS)
          .filter((query) => query.repeatedFor === 'service')
          .map((query) => ({ query, service: `${service} (its repeated row)` })),
      ),
    ];
    for (const { query, service } of queries) {
      const key = `${query.instant} ${query.expr}`;
      if (!checks.has(key)) {
        checks.set(key, {
          name: `${choice}, service=${service}: ${query.dashboard} › ${query.panel} › ${query.refId}`,
          query,
        });
      }
    }
  }
  return [...checks.values()];
}

/** The machine's exporters as the local cluster places them: they belong to neither group. */
const MACHINE = { group: 'cluster', zone: 'local' };

/** TCP connect probes of each group's database and API, as the local cluster has them. */
function pipelineProbes(
  exporters: RunningExporters,
  groups: readonly RunningGroup[],
  databaseUrl: string,
): ProbeTargets {
  const database = new URL(databaseUrl).host;
  return {
    exporter: { address: exporters.blackboxExporterAddress, labels: { service: 'blackbox-exporter', ...MACHINE } },
    module: TCP_CONNECT_MODULE,
    targets: groups.flatMap(({ group, apiUrl, targets }) => [
      { address: database, labels: { service: 'postgres', group, zone: 'local', instance: `postgres-${group}` } },
      {
        address: new URL(apiUrl).host,
        labels: { service: 'scale-api', group, zone: targets[0].labels.zone, instance: `api-${group}` },
      },
    ]),
  };
}

// Both groups of a small but complete pipeline, each an API and an extractor on a catalog database
// of its own, reading one bucket that keeps receiving songs; a real Prometheus scrapes them every
// second, with the node exporter and TCP probes of each group's database and API, while both APIs serve
// a steady trickle of users. Every dashboard panel must have something to draw.
describe('the dashboards against a live pipeline', () => {
  const processes: RunningProcess[] = [];
  let store: ObjectStore;
  let monitoring: RunningMonitoring | undefined;
  let exporters: RunningExporters | undefined;
  let probes: ProbeTargets;
  let groups: RunningGroup[];
  let targets: ScrapeTarget[];
  let load: Load | undefined;
  let containers: TestContainers | undefined;

  beforeAll(async () => {
    store = storeAt(inject('s3Endpoint'));
    const bucket = await createBucket(store);
    await seedSongs(store, bucket, 20, 31);
    // Each program in a container of its own, as the local cluster runs them: the container panels have data.
    containers = await createTestContainers(await mkdtemp(join(inject('scratchDir'), 'dashboards-live-containers-')), [
      'control-api',
      'control-extractor',
      'experiment-api',
      'experiment-extractor',
    ]);
    const shared = {
      adminDatabaseUrl: inject('adminDatabaseUrl'),
      s3Endpoint: inject('s3Endpoint'),
      bucket,
      containers,
    };
    // Everything starts together; each part is kept even when another fails, so afterAll stops it.
    const [monitoringStarted, exportersStarted, control, experiment] = await Promise.allSettled([
      startMonitoring({
        dataDir: await mkdtemp(join(inject('scratchDir'), 'dashboards-live-')),
        scrapeIntervalSeconds: 1,
        evaluationIntervalSeconds: 1,
      }),
      startExporters({ dataDir: await mkdtemp(join(inject('scratchDir'), 'dashboards-live-exporters-')) }),
      startGroup('control', 'a', shared, processes),
      startGroup('experiment', 'b', shared, processes),
    ]);
    if (monitoringStarted.status === 'fulfilled') monitoring = monitoringStarted.value;
    if (exportersStarted.status === 'fulfilled') exporters = exportersStarted.value;
    settledValue(monitoringStarted);
    settledValue(exportersStarted);
    groups = [control, experiment].map(settledValue);
    targets = [
      ...groups.flatMap((group) => group.targets),
      {
        address: exporters!.nodeExporterAddress,
        labels: { service: 'node-exporter', ...MACHINE, instance: exporters!.nodeExporterAddress },
      },
    ];
    probes = pipelineProbes(exporters!, groups, shared.adminDatabaseUrl);
    await monitoring!.setTargets(targets, probes);
    load = startLoad(
      groups.map((group) => group.apiUrl),
      store,
      bucket,
    );
  });

  afterAll(async () => {
    await load?.stop();
    for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(processes.map((program) => program.exited));
    await monitoring?.stop();
    await exporters?.stop();
    await containers?.remove();
    store?.destroy();
  });

  it('Prometheus scrapes every target: up == 1 for both services of both groups, the node exporter and every probe', async () => {
    const prometheus = monitoring!.prometheusUrl;
    const notUp = async () => {
      const up = new Set((await query(prometheus, 'up == 1')).map((sample) => sample.metric.instance));
      return targets.filter((target) => !up.has(target.address)).map((target) => target.address);
    };
    expect(await remainingProblems(notUp, 30_000)).toEqual([]);
    // A probe is a scrape of its own; on a busy machine its first ones may still be due.
    const probesDown = async () => {
      const probing = await query(prometheus, 'up{job="blackbox"} == 1');
      return probing.length === probes.targets.length
        ? []
        : [`${probing.length} of ${probes.targets.length} probes up`];
    };
    expect(await remainingProblems(probesDown, 30_000)).toEqual([]);

    const up = await query(prometheus, 'up');
    expect(up.map(({ metric, value }) => ({ ...metric, value: value[1] }))).toEqual(
      expect.arrayContaining(
        targets.map(({ address, labels }) => ({
          __name__: 'up',
          job: labels.service,
          instance: address,
          ...labels,
          value: '1',
        })),
      ),
    );
    // Each probe is a scrape of the blackbox exporter, whose up it is.
    expect(up.filter((sample) => sample.metric.job === 'blackbox' && sample.value[1] === '1')).toHaveLength(
      probes.targets.length,
    );
    expect(up).toHaveLength(targets.length + probes.targets.length);
  });

  it('every panel query of every dashboard returns data, for All and for each group', async () => {
    const prometheus = monitoring!.prometheusUrl;
    const checks = panelChecks(['scale-api', 'scale-extractor']);
    expect(new Set(checks.map(({ query }) => query.dashboard))).toEqual(
      new Set(['scale-steady-state', 'scale-infrastructure', 'scale-pipeline']),
    );

    const panelsWithoutData = async () => {
      const outcomes = await Promise.all(
        checks.map(async ({ name, query }) => ({ name, query, problem: await panelData(prometheus, query) })),
      );
      return outcomes
        .filter((outcome) => outcome.problem !== undefined)
        .map(({ name, query, problem }) => `${name}: ${problem}\n    ${query.expr}`);
    };
    const failures = await remainingProblems(panelsWithoutData, DATA_DEADLINE_MS);

    const statuses = [...(load?.statuses ?? [])].map(([status, count]) => `${count} × ${status}`).join(', ');
    expect(
      failures.length,
      `${failures.length} of ${checks.length} panel queries without data (the APIs answered ${statuses}):\n${failures.join('\n')}\n`,
    ).toBe(0);
  });

  it("every recording rule of the contract has a series for each group, and the machine's rules a series", async () => {
    const prometheus = monitoring!.prometheusUrl;
    const selectors = [
      ...RECORDING_RULES.flatMap((rule) => groups.map((group) => `${rule}{group="${group.group}"}`)),
      // The machine's rules describe both groups at once.
      ...NODE_RECORDING_RULES,
    ];
    const withoutSeries = async () => {
      const found = await Promise.all(
        selectors.map(async (selector) => ((await query(prometheus, selector)).length ? [] : [selector])),
      );
      return found.flat();
    };
    const missing = await remainingProblems(withoutSeries, 30_000);
    expect(missing.length, `recording rules without a series:\n${missing.join('\n')}\n`).toBe(0);
  });
});
