import { createServer } from 'node:net';

/**
 * Asks the kernel for a free TCP port on the loopback interface. The port is released again before it is
 * returned, so another process may take it first: callers that bind later retry with a new port on a clash.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => (port === undefined ? reject(new Error('no port was assigned')) : resolve(port)));
    });
  });
}
