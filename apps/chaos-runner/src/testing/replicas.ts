import type { Replica } from '../drivers/driver';

/** A running replica as a driver reports it; its id is `<group>-<service without scale->-<zone>`. */
export const replica = (group: Replica['group'], service: string, zone: string): Replica => ({
  id: `${group}-${service.replace(/^scale-/, '')}-${zone}`,
  service,
  group,
  zone,
  address: '127.0.0.1:1',
  pids: [1],
  state: 'running',
  restarts: 0,
  startedAt: '2026-01-01T00:00:00.000Z',
});
