import { parseCommandLine, positiveInteger } from '../../../apps/cli/src/options';
import { UsageError } from '../../../apps/cli/src/usage';

export const USAGE = `Usage: npm run bench:kubernetes -- [--nodes-per-zone N] [--replicas N] [--pool-replicas N] [--pool-nodes N] [--rounds R] [--max-unavailable V] [--json]
  Starts a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler)
  with KWOK nodes in three zones, the control and experiment groups' API and extractor Deployments as
  the chart makes them, and a node pool of the experiment group's own in zones of its own; then times
  the chaos runner's Kubernetes driver taking a zone down and back up, R rounds in each zone mode.
  Needs scripts/install-kubernetes.sh to have built the binaries.
  --nodes-per-zone N   KWOK nodes in each of the three shared zones (default 100)
  --replicas N         replicas of each Deployment of the control and experiment groups (default 180)
  --pool-replicas N    replicas of each Deployment on the experiment group's node pool (default 150)
  --pool-nodes N       nodes of that pool in each of its zones (default 10)
  --rounds R           zone outages per mode, each in the next zone (default 3)
  --max-unavailable V  the PodDisruptionBudgets' maxUnavailable, a count or a percentage (default 34%, a zone)
  --json               print one JSON line instead of the report`;

export interface ZoneOutageOptions {
  readonly nodesPerZone: number;
  readonly replicas: number;
  readonly poolReplicas: number;
  readonly poolNodes: number;
  readonly rounds: number;
  readonly maxUnavailable: number | string;
  readonly json: boolean;
}

export function parseZoneOutageOptions(args: string[]): ZoneOutageOptions {
  const { values, positionals } = parseCommandLine(args, {
    'nodes-per-zone': { type: 'string' },
    replicas: { type: 'string' },
    'pool-replicas': { type: 'string' },
    'pool-nodes': { type: 'string' },
    rounds: { type: 'string' },
    'max-unavailable': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    nodesPerZone: positiveInteger('nodes-per-zone', values['nodes-per-zone'], 100),
    replicas: positiveInteger('replicas', values.replicas, 180),
    poolReplicas: positiveInteger('pool-replicas', values['pool-replicas'], 150),
    poolNodes: positiveInteger('pool-nodes', values['pool-nodes'], 10),
    rounds: positiveInteger('rounds', values.rounds, 3),
    maxUnavailable: maxUnavailable(values['max-unavailable'] ?? '34%'),
    json: values.json ?? false,
  };
}

function maxUnavailable(text: string): number | string {
  if (/^\d+%$/.test(text)) return text;
  return positiveInteger('max-unavailable', text, 1);
}
