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
 * and returns its standard output. Every failure becomes a ClusterDriverError naming the pod, its
 * namespace, the command and what refused it: the API server (no right, no pod), the kubelet (not
 * reachable), or the command itself (its exit status and standard error).
 */
export async function execIn(
  kubeConfig: KubeConfig,
  target: ExecTarget,
  command: string[],
  timeoutMs = 15_000,
): Promise<string> {
  const stdout = collector();
  const stderr = collector();
  const where = `in container ${target.container} of pod ${target.pod} in namespace ${target.namespace}`;
  const what = `exec \`${describeCommand(command)}\` ${where}`;
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
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
  } catch (error) {
    throw refusal(error as Error, what, target);
  }
  if (status && status.status !== 'Success') {
    const output = stderr.text().trim();
    throw new ClusterDriverError(
      `${what} failed: ${status.message ?? status.reason ?? 'no reason given'}${output ? `; stderr: ${output.slice(0, 300)}` : ''}`,
    );
  }
  return stdout.text();
}

/**
 * The exec stream is opened with a WebSocket upgrade: a refusal arrives as "Unexpected server
 * response: <status>", whose status says who refused.
 */
function refusal(error: Error, what: string, target: ExecTarget): ClusterDriverError {
  const status = Number(/Unexpected server response: (\d+)/.exec(error.message)?.[1]);
  if (!status) return new ClusterDriverError(`${what} could not be run: ${error.message}`);
  const node = target.node ? `node ${target.node}` : 'its node';
  const why =
    status === 403
      ? "forbidden: the runner's ServiceAccount may not create pods/exec there"
      : status === 404
        ? 'the pod is gone'
        : status === 400
          ? 'the container is not running or not in the pod'
          : status >= 500
            ? `the API server could not open a stream to the kubelet of ${node} (no kubelet answered for it)`
            : error.message;
  return new ClusterDriverError(`the Kubernetes API server refused to ${what} (${status}): ${why}`, status);
}

function describeCommand(command: string[]): string {
  const text = command.join(' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
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
