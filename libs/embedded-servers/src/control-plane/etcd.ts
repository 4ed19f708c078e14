import { join } from 'node:path';
import { findFreePort } from '../free-port';
import { startComponent, waitForComponent, type Component } from './component-process';

export interface RunningEtcd {
  component: Component;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/** A single-member etcd on loopback ports; its data is scratch, so it skips fsync. */
export async function startEtcd(binDir: string, dataDir: string, log?: (line: string) => void): Promise<RunningEtcd> {
  const clientPort = await findFreePort();
  const peerPort = await findFreePort();
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const component = await startComponent({
    name: 'etcd',
    binDir,
    logDir: join(dataDir, 'logs'),
    log,
    args: [
      '--name=scale',
      `--data-dir=${join(dataDir, 'etcd')}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=scale=${peer}`,
      '--unsafe-no-fsync=true',
      '--log-level=warn',
    ],
  });
  await waitForComponent(component, 'healthy', async () => {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok && ((await response.json()) as { health?: string }).health === 'true';
  });
  return { component, url };
}
