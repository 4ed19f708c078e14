import { ConfigError } from '@scale/config';
import type { RunnerSettings } from '../settings/runner-settings';
import type { ClusterDriver } from './driver';
import { LocalDriver } from './local/local-driver';

/** The driver CHAOS_DRIVER names. */
export function createDriver(settings: RunnerSettings): ClusterDriver {
  switch (settings.CHAOS_DRIVER) {
    case 'local':
      return new LocalDriver({ baseUrl: settings.LOCAL_CLUSTER_URL });
    case 'kubernetes':
      throw new ConfigError(
        'CHAOS_DRIVER: the Kubernetes driver is not available yet; use CHAOS_DRIVER=local with a local cluster',
      );
  }
}
