import type { AddressInfo } from 'node:net';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createLogger, createMetricsRegistry, LoggerModule, MetricsModule } from '@scale/telemetry';
import { AuthModule } from '../../apps/chaos-runner/src/auth/auth.module';
import { AUTH_ENTITIES, AUTH_MIGRATIONS } from '../../apps/chaos-runner/src/auth/persistence';
import {
  LEDGER_ENTITIES,
  LEDGER_MIGRATIONS,
  LedgerModule,
  type ExplanationWindow,
} from '../../apps/chaos-runner/src/ledger';

/** A read-only token of the test app's guard. */
export const READER_TOKEN = 'ledger-reader-0123456789abcdef';
/** Alertmanager's token for the webhook (RUNNER_WEBHOOK_TOKEN). */
export const WEBHOOK_TOKEN = 'alertmanager-webhook-fedcba9876543210';

export interface RunningLedger {
  readonly app: NestExpressApplication;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly dataSource: DataSource;
  /** What the explanation windows' provider answers from; push to it to explain alerts. */
  readonly windows: ExplanationWindow[];
  /** Posts as Alertmanager does, with the webhook token unless `token` says otherwise (null: none). */
  postWebhook(body: unknown, token?: string | null): Promise<{ status: number; body: Record<string, unknown> }>;
  get<T = unknown>(path: string, token?: string | null): Promise<{ status: number; body: T }>;
  /** /metrics in the classic text format. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

@Module({})
class LedgerTestAppModule {}

/**
 * The ledger as the runner wires it, in this process, on a free port: TypeORM on `databaseUrl` with
 * the ledger's migrations run, a metrics registry served at /metrics, the bearer-token guard of the
 * reading routes, and explanation windows the test controls.
 */
export async function startLedgerApp(
  databaseUrl: string,
  options: { noiseSeconds?: number } = {},
): Promise<RunningLedger> {
  const windows: ExplanationWindow[] = [];
  const registry = createMetricsRegistry({
    service: 'scale-chaos-runner',
    group: 'control',
    zone: 'local',
    version: 'test',
  });
  const auth = AuthModule.forRoot({ tokens: [{ name: 'reader', token: READER_TOKEN, access: 'read-only' }] });
  const app = await NestFactory.create<NestExpressApplication>(
    {
      module: LedgerTestAppModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          entities: [...LEDGER_ENTITIES, ...AUTH_ENTITIES],
          migrations: [...LEDGER_MIGRATIONS, ...AUTH_MIGRATIONS],
          migrationsRun: true,
          synchronize: false,
          logging: false,
          retryAttempts: 0,
        }),
        MetricsModule.forRoot(registry),
        LoggerModule.forRoot(createLogger('scale-chaos-runner-test', 'silent')),
        LedgerModule.forRoot({
          noiseSeconds: options.noiseSeconds,
          webhookToken: WEBHOOK_TOKEN,
          imports: [auth],
          explanationWindows: {
            useValue: {
              windows: async (from: Date, to: Date) =>
                windows.filter((window) => window.from <= to && window.to >= from),
            },
          },
        }),
      ],
    },
    // A start-up failure is the test's to report, not a reason to abort the test process.
    { logger: false, abortOnError: false },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    dataSource: app.get(DataSource),
    windows,
    async postWebhook(body, token: string | null = WEBHOOK_TOKEN) {
      const response = await fetch(`${url}/alertmanager/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token !== null && { authorization: `Bearer ${token}` }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async get<T>(path: string, token: string | null = READER_TOKEN) {
      const response = await fetch(`${url}${path}`, {
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    async metrics() {
      return (await fetch(`${url}/metrics`)).text();
    },
    close: () => app.close(),
  };
}

export interface TestAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  startsAt: Date;
  /** Only for resolved alerts; firing ones carry Go's zero time, as Alertmanager sends them. */
  endsAt?: Date;
  fingerprint: string;
}

/** An Alertmanager webhook notification (version 4) as Alertmanager 0.25 posts it. */
export function notification(alerts: readonly TestAlert[]): Record<string, unknown> {
  const first = alerts[0]?.labels ?? {};
  const groupLabels = { alertname: first.alertname, group: first.group, service: first.service };
  return {
    receiver: 'alert-ledger',
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    alerts: alerts.map((alert) => ({
      status: alert.status,
      labels: alert.labels,
      annotations: {
        summary: `${alert.labels.alertname} of ${alert.labels.service}`,
        runbook_url: 'https://example.invalid/runbook',
      },
      startsAt: alert.startsAt.toISOString(),
      endsAt: alert.status === 'resolved' ? alert.endsAt!.toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=up+%3D%3D+0',
      fingerprint: alert.fingerprint,
    })),
    groupLabels,
    commonLabels: first,
    commonAnnotations: {},
    externalURL: 'http://127.0.0.1:9093',
    version: '4',
    groupKey: `{}/{}:{alertname="${first.alertname}", group="${first.group}", service="${first.service}"}`,
    truncatedAlerts: 0,
  };
}

/** The labels Scale's rules give an alert (observability/README.md). */
export function alertLabels(
  alertname: string,
  more: { service?: string; group?: string; zone?: string; severity?: string } = {},
): Record<string, string> {
  const severity = more.severity ?? 'high';
  const sev = { critical: 'SEV1', high: 'SEV2', warning: 'SEV3', info: 'SEV4' }[severity] ?? 'SEV4';
  return {
    alertname,
    service: more.service ?? 'scale-api',
    group: more.group ?? 'experiment',
    zone: more.zone ?? 'a',
    instance: '127.0.0.1:4001',
    job: more.service ?? 'scale-api',
    severity,
    sev,
  };
}
