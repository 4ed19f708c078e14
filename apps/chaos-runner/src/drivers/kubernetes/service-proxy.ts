import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterDriverError } from '../driver';
import { statusMessage } from './kube-errors';

/** A port of a Service, by its name, as the API server's service proxy addresses it. */
export interface ServicePort {
  namespace: string;
  service: string;
  port: string;
}

export interface ProxyAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP call to a Service's port through the API server's service proxy
 * (`/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy/<path>`), with the driver's own credentials.
 * It works the same from outside the cluster and from a pod, needs no route to the pod network from the
 * caller, and is authorised per namespace (`services/proxy`), so the runner reaches only what its Role names.
 */
export async function serviceProxyCall(
  kubeConfig: KubeConfig,
  target: ServicePort,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<ProxyAnswer> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new ClusterDriverError('the kubeconfig names no cluster to reach the service proxy through');
  const { namespace, service, port } = target;
  const url = new URL(
    `${server.replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(service)}:${encodeURIComponent(port)}/proxy${path}`,
  );
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const options: RequestOptions & { headers: Record<string, string> } = {
    method,
    headers: payload === undefined ? {} : { 'content-type': 'application/json' },
    timeout: timeoutMs,
  };
  await kubeConfig.applyToHTTPSOptions(options);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<ProxyAnswer>((resolve, reject) => {
    const call = send(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', reject);
    });
    call.on('timeout', () => call.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    call.on('error', (error) =>
      reject(
        new ClusterDriverError(
          `the Kubernetes API server could not be asked to proxy ${method} ${path} to service ${service}:${port} in namespace ${namespace}: ${error.message}`,
        ),
      ),
    );
    call.end(payload);
  });
}

/**
 * Whether a failed answer is the API server's own (a v1 Status: no such Service, no endpoint, no right)
 * rather than the proxied program's; its message when it is.
 */
export function apiServerRefusal(answer: ProxyAnswer): string | undefined {
  try {
    const parsed = JSON.parse(answer.body) as { kind?: unknown };
    if (parsed.kind === 'Status') return statusMessage(parsed) ?? `HTTP ${answer.status}`;
  } catch {
    // not JSON: the proxied program's answer
  }
  return undefined;
}
