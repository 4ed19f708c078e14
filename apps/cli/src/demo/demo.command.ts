import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parseExperimentDocument } from '@scale/chaos';
import { loadEnvironment } from '@scale/config';
import { findFreePort } from '@scale/embedded-servers';
import { createLogger, type Logger } from '@scale/telemetry';
import { ObjectStore } from '@scale/storage';
import { startLocalCluster } from '../../../local-cluster/src/local-cluster';
import type { RunningLocalCluster } from '../../../local-cluster/src/cluster-options';
import { PrometheusClient } from '../../../chaos-runner/src/probes/prometheus-client';
import { prepareInfrastructure } from '../../../extractor/src/extraction-run';
import { generatedFiles, putObjects } from '../corpus/corpus.command';
import { parseCommandLine, positiveInteger, positiveSeconds } from '../options';
import { EXIT_INVALID, EXIT_OK } from '../usage';
import { groupFigures } from './group-figures';
import { detectionLines, resultsTable, type SuiteResult } from './results-table';
import { watchExperiment } from './experiment-watch';
import { RunnerClient } from './runner-client';
import { ProgressLine } from '../progress/progress-line';
import { startRunnerProcess, type RunnerProcess } from './runner-process';
import { loadSuite } from './suite';
import { warmUpTraffic } from './traffic-warm-up';

export const DEMO_USAGE = `Usage:
  scale demo [--count N] [--interval S] [--no-serve]
      The main job on embedded defaults: start both groups of the pipeline (control and
      experiment, an API and an extractor in zones a and b each) with Prometheus, Alertmanager
      and constant traffic, start the chaos runner, run the default suite one experiment after
      another (CPU hog, container kill, pod kill, zone outage), and print for each the
      hypothesis, MTTD beside its floor and its largest part, MTTR, 5xx and p99 in control vs
      experiment, and data integrity, then each detection part by part. Then keep everything
      running and print the URLs until interrupted.
      --count N       songs put into the bucket before the start (default 300)
      --interval S    Prometheus scrape and rule evaluation interval (default 2)
      --no-serve      stop everything after the table
`;

const ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const SUITE = join(ROOT, 'apps', 'chaos-runner', 'suites', 'default');
/** The traffic both groups get: enough for latency and error ratios to mean something, light on two cores. */
const TRAFFIC = { requestsPerSecondPerGroup: 10, objectsPerSecond: 1 };

export async function demoCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandLine(args, {
    count: { type: 'string' },
    interval: { type: 'string' },
    'no-serve': { type: 'boolean' },
  });
  const count = positiveInteger('count', values.count, 300);
  const interval = positiveSeconds('interval', values.interval, 2);
  const environment = loadEnvironment();
  const logger = createLogger('scale-demo', environment.LOG_LEVEL);
  const stops: Array<() => Promise<void>> = [];
  try {
    const infrastructure = await prepareInfrastructure(environment, logger);
    stops.push(() => infrastructure.stop());
    const { endpoint } = infrastructure.s3;
    // The replicas are local processes; they reach the store by its endpoint.
    if (!endpoint) {
      throw new Error('the demo needs an S3 endpoint: leave S3_ENDPOINT unset for the local S3 server, or set it');
    }
    const store = new ObjectStore(infrastructure.s3);
    const put = await putObjects(store, environment.S3_BUCKET, generatedFiles(count, 1)).finally(() => store.destroy());
    out.write(`Seeded s3://${environment.S3_BUCKET}/demo/ with ${put.objects} generated songs\n`);

    const token = randomBytes(18).toString('base64url');
    // Alertmanager's own credential for the ledger: no trigger token opens the webhook, and it opens nothing else.
    const webhookToken = randomBytes(18).toString('base64url');
    const runnerPort = await findFreePort();
    out.write(`Starting both groups (8 replicas), Prometheus, Alertmanager and traffic...\n`);
    const cluster = await startLocalCluster({
      dataDir: join(environment.SCALE_DATA_DIR, 'local-cluster'),
      databaseUrl: infrastructure.databaseUrl,
      s3: { ...infrastructure.s3, endpoint },
      bucket: environment.S3_BUCKET,
      scrapeIntervalSeconds: interval,
      evaluationIntervalSeconds: interval,
      alertmanager: {
        // Nothing to batch on a local stack: a new group of alerts is notified at once, an alert joining a
        // group already notified within a second, so Alertmanager adds no seconds to a detection.
        groupWaitSeconds: 0,
        groupIntervalSeconds: 1,
        ledgerWebhookUrl: `http://127.0.0.1:${runnerPort}/alertmanager/webhook`,
        ledgerWebhookToken: webhookToken,
        oncallWebhookUrl: environment.ALERTMANAGER_ONCALL_WEBHOOK_URL,
      },
      scrapeTargets: [
        {
          address: `127.0.0.1:${runnerPort}`,
          labels: { service: 'scale-chaos-runner', group: 'none', zone: 'local', instance: 'chaos-runner' },
        },
      ],
      traffic: TRAFFIC,
      logger,
    });
    stops.push(() => cluster.stop());
    // The cluster starts its traffic as the last step of its start.
    const trafficStartedAt = Date.now();
    const runner = await startRunner(
      cluster,
      infrastructure.databaseUrl,
      runnerPort,
      { token, webhookToken },
      interval,
    );
    stops.push(() => runner.stop());

    const prometheus = new PrometheusClient(cluster.info.prometheusUrl);
    const documents = (await loadSuite(SUITE)).map(({ document }) => parseExperimentDocument(document));
    await warmUpTraffic(prometheus, documents, trafficStartedAt, interval, out);
    const results = await runSuite(new RunnerClient(runner.url, token), prometheus, out, logger);
    out.write(`\n${resultsTable(results)}${detectionLines(results)}`);
    printUrls(out, cluster, runner, token, results);
    if (!values['no-serve']) await interrupted(out);
    return results.every(({ detail }) => detail.status === 'completed') ? EXIT_OK : EXIT_INVALID;
  } finally {
    for (const stop of stops.reverse()) {
      await stop().catch((error: unknown) => logger.warn({ err: error }, 'stopping the demo'));
    }
  }
}

/** The runner on a database of its own beside the groups', driving the local cluster. */
async function startRunner(
  cluster: RunningLocalCluster,
  adminUrl: string,
  port: number,
  tokens: { token: string; webhookToken: string },
  interval: number,
): Promise<RunnerProcess> {
  const databaseUrl = await ensureDatabase(adminUrl, 'scale_runner');
  return startRunnerProcess({
    distDir: join(ROOT, 'dist'),
    port,
    env: {
      DATABASE_URL: databaseUrl,
      LOCAL_CLUSTER_URL: cluster.controlUrl,
      PROMETHEUS_URL: cluster.info.prometheusUrl,
      PROMETHEUS_SCRAPE_INTERVAL_SECONDS: String(interval),
      PROMETHEUS_EVALUATION_INTERVAL_SECONDS: String(interval),
      PROBE_INTERVAL_SECONDS: String(Math.max(1, interval)),
      RUNNER_TOKENS: `demo:${tokens.token}`,
      RUNNER_WEBHOOK_TOKEN: tokens.webhookToken,
      LOG_LEVEL: 'warn',
    },
  });
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function runSuite(
  runner: RunnerClient,
  prometheus: PrometheusClient,
  out: NodeJS.WritableStream,
  logger: Logger,
): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  const line = new ProgressLine(out);
  for (const { file, document } of await loadSuite(SUITE)) {
    out.write(`\n${file}: ${String(document.title)}\n`);
    const started = await runner.start(document);
    const detail = await watchExperiment(runner, started.id, prometheus, line, 15 * 60_000);
    out.write(
      `  ${detail.status}${detail.verdict ? `, hypothesis ${detail.verdict.hypothesis}` : ''}${detail.abortReason ? ` (${detail.abortReason})` : ''}\n`,
    );
    const from = new Date(detail.injectedAt ?? detail.startedAt ?? detail.createdAt);
    const to = new Date(detail.endedAt ?? Date.now());
    const [control, experiment] = await Promise.all([
      groupFigures(prometheus, 'control', from, to),
      groupFigures(prometheus, 'experiment', from, to),
    ]).catch((error: unknown) => {
      logger.warn({ err: error }, 'reading the groups’ figures from Prometheus');
      const none = { errors: null, p99Seconds: null };
      return [none, none];
    });
    results.push({ detail, control, experiment });
  }
  return results;
}

function printUrls(
  out: NodeJS.WritableStream,
  cluster: RunningLocalCluster,
  runner: RunnerProcess,
  token: string,
  results: readonly SuiteResult[],
): void {
  const api = cluster.replicas().find((replica) => replica.service === 'scale-api' && replica.group === 'control');
  out.write('\n');
  if (api) {
    out.write(
      `Similar songs (control, zone ${api.zone}): http://${api.address}/\nAPI explorer:  http://${api.address}/api/docs\n`,
    );
  }
  out.write(`Chaos runner:  ${runner.url}/  (token: ${token}; its API at ${runner.url}/api/docs)\n`);
  for (const { detail } of results) {
    out.write(`Report:        ${runner.url}/experiments/${detail.id}/report  (${detail.faultKind})\n`);
  }
  out.write(
    `Prometheus:    ${cluster.info.prometheusUrl}/alerts\nAlertmanager:  ${cluster.info.alertmanagerUrl}\nCluster:       ${cluster.controlUrl}/replicas\n`,
  );
}

async function interrupted(out: NodeJS.WritableStream): Promise<void> {
  out.write('(Ctrl-C stops everything)\n');
  await new Promise<void>((resolveWait) => {
    process.once('SIGINT', resolveWait);
    process.once('SIGTERM', resolveWait);
  });
}
