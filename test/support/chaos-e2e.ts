import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { OPERATOR_TOKEN, untilExperiment, VIEWER_TOKEN, WEBHOOK_TOKEN } from './chaos-runner';
import { eventually, runCli, type RunningProcess } from './extractor';
import { seriesValue } from './prometheus-text';

const ROOT = resolve(__dirname, '..', '..');
const RUNNER_DIST = resolve(ROOT, 'dist', 'apps', 'chaos-runner', 'src');
export const DEFAULT_SUITE_DIR = resolve(ROOT, 'apps', 'chaos-runner', 'suites', 'default');

export const TERMINAL_STATUSES = ['completed', 'aborted', 'failed', 'refused'];

export interface RunnerAnswer<T> {
  status: number;
  body: T;
}

export interface RunnerProcess {
  readonly url: string;
  readonly process: RunningProcess;
  /** A request with the operator's token, `token` when given, none when `token` is null. */
  call<T = unknown>(method: string, path: string, body?: unknown, token?: string | null): Promise<RunnerAnswer<T>>;
  /** Polls the experiment until `done` holds for it; the failure says where it is stuck. */
  until(
    id: string,
    what: string,
    done: (detail: ExperimentDetail) => boolean,
    timeoutMs: number,
  ): Promise<ExperimentDetail>;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** What it printed, for a failing test to show. */
  output(): string;
}

export interface RunnerProcessOptions {
  databaseUrl: string;
  port: number;
  clusterUrl: string;
  env?: Record<string, string>;
}

/**
 * The chaos runner as deployed: the compiled program with its instrumentation entry loaded by
 * `--import`, its own database, the local driver pointed at the cluster's control API. Settings are
 * the short ones of CI: probes every second, and no minute-long waits for alerts whose rules keep
 * them firing long after the fault (ProcessRestarts looks back 5 minutes).
 */
export async function startRunnerProcess(options: RunnerProcessOptions): Promise<RunnerProcess> {
  const child = runCli(
    [],
    {
      DATABASE_URL: options.databaseUrl,
      CHAOS_RUNNER_PORT: String(options.port),
      LOCAL_CLUSTER_URL: options.clusterUrl,
      RUNNER_TOKENS: `operator:${OPERATOR_TOKEN}`,
      RUNNER_READONLY_TOKENS: `viewer:${VIEWER_TOKEN}`,
      RUNNER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      LOG_LEVEL: 'warn',
      PROMETHEUS_SCRAPE_INTERVAL_SECONDS: '1',
      PROBE_INTERVAL_SECONDS: '1',
      FAULT_VERIFY_TIMEOUT_SECONDS: '20',
      RECOVERY_TIMEOUT_SECONDS: '60',
      ALERT_RESOLUTION_TIMEOUT_SECONDS: '5',
      INTEGRITY_TIMEOUT_SECONDS: '40',
      ...options.env,
    },
    resolve(RUNNER_DIST, 'main.js'),
    ['--import', resolve(RUNNER_DIST, 'instrument.js')],
  );
  const url = `http://127.0.0.1:${options.port}`;
  const output = () => `${child.stdout()}${child.stderr()}`;
  await eventually(
    'the runner to be ready',
    async () => {
      if (child.child.exitCode !== null) {
        throw new Error(`the runner exited with code ${child.child.exitCode}: ${output()}`);
      }
      return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
    },
    60_000,
    100,
  ).catch((error: Error) => {
    // A runner that never got ready is not left behind to hold the port.
    child.child.kill('SIGKILL');
    throw new Error(`${error.message}; its output: ${output()}`);
  });

  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    token: string | null = OPERATOR_TOKEN,
  ): Promise<RunnerAnswer<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const until = (id: string, what: string, done: (detail: ExperimentDetail) => boolean, timeoutMs: number) =>
    untilExperiment(call, id, what, done, timeoutMs, 500);

  return {
    url,
    process: child,
    call,
    until,
    async kill(signal) {
      if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill(signal);
      return child.exited;
    },
    output,
  };
}

export interface SuiteExperiment {
  /** The file name, e.g. `01-cpu-hog.json`. */
  file: string;
  document: Record<string, unknown> & {
    fault: { kind: string; target: Record<string, unknown> };
    durationSeconds: number;
    expectedAlerts?: Array<{ alertname: string; withinSeconds: number }>;
  };
}

/** The default suite's documents as the demo runs them, in their order. */
export async function loadDefaultSuite(): Promise<SuiteExperiment[]> {
  const files = (await readdir(DEFAULT_SUITE_DIR)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      file,
      document: JSON.parse(await readFile(resolve(DEFAULT_SUITE_DIR, file), 'utf8')) as SuiteExperiment['document'],
    })),
  );
}

export interface GroupTraffic {
  ok: number;
  /** Every other outcome: 4xx, 5xx, and no answer within the timeout. */
  failed: number;
  http4xx: number;
  http5xx: number;
  /** No answer within the generator's timeout (5 s). */
  unanswered: number;
}

const OUTCOMES = ['ok', 'http_4xx', 'http_5xx', 'error'] as const;
const KINDS = ['search', 'song', 'similar'] as const;

/** The traffic generator's counters for a group, read from the cluster's own /metrics (no scrape delay). */
export async function groupTraffic(clusterUrl: string, group: 'control' | 'experiment'): Promise<GroupTraffic> {
  const text = await (await fetch(`${clusterUrl}/metrics`)).text();
  const total = (outcome: string) =>
    KINDS.reduce(
      (sum, kind) =>
        sum + (seriesValue(text, 'scale_traffic_requests_total', { target_group: group, kind, outcome }) ?? 0),
      0,
    );
  return {
    ok: total('ok'),
    failed: OUTCOMES.filter((outcome) => outcome !== 'ok').reduce((sum, outcome) => sum + total(outcome), 0),
    http4xx: total('http_4xx'),
    http5xx: total('http_5xx'),
    unanswered: total('error'),
  };
}
