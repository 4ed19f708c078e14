import { describe, expect, it } from 'vitest';
import { LOSS_CLOSE_MS, networkFaultSchema, toxicsFor } from './network-fault';

describe('network faults', () => {
  it('turns latency with jitter into a downstream latency toxic on every connection', () => {
    expect(toxicsFor(networkFaultSchema.parse({ latencyMs: 400, jitterMs: 100 }))).toEqual([
      {
        name: 'scale-latency',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 400, jitter: 100 },
      },
    ]);
  });

  it('models loss and resets as shares of the connections (toxicity), since TCP itself loses nothing', () => {
    expect(toxicsFor(networkFaultSchema.parse({ lossProbability: 0.25, resetProbability: 0.1 }))).toEqual([
      {
        name: 'scale-loss',
        type: 'timeout',
        stream: 'upstream',
        toxicity: 0.25,
        attributes: { timeout: LOSS_CLOSE_MS },
      },
      { name: 'scale-reset', type: 'reset_peer', stream: 'upstream', toxicity: 0.1, attributes: { timeout: 0 } },
    ]);
  });

  it('refuses jitter above the latency, a fault that does nothing, and probabilities above 1', () => {
    const issues = (input: unknown) =>
      networkFaultSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(issues({ latencyMs: 100, jitterMs: 200 })).toEqual([['jitterMs', 'must not exceed latencyMs']]);
    expect(issues({})).toEqual([['', 'needs latencyMs, lossProbability or resetProbability above 0']]);
    expect(issues({ resetProbability: 1.5 })?.[0][0]).toBe('resetProbability');
  });
});
