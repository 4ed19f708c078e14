import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListingProxy {
  readonly endpoint: string;
  /** Listing requests passed on so far (first pages and continuations). */
  listings(): number;
  close(): Promise<void>;
}

/**
 * Passes every request on to the S3 server at `target` unchanged (they are signed, so nothing in
 * them may change); `beforeContinuation` runs before each request for a listing page after the
 * first, and may stop the server to make a listing fail part-way.
 */
export async function startListingProxy(
  target: string,
  beforeContinuation: () => Promise<void>,
): Promise<ListingProxy> {
  const upstream = new URL(target);
  let listings = 0;
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url ?? '/', 'http://proxy');
    const listing = url.searchParams.get('list-type') === '2';
    if (listing) listings++;
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
    if (listing && url.searchParams.has('continuation-token')) {
      beforeContinuation().then(pass, () => outgoing.writeHead(502).end());
    } else {
      pass();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    listings: () => listings,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
