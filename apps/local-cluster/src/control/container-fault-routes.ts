import type { ClusterControl } from '../cluster-control';
import type { Route } from './control-server';
import { hogRoutes } from './hog-routes';
import { diskFillRequestSchema, memoryHogRequestSchema, parseRequest } from './request-schemas';

/**
 * The faults on a replica's container resources beside its CPU: memory hogs (each stopped by its id,
 * or ending by its own timeout) and fills of its writable space (removed by replica, so a revert needs
 * no id and is safe to repeat).
 */
export function containerFaultRoutes(control: ClusterControl): Route[] {
  return [
    ...hogRoutes(control, 'memory-hogs', memoryHogRequestSchema, {
      start: (replicaId, request) => control.startMemoryHog(replicaId, request),
      list: () => control.memoryHogs(),
      stop: (id) => control.stopMemoryHog(id),
    }),
    {
      method: 'POST',
      path: '/replicas/:id/disk-fills',
      handle: async ({ params, body }) => {
        const replica = control.replica(params.id);
        const request = parseRequest(diskFillRequestSchema, body);
        return { status: 201, json: await control.fillDisk(replica.id, request) };
      },
    },
    {
      method: 'GET',
      path: '/replicas/:id/disk-fills',
      handle: async ({ params }) => ({ status: 200, json: await control.diskFills(params.id) }),
    },
    {
      method: 'DELETE',
      path: '/replicas/:id/disk-fills',
      handle: async ({ params }) => {
        await control.clearDiskFills(params.id);
        return { status: 204 };
      },
    },
    { method: 'GET', path: '/disk-fills', handle: async () => ({ status: 200, json: await control.diskFills() }) },
  ];
}
