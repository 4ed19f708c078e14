import type { ClusterControl } from '../cluster-control';
import type { Route } from './control-server';
import { diskFillRequestSchema, memoryHogRequestSchema, parseRequest } from './request-schemas';

/**
 * The faults on a replica's container resources beside its CPU: memory hogs (each stopped by its id,
 * or ending by its own timeout) and fills of its writable space (removed by replica, so a revert needs
 * no id and is safe to repeat).
 */
export function containerFaultRoutes(control: ClusterControl): Route[] {
  return [
    {
      method: 'POST',
      path: '/replicas/:id/memory-hogs',
      handle: async ({ params, body }) => {
        const replica = control.replica(params.id);
        const request = parseRequest(memoryHogRequestSchema, body);
        return { status: 201, json: await control.startMemoryHog(replica.id, request) };
      },
    },
    { method: 'GET', path: '/memory-hogs', handle: () => ({ status: 200, json: control.memoryHogs() }) },
    {
      method: 'DELETE',
      path: '/memory-hogs/:id',
      handle: async ({ params }) => {
        await control.stopMemoryHog(params.id);
        return { status: 204 };
      },
    },
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
