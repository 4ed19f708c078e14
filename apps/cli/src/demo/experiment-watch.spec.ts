import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../../../chaos-runner/src/experiments/experiment-views';
import { progressText } from './experiment-watch';

const detail = (fields: Partial<ExperimentDetail>) =>
  ({
    status: 'checking-steady-state',
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z',
    injectedAt: null,
    document: { durationSeconds: 60 },
    ...fields,
  }) as ExperimentDetail;
const at = (iso: string) => Date.parse(iso);

describe('progressText', () => {
  it('counts from the start until the fault is in, then the fault time against its duration', () => {
    expect(progressText(detail({}), at('2026-01-01T00:00:13.400Z'), [], [])).toBe(
      'checking-steady-state · 12 s · firing: none',
    );
    expect(
      progressText(
        detail({ status: 'running', injectedAt: '2026-01-01T00:00:20.000Z' }),
        at('2026-01-01T00:01:05.000Z'),
        [
          { name: 'API p95 latency', control: 0.021337, experiment: 0.0801 },
          { name: 'API 5xx ratio', control: 0, experiment: null },
        ],
        ['ContainerCpuThrottled (experiment)'],
      ),
    ).toBe(
      'running · fault 45 s / 60 s · API p95 latency ctl 0.0213 exp 0.0801 · API 5xx ratio ctl 0 exp - · ' +
        'firing: ContainerCpuThrottled (experiment)',
    );
  });
});
