import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface RecordingProxy {
  readonly endpoint: string;
  /** Every request that passed, in order. */
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * Passes every request on to `target` unchanged (S3 requests are signed: nothing in them may change)
 * and remembers what it carried. `hold`, when it returns a promise for a request, passes that request
 * on only once the promise settles: a test can stop the target in between; a rejection answers 502.
 */
export async function startRecordingProxy(
  target: string,
  hold?: (request: ProxiedRequest) => Promise<void> | undefined,
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const request = { method: incoming.method ?? '', url: incoming.url ?? '', headers: incoming.headers };
    requests.push(request);
    const pass = () => {
      const passed = forward(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          headers: incoming.headers,
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      passed.on('error', () => outgoing.writeHead(502).end());
      incoming.pipe(passed);
    };
    const held = hold?.(request);
    if (held) held.then(pass, () => outgoing.writeHead(502).end());
    else pass();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
