import { z } from 'zod';
import { GROUPS } from '../cluster-options';
import type { DatabaseLinks } from '../network/database-links';
import { networkFaultSchema } from '../network/network-fault';
import { MAX_TRAFFIC_MULTIPLIER, type TrafficSurge } from '../traffic/traffic-surge';
import { ClusterRequestError } from './cluster-errors';
import type { Route } from './control-server';
import { parseRequest } from './request-schemas';

const groupParamsSchema = z.object({ group: z.enum(GROUPS) });
const multiplierRequestSchema = z.strictObject({ multiplier: z.number().min(1).max(MAX_TRAFFIC_MULTIPLIER) });

export class NoTrafficError extends ClusterRequestError {
  override readonly name = 'NoTrafficError';
  readonly status = 409;
  constructor() {
    super('the cluster was started without traffic: there is no load to multiply');
  }
}

/**
 * The faults that act on what surrounds a group rather than on its replicas: the network between its
 * services and its database (through the fault proxy), and the traffic sent to it. Each is set per
 * group and taken off whole, so a revert needs no id and is safe to repeat.
 */
export function faultRoutes(links: DatabaseLinks, surge: TrafficSurge | null): Route[] {
  return [
    { method: 'GET', path: '/network-faults', handle: () => ({ status: 200, json: links.list() }) },
    {
      method: 'POST',
      path: '/groups/:group/network-fault',
      handle: async ({ params, body }) => {
        const { group } = parseRequest(groupParamsSchema, params);
        return { status: 200, json: await links.set(group, parseRequest(networkFaultSchema, body)) };
      },
    },
    {
      method: 'DELETE',
      path: '/groups/:group/network-fault',
      handle: async ({ params }) => {
        await links.clear(parseRequest(groupParamsSchema, params).group);
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/traffic/multipliers',
      handle: () => ({ status: 200, json: surge?.current() ?? { control: 1, experiment: 1 } }),
    },
    {
      method: 'POST',
      path: '/groups/:group/traffic-multiplier',
      handle: ({ params, body }) => {
        const { group } = parseRequest(groupParamsSchema, params);
        const { multiplier } = parseRequest(multiplierRequestSchema, body);
        if (!surge) throw new NoTrafficError();
        surge.set(group, multiplier);
        return { status: 200, json: surge.current() };
      },
    },
  ];
}
