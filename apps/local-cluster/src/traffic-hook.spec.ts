import { describe, expect, it } from 'vitest';
import type { ReplicaView } from './cluster-options';
import { apiEndpoints } from './traffic-hook';

function replica(id: string, state: ReplicaView['state'], port: number): ReplicaView {
  const [group, role, zone] = id.split('-') as ['control' | 'experiment', string, string];
  return {
    id,
    service: role === 'api' ? 'scale-api' : 'scale-extractor',
    group,
    zone,
    address: `127.0.0.1:${port}`,
    pids: [],
    state,
    restarts: 0,
    startedAt: '2026-01-01T00:00:00.000Z',
    lastExit: null,
  };
}

describe('apiEndpoints', () => {
  it('sends each group’s requests to its API replicas that have a process, frozen ones included', () => {
    const endpoints = apiEndpoints([
      replica('control-api-a', 'running', 1),
      replica('control-extractor-a', 'running', 2),
      replica('control-api-b', 'frozen', 3),
      replica('experiment-api-a', 'backoff', 4),
      replica('experiment-api-b', 'running', 5),
      replica('experiment-api-c', 'zone-down', 6),
      replica('experiment-api-d', 'stopped', 7),
    ]);
    expect(endpoints).toEqual({
      control: ['http://127.0.0.1:1', 'http://127.0.0.1:3'],
      experiment: ['http://127.0.0.1:5'],
    });
  });
});
