import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '@scale/embedded-servers';
import { defaultToxiproxyPath } from '../../../apps/local-cluster/src/network/toxiproxy-server';

/**
 * This machine's first non-loopback IPv4 address, which a process standing in for a pod listens on: the
 * API server's service proxy goes only to an endpoint address that is its pod's IP, and no pod IP is loopback.
 */
export function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((address) => address.family === 'IPv4' && !address.internal);
    if (found) return found.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address for the API server to proxy to');
}

export interface HostToxiproxy {
  /** Its HTTP API, straight, for the test to read what the driver did. */
  apiUrl: string;
  apiPort: number;
  /** Where the proxied link listens. */
  listenPort: number;
  stop(): Promise<void>;
}

/**
 * toxiproxy-server (scripts/install-toxiproxy.sh) on the host's address and `apiPort` (the pod's port), with
 * the proxies of `config` (the chart's toxiproxy.json) listening on a free port of that address instead of 5432.
 */
export async function startHostToxiproxy(config: string, upstream: string, apiPort: number): Promise<HostToxiproxy> {
  const host = hostAddress();
  const listenPort = await findFreePort();
  const proxies = (JSON.parse(config) as Array<Record<string, unknown>>).map((proxy) => ({
    ...proxy,
    listen: `${host}:${listenPort}`,
    upstream,
  }));
  const file = join(tmpdir(), `scale-toxiproxy-${apiPort}.json`);
  await writeFile(file, JSON.stringify(proxies));
  const child = spawn(defaultToxiproxyPath(), ['-host', host, '-port', String(apiPort), '-config', file], {
    stdio: 'ignore',
  });
  const apiUrl = `http://${host}:${apiPort}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(`${apiUrl}/proxies`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => response.ok && Object.keys((await response.json()) as object).length === proxies.length,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`toxiproxy-server did not start on ${apiUrl} (exit ${child.exitCode})`);
    }
    await sleep(50);
  }
  return {
    apiUrl,
    apiPort,
    listenPort,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A TCP server that sends back what it receives: the stand-in for Postgres behind the proxy. */
export async function startEchoServer(): Promise<{ address: string; server: Server }> {
  const server = createServer((socket) => {
    // A reset_peer toxic resets the proxy's side; that is the fault working, not an error of the test.
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { address: `127.0.0.1:${port}`, server };
}

/** Milliseconds from writing a line through the proxy to reading it back. */
export async function roundTripMs(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port }, () => {
      const started = performance.now();
      socket.once('data', () => {
        resolve(performance.now() - started);
        socket.destroy();
      });
      socket.write('ping\n');
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('no echo within 10 s')));
    socket.on('error', reject);
    socket.on('close', () => reject(new Error('closed before the echo')));
  });
}
