import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { loadEnvironment } from '@scale/config';
import { createLogger } from '@scale/telemetry';
import { loadAuthSettings } from '../../apps/chaos-runner/src/auth/auth-settings';
import type { ClusterDriver } from '../../apps/chaos-runner/src/drivers/driver';
import type { ExperimentDetail } from '../../apps/chaos-runner/src/experiments/experiment-views';
import { createRunnerApp } from '../../apps/chaos-runner/src/runner-app';
import { loadRunnerSettings } from '../../apps/chaos-runner/src/settings/runner-settings';
import { eventually } from './extractor';

export const OPERATOR_TOKEN = 'operator-token-0123456789';
export const VIEWER_TOKEN = 'viewer-token-0123456789';
/** Alertmanager's token for the runner's alert webhook (RUNNER_WEBHOOK_TOKEN). */
export const WEBHOOK_TOKEN = 'alertmanager-token-0123456789';

export interface TestRunner {
  readonly url: string;
  readonly app: NestExpressApplication;
  /** A request with the operator's token (or `token`), its JSON answer parsed. */
  call<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }>;
  /** Polls the experiment until `done` holds for it. */
  until(
    id: string,
    what: string,
    done: (detail: ExperimentDetail) => boolean,
    timeoutMs?: number,
  ): Promise<ExperimentDetail>;
  close(): Promise<void>;
}

/**
 * The runner app in this process, on its own database, driving `driver`, with short intervals:
 * probes every second, a fault must show within 10 s, recovery within 30 s.
 */
export async function startTestRunner(options: {
  databaseUrl: string;
  driver: ClusterDriver;
  port?: number;
  env?: Record<string, string>;
}): Promise<TestRunner> {
  const env = {
    LOG_LEVEL: 'warn',
    PROMETHEUS_SCRAPE_INTERVAL_SECONDS: '1',
    PROBE_INTERVAL_SECONDS: '1',
    FAULT_VERIFY_TIMEOUT_SECONDS: '10',
    RECOVERY_TIMEOUT_SECONDS: '30',
    ALERT_RESOLUTION_TIMEOUT_SECONDS: '2',
    INTEGRITY_TIMEOUT_SECONDS: '10',
    RUNNER_TOKENS: `operator:${OPERATOR_TOKEN}`,
    RUNNER_READONLY_TOKENS: `viewer:${VIEWER_TOKEN}`,
    RUNNER_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    ...options.env,
  };
  const environment = loadEnvironment(env);
  const app = await createRunnerApp({
    environment,
    settings: loadRunnerSettings(env),
    auth: loadAuthSettings(env),
    databaseUrl: options.databaseUrl,
    logger: createLogger('scale-chaos-runner', environment.LOG_LEVEL),
    driver: options.driver,
  });
  await app.listen(options.port ?? 0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

  const call = async <T>(method: string, path: string, body?: unknown, token = OPERATOR_TOKEN) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const until = (id: string, what: string, done: (detail: ExperimentDetail) => boolean, timeoutMs = 60_000) =>
    untilExperiment(call, id, what, done, timeoutMs, 200);

  return { url, app, call, until, close: () => app.close() };
}

/** An experiment document for the process cluster: one probe that holds while every target is scraped. */
export function experimentDocument(
  fault: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    title: `${String(fault.kind)} test`,
    fault,
    durationSeconds: 3,
    steadyState: {
      probes: [
        {
          name: 'targets scraped',
          query: 'count(up{group="$group"})',
          tolerance: { type: 'relative', maxRatio: 1, minRatio: 1 },
        },
      ],
    },
    ...extra,
  };
}

/** Polls an experiment until `done` holds; on timeout, says where it stands and what its journal shows. */
export async function untilExperiment(
  call: <T>(method: string, path: string) => Promise<{ status: number; body: T }>,
  id: string,
  what: string,
  done: (detail: ExperimentDetail) => boolean,
  timeoutMs: number,
  intervalMs: number,
): Promise<ExperimentDetail> {
  let last: ExperimentDetail | undefined;
  await eventually(
    `experiment ${id} to be ${what}`,
    async () => {
      last = (await call<ExperimentDetail>('GET', `/experiments/${id}`)).body;
      return done(last);
    },
    timeoutMs,
    intervalMs,
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}; it is ${last?.status} (${last?.abortReason ?? 'no reason'}), journal: ${last?.journal.map((entry) => entry.step).join(' → ')}`,
    );
  });
  return last as ExperimentDetail;
}
