import { describe, expect, it } from 'vitest';
import { networkFaultSchema } from './network-fault';

describe('network faults', () => {
  it('refuses jitter above the latency, a fault that does nothing, and probabilities above 1', () => {
    const issues = (input: unknown) =>
      networkFaultSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues({ latencyMs: 100, jitterMs: 200 })).toEqual([['jitterMs', 'must not exceed latencyMs']]);
    expect(issues({})).toEqual([['', 'needs latencyMs, lossProbability or resetProbability above 0']]);
    expect(issues({ resetProbability: 1.5 })?.[0][0]).toBe('resetProbability');
  });
});
