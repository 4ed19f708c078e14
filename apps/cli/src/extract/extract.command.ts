import { loadEnvironment } from '@scale/config';
import { createLogger } from '@scale/telemetry';
import { extractOnce, prepareInfrastructure, serve } from '../../../extractor/src/extraction-run';
import { formatReport } from '../../../extractor/src/summary-report';
import { parseCommandLine, positiveInteger } from '../options';
import { writeLine } from '../output';
import { EXIT_INVALID, EXIT_OK } from '../usage';

export const EXTRACT_USAGE = `Usage:
  scale extract [--serve] [--json] [--bucket B] [--prefix P] [--workers N]
      Extract the instruments of every new or changed MIDI object of the bucket into the catalog.
      Without --serve: list the bucket, drain the queue, print a summary, exit (1 if jobs remain).
      --serve         keep running: discover new objects every DISCOVERY_INTERVAL_SECONDS and
                      serve /healthz and /readyz on EXTRACTOR_PORT
      --json          print the summary as one JSON line
      --bucket, --prefix, --workers   override S3_BUCKET, S3_PREFIX, EXTRACTOR_CONCURRENCY
      Without DATABASE_URL or S3_ENDPOINT, embedded servers under SCALE_DATA_DIR are used.
`;

export async function extractCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandLine(args, {
    serve: { type: 'boolean' },
    json: { type: 'boolean' },
    bucket: { type: 'string' },
    prefix: { type: 'string' },
    workers: { type: 'string' },
  });
  const environment = loadEnvironment({
    ...process.env,
    ...(values.bucket !== undefined && { S3_BUCKET: values.bucket }),
    ...(values.prefix !== undefined && { S3_PREFIX: values.prefix }),
    ...(values.workers !== undefined && {
      EXTRACTOR_CONCURRENCY: String(positiveInteger('workers', values.workers, 1)),
    }),
  });
  const logger = createLogger('scale-extractor', environment.LOG_LEVEL);
  const infrastructure = await prepareInfrastructure(environment, logger);
  if (values.serve) {
    try {
      const app = await serve(environment, infrastructure, logger);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      await app.close();
      // A worker that failed for good set a failing status before it asked for the shutdown.
      return Number(process.exitCode ?? EXIT_OK);
    } finally {
      await infrastructure.stop();
    }
  }
  try {
    const report = await extractOnce(environment, infrastructure, logger);
    if (values.json) {
      await writeLine(out, JSON.stringify({ ...report, run: { ...report.run, processed: report.run.processed } }));
    } else {
      out.write(formatReport(report));
    }
    return report.catalog.pendingJobs === 0 ? EXIT_OK : EXIT_INVALID;
  } finally {
    await infrastructure.stop();
  }
}
