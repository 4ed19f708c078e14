import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createHttpServerHistogram,
  EXPOSITION_CONTENT_TYPES,
  negotiateExposition,
  observeWithExemplar,
  renderRegistry,
  type Logger,
} from '@scale/telemetry';
import type { Registry } from 'prom-client';
import type { ClusterControl } from '../cluster-control';
import { ClusterRequestError, InvalidRequestError } from './cluster-errors';
import { hogRoutes } from './hog-routes';
import { cpuHogRequestSchema, parseRequest, signalRequestSchema, zoneParamsSchema } from './request-schemas';
import { matchRoute, type RouteMatch } from './router';

export interface Request {
  params: Record<string, string>;
  body: unknown;
  accept: string | undefined;
}

/** What a handler answers: JSON by default, or text of the given type; no body with 204. */
export interface Reply {
  status: number;
  json?: unknown;
  text?: { body: string; contentType: string };
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle(request: Request): Promise<Reply> | Reply;
}

const MAX_BODY_BYTES = 64 * 1024;
const HOST = '127.0.0.1';

function routes(control: ClusterControl, registry: Registry): Route[] {
  const ok = (json: unknown): Reply => ({ status: 200, json });
  return [
    { method: 'GET', path: '/healthz', handle: () => ok({ status: 'ok' }) },
    { method: 'GET', path: '/cluster', handle: () => ok(control.info()) },
    { method: 'GET', path: '/replicas', handle: () => ok(control.replicas()) },
    { method: 'GET', path: '/replicas/:id', handle: ({ params }) => ok(control.replica(params.id)) },
    {
      method: 'GET',
      path: '/replicas/:id/logs',
      handle: ({ params }) => ({
        status: 200,
        text: { body: control.logs(params.id), contentType: 'text/plain; charset=utf-8' },
      }),
    },
    {
      method: 'POST',
      path: '/replicas/:id/signal',
      handle: async ({ params, body }) => {
        const replica = control.replica(params.id);
        return ok(await control.signal(replica.id, parseRequest(signalRequestSchema, body).signal));
      },
    },
    { method: 'POST', path: '/replicas/:id/kill', handle: async ({ params }) => ok(await control.killPod(params.id)) },
    ...hogRoutes(control, 'cpu-hogs', cpuHogRequestSchema, {
      start: (replicaId, request) => control.startCpuHog(replicaId, request),
      list: () => control.cpuHogs(),
      stop: (id) => control.stopCpuHog(id),
    }),
    {
      method: 'POST',
      path: '/zones/:group/:zone/down',
      handle: async ({ params }) => {
        const { group, zone } = parseRequest(zoneParamsSchema, params);
        return ok({ group, zone, replicas: await control.zoneDown(group, zone) });
      },
    },
    {
      method: 'POST',
      path: '/zones/:group/:zone/up',
      handle: ({ params }) => {
        const { group, zone } = parseRequest(zoneParamsSchema, params);
        return ok({ group, zone, replicas: control.zoneUp(group, zone) });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async ({ accept }) => {
        const format = negotiateExposition(accept);
        return {
          status: 200,
          text: { body: await renderRegistry(registry, format), contentType: EXPOSITION_CONTENT_TYPES[format] },
        };
      },
    },
  ];
}

export interface RunningControlServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The cluster's control API: JSON over HTTP on loopback, what the chaos runner's local driver calls.
 * Every error is an RFC 9457 problem document whose detail names the field or the replica.
 */
export async function startControlServer(
  control: ClusterControl,
  registry: Registry,
  port: number,
  logger: Logger,
  /** Routes of faults that live beside the replicas (the database links, the traffic). */
  moreRoutes: readonly Route[] = [],
): Promise<RunningControlServer> {
  const table = [...routes(control, registry), ...moreRoutes];
  const requestSeconds = createHttpServerHistogram(registry);
  const server = createServer((request, response) => {
    const started = process.hrtime.bigint();
    const url = new URL(request.url ?? '/', 'http://control');
    const match = matchRoute(table, request.method ?? 'GET', url.pathname);
    const route = match.kind === 'found' ? match.route.path : 'unmatched';
    // Not awaited: node's request handler returns at once; `answer` writes every error as a problem.
    void answer(request, response, match, logger).finally(() => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      observeWithExemplar(
        requestSeconds,
        { method: request.method ?? 'GET', route, status_code: String(response.statusCode) },
        seconds,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return { url: `http://${HOST}:${bound}`, stop: () => (stopped ??= close(server)) };
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  match: RouteMatch<Route>,
  logger: Logger,
): Promise<void> {
  try {
    if (match.kind === 'not-found') {
      return send(response, problem(404, `there is no resource at ${request.url ?? '/'}`));
    }
    if (match.kind === 'method-not-allowed') {
      response.setHeader('Allow', match.allowed.join(', '));
      return send(response, problem(405, `${request.method} is not allowed here; use ${match.allowed.join(' or ')}`));
    }
    const body = await readJsonBody(request);
    send(response, await match.route.handle({ params: match.params, body, accept: request.headers.accept }));
  } catch (error) {
    if (error instanceof ClusterRequestError) {
      const extra = error instanceof InvalidRequestError ? { errors: error.issues } : {};
      return send(response, problem(error.status, error.message, extra));
    }
    logger.error({ err: error, method: request.method, url: request.url }, 'control request failed');
    send(response, problem(500, 'the cluster failed to carry out this request; it has been logged'));
  }
}

/** The JSON body, undefined when there is none. */
async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError([{ field: 'body', message: 'is not valid JSON' }]);
  }
}

class PayloadTooLargeError extends ClusterRequestError {
  readonly status = 413;
  constructor() {
    super(`body: larger than ${MAX_BODY_BYTES} bytes`);
  }
}

function problem(status: number, detail: string, extra: Record<string, unknown> = {}): Reply {
  return { status, json: { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, ...extra } };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  500: 'Internal Server Error',
};

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return;
  response.statusCode = reply.status;
  response.setHeader('Cache-Control', 'no-store');
  if (reply.text) {
    response.setHeader('Content-Type', reply.text.contentType);
    response.end(reply.text.body);
  } else if (reply.json !== undefined) {
    response.setHeader('Content-Type', reply.status >= 400 ? 'application/problem+json' : 'application/json');
    response.end(JSON.stringify(reply.json));
  } else {
    response.end();
  }
}

/** How long a request still in progress may hold the control API's close open. */
const CLOSE_GRACE_MS = 5_000;

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections of a client that went quiet would hold the close open.
    server.closeIdleConnections();
    // So would a request that never ends, one a client left half-sent among them: the cluster's stop
    // once waited on one for minutes. Past the grace, its connection is cut.
    setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
  });
}
