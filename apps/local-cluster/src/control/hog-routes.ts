import type { z } from 'zod';
import type { ClusterControl } from '../cluster-control';
import type { Route } from './control-server';
import { parseRequest } from './request-schemas';

/** What the control does with one kind of hog. */
export interface HogControl<Request> {
  start(replicaId: string, request: Request): Promise<unknown>;
  list(): unknown[];
  stop(id: string): Promise<void>;
}

/**
 * A kind of hog's routes: `POST /replicas/:id/<kind>` starts one (an unknown replica is a 404 before
 * the body is judged), `GET /<kind>` lists the running ones, `DELETE /<kind>/:id` stops one; a hog
 * that already ended is no error, so a revert is safe to repeat.
 */
export function hogRoutes<Request>(
  control: ClusterControl,
  kind: string,
  schema: z.ZodType<Request>,
  hogs: HogControl<Request>,
): Route[] {
  return [
    {
      method: 'POST',
      path: `/replicas/:id/${kind}`,
      handle: async ({ params, body }) => {
        const replica = control.replica(params.id);
        return { status: 201, json: await hogs.start(replica.id, parseRequest(schema, body)) };
      },
    },
    { method: 'GET', path: `/${kind}`, handle: () => ({ status: 200, json: hogs.list() }) },
    {
      method: 'DELETE',
      path: `/${kind}/:id`,
      handle: async ({ params }) => {
        await hogs.stop(params.id);
        return { status: 204 };
      },
    },
  ];
}
