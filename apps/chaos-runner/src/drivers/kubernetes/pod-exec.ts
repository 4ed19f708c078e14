import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { ClusterDriverError } from '../driver';

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The pod's node, to say whose kubelet could not be reached. */
  node?: string;
}

/**
 * Runs a command in a container through the API server (`pods/exec`, proxied to the node's kubelet)
 * and returns its standard output. Every failure becomes a ClusterDriverError naming what it was for
 * (`purpose`, e.g. "send SIGTERM to the main process"), the container, pod and namespace, and what
 * refused it: the API server (no right, no pod), the kubelet (not reachable), or the command itself
 * (its exit status and standard error).
 */
export async function execIn(
  kubeConfig: KubeConfig,
  target: ExecTarget,
  command: string[],
  purpose: string,
  timeoutMs = 15_000,
): Promise<string> {
  const stdout = collector();
  const stderr = collector();
  const what = `${purpose} (exec in container ${target.container} of pod ${target.pod} in namespace ${target.namespace})`;
  let status: V1Status | undefined;
  try {
    status = await new Promise<V1Status | undefined>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      const done = (value: V1Status | undefined) => {
        clearTimeout(timer);
        resolve(value);
      };
      new Exec(kubeConfig)
        .exec(target.namespace, target.pod, target.container, command, stdout.stream, stderr.stream, null, false, done)
        .then((socket) => {
          socket.on('close', () => done(undefined));
          socket.on('error', (error: Error) => {
            clearTimeout(timer);
            reject(error);
          });
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(asError(error));
        });
    });
  } catch (error) {
    throw refusal(error as Error, what, target);
  }
  if (status && status.status !== 'Success') throw failure(status, stderr.text().trim(), what, target);
  return stdout.text();
}

/**
 * The Status the API server ends an exec stream with when it fails: the kubelet could not be
 * reached (its message carries the kubelet URL with the whole command, left out here), or the
 * command ran and failed.
 */
function failure(status: V1Status, stderr: string, what: string, target: ExecTarget): ClusterDriverError {
  const message = status.message ?? status.reason ?? 'no reason given';
  if (/error (sending request|dialing backend)/.test(message)) {
    const cause = message.includes('": ') ? message.slice(message.lastIndexOf('": ') + 3) : message;
    return new ClusterDriverError(
      `the Kubernetes API server could not ${what}: it could not reach the kubelet of ${nodeOf(target)} (${cause})`,
      status.code,
    );
  }
  return new ClusterDriverError(`could not ${what}: ${message}${stderr ? `; stderr: ${stderr.slice(0, 300)}` : ''}`);
}

const nodeOf = (target: ExecTarget) => (target.node ? `node ${target.node}` : 'its node');

/**
 * The exec stream is opened with a WebSocket upgrade: a refusal arrives as "Unexpected server
 * response: <status>", whose status says who refused.
 */
function refusal(error: Error, what: string, target: ExecTarget): ClusterDriverError {
  const status = Number(/Unexpected server response: (\d+)/.exec(error.message)?.[1]);
  if (!status) return new ClusterDriverError(`could not ${what}: ${error.message}`);
  // A 5xx answer to the upgrade comes from the API server's proxy to the kubelet: the same failure as above, told earlier.
  if (status >= 500) {
    return new ClusterDriverError(
      `the Kubernetes API server could not ${what}: it could not reach the kubelet of ${nodeOf(target)} (HTTP ${status} on the exec upgrade)`,
      status,
    );
  }
  const why =
    status === 403
      ? "forbidden: the runner's ServiceAccount may not exec there (pods/exec over a WebSocket needs the verbs get and create)"
      : status === 404
        ? 'the pod is gone'
        : status === 400
          ? 'the container is not running or not in the pod'
          : error.message;
  return new ClusterDriverError(`the Kubernetes API server refused to ${what} (${status}): ${why}`, status);
}

/** The WebSocket reports a failed upgrade as an ErrorEvent, whose `error` holds the Error. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null) {
    const inner = (error as { error?: unknown; message?: unknown }).error;
    if (inner instanceof Error) return inner;
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return new Error(message);
  }
  return new Error(String(error));
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
