import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Environment, loadEnvironment } from '@scale/config';
import { MonitoringError, startMonitoring, type RunningMonitoring } from '@scale/monitoring-stack';
import { createLogger, Logger } from '@scale/telemetry';
import { ObjectStore } from '@scale/storage';
import { extractOnce, prepareInfrastructure } from '../../extractor/src/extraction-run';
import { createApiApp } from '../../api/src/api-app';
import { formatReport } from '../../extractor/src/summary-report';
import { generatedFiles, putObjects } from './corpus/corpus.command';
import { parseCommandLine, positiveInteger } from './options';
import { EXIT_INVALID, EXIT_OK } from './usage';

export const PIPELINE_USAGE = `Usage:
  scale pipeline [--count N] [--no-serve]
      The pipeline alone on embedded defaults: put N generated songs (default 1000) into the bucket,
      extract them into the catalog, print what the catalog holds, then serve the similar-songs
      page and API on API_PORT (default 3000), scraped by a local Prometheus that routes its
      alerts to a local Alertmanager, until interrupted. Running it again extracts nothing new:
      every object version is already in the catalog.
      --no-serve      stop after the summary
`;

export async function pipelineCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandLine(args, { count: { type: 'string' }, 'no-serve': { type: 'boolean' } });
  const count = positiveInteger('count', values.count, 1000);
  const environment = loadEnvironment();
  const logger = createLogger('scale-pipeline', environment.LOG_LEVEL);
  const infrastructure = await prepareInfrastructure(environment, logger);
  try {
    const store = new ObjectStore(infrastructure.s3);
    const put = await putObjects(store, environment.S3_BUCKET, generatedFiles(count, 1)).finally(() => store.destroy());
    out.write(
      `Seeded s3://${environment.S3_BUCKET}/demo/ with ${put.objects} generated songs (${(put.bytes / 1e6).toFixed(1)} MB)\n`,
    );
    const report = await extractOnce(environment, infrastructure, logger);
    out.write(formatReport(report));
    if (!values['no-serve']) await serveUntilInterrupted(environment, infrastructure.databaseUrl, logger, out);
    return report.catalog.pendingJobs === 0 ? EXIT_OK : EXIT_INVALID;
  } finally {
    await infrastructure.stop();
  }
}

async function serveUntilInterrupted(
  environment: Environment,
  databaseUrl: string,
  logger: Logger,
  out: NodeJS.WritableStream,
): Promise<void> {
  const app = await createApiApp({ environment, databaseUrl, logger });
  await app.listen(environment.API_PORT, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const monitoring = await startPipelineMonitoring(environment, port, out);
  out.write(`\nSimilar songs: http://127.0.0.1:${port}/\nAPI explorer:  http://127.0.0.1:${port}/api/docs\n`);
  if (monitoring) {
    out.write(`Prometheus:    ${monitoring.prometheusUrl}/targets\nAlertmanager:  ${monitoring.alertmanagerUrl}\n`);
  }
  out.write('(Ctrl-C stops)\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await monitoring?.stop();
  await app.close();
}

/** Prometheus scraping the API, and Alertmanager; the page works without them. */
async function startPipelineMonitoring(
  environment: Environment,
  apiPort: number,
  out: NodeJS.WritableStream,
): Promise<RunningMonitoring | undefined> {
  try {
    const monitoring = await startMonitoring({
      dataDir: join(environment.SCALE_DATA_DIR, 'monitoring'),
      scrapeIntervalSeconds: environment.PROMETHEUS_SCRAPE_INTERVAL_SECONDS,
      evaluationIntervalSeconds: environment.PROMETHEUS_EVALUATION_INTERVAL_SECONDS,
      alertmanager: {
        oncallWebhookUrl: environment.ALERTMANAGER_ONCALL_WEBHOOK_URL,
        ledgerWebhookUrl: environment.ALERTMANAGER_LEDGER_WEBHOOK_URL,
        ledgerWebhookToken: environment.ALERTMANAGER_LEDGER_WEBHOOK_TOKEN,
      },
    });
    await monitoring.setTargets([
      {
        address: `127.0.0.1:${apiPort}`,
        labels: { service: 'scale-api', group: environment.SCALE_GROUP, zone: environment.SCALE_ZONE },
      },
    ]);
    return monitoring;
  } catch (error) {
    if (!(error instanceof MonitoringError)) throw error;
    out.write(`\nPrometheus and Alertmanager are not running: ${error.message}\n`);
    return undefined;
  }
}
