import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envelopeItemTypes, SpanTally, tallySpans } from './decode';

/** What one API sent its collector and its Sentry, from its start to its exit. */
export interface SinkCounts {
  /** POST /v1/traces requests and their body bytes (protobuf, as sent). */
  readonly traceExports: number;
  readonly traceBytes: number;
  readonly spans: number;
  /** Parentless server spans: one per traced request. */
  readonly roots: number;
  /** Spans by `scope kind name`, most frequent first. */
  readonly spansByName: ReadonlyArray<{ readonly span: string; readonly count: number }>;
  readonly sentryEnvelopes: number;
  readonly sentryBytes: number;
  /** Sentry envelope items by type. */
  readonly sentryItems: Readonly<Record<string, number>>;
  /** Anything else posted (other OTLP signals, say), by path: requests. */
  readonly otherPaths: Readonly<Record<string, number>>;
  /** Bodies the sink could not decode; spans counts leave them out. */
  readonly undecodable: number;
  /** Main-thread time this process spent decoding, counted in the load generator's CPU. */
  readonly decodeMs: number;
}

export interface TelemetrySink {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT: the exporter adds /v1/traces. */
  readonly otlpEndpoint: string;
  /** For SENTRY_DSN: the SDK posts envelopes to /api/1/envelope/. */
  readonly sentryDsn: string;
  counts(): SinkCounts;
  close(): Promise<void>;
}

const SENTRY_PROJECT = 1;

/**
 * Stands for the OpenTelemetry collector and the Sentry server of a deployment: accepts what the
 * API sends, answers at once (200 and an empty ExportTraceServiceResponse, which encodes as zero
 * bytes; `{}` for an envelope) and keeps only counts, so the exporters see a fast, healthy backend.
 * One sink per API keeps the counts apart.
 */
export async function startTelemetrySink(): Promise<TelemetrySink> {
  const tally: SpanTally = new Map();
  const counts = {
    traceExports: 0,
    traceBytes: 0,
    spans: 0,
    roots: 0,
    sentryEnvelopes: 0,
    sentryBytes: 0,
    undecodable: 0,
    decodeMs: 0,
  };
  const sentryItems: Record<string, number> = {};
  const otherPaths: Record<string, number> = {};

  const decoded = (work: () => void) => {
    const started = performance.now();
    try {
      work();
    } catch {
      counts.undecodable++;
    }
    counts.decodeMs += performance.now() - started;
  };

  const receive = (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'POST' && path === '/v1/traces') {
      counts.traceExports++;
      counts.traceBytes += body.length;
      decoded(() => {
        const { spans, roots } = tallySpans(body, tally);
        counts.spans += spans;
        counts.roots += roots;
      });
      response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' }).end();
    } else if (request.method === 'POST' && path === `/api/${SENTRY_PROJECT}/envelope/`) {
      counts.sentryEnvelopes++;
      counts.sentryBytes += body.length;
      decoded(() => {
        for (const type of envelopeItemTypes(body, request.headers['content-encoding'] === 'gzip')) {
          sentryItems[type] = (sentryItems[type] ?? 0) + 1;
        }
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else {
      otherPaths[`${request.method} ${path}`] = (otherPaths[`${request.method} ${path}`] ?? 0) + 1;
      response.writeHead(200, { 'content-length': '0' }).end();
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => receive(request, Buffer.concat(chunks), response));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    otlpEndpoint: `http://127.0.0.1:${port}`,
    sentryDsn: `http://public@127.0.0.1:${port}/${SENTRY_PROJECT}`,
    counts: () => ({
      ...counts,
      spansByName: [...tally].map(([span, count]) => ({ span, count })).sort((a, z) => z.count - a.count),
      sentryItems: { ...sentryItems },
      otherPaths: { ...otherPaths },
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
