import type { Logger } from '@scale/telemetry';
import { DatabaseLinks } from './database-links';
import { defaultToxiproxyPath, isExecutable, startToxiproxy, type RunningToxiproxy } from './toxiproxy-server';

export interface RunningDatabaseLinks extends DatabaseLinks {
  stop(): Promise<void>;
}

/**
 * Starts the fault proxy (Toxiproxy) with one proxy per group in front of the database server. Without
 * toxiproxy-server (scripts/install-toxiproxy.sh not run) the services connect directly, as the log says,
 * and network faults are refused with a 409.
 */
export async function startDatabaseLinks(
  databaseUrl: string,
  logger: Logger,
  binary = defaultToxiproxyPath(),
): Promise<RunningDatabaseLinks> {
  let server: RunningToxiproxy | null = null;
  if (await isExecutable(binary)) {
    server = await startToxiproxy(binary);
  } else {
    logger.warn(
      { binary },
      'no toxiproxy-server: the groups reach their databases directly, network faults are refused',
    );
  }
  try {
    const links = await DatabaseLinks.create(server?.apiUrl ?? null, databaseUrl);
    logger.info({ links: links.list() }, 'database links');
    return Object.assign(links, { stop: async () => server?.stop() });
  } catch (error) {
    await server?.stop();
    throw error;
  }
}
