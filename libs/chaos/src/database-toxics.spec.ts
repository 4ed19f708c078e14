import { describe, expect, it } from 'vitest';
import { LOSS_CLOSE_MS, toxicsFor } from './database-toxics';

const NONE = { latencyMs: 0, jitterMs: 0, lossProbability: 0, resetProbability: 0 };

describe('database link toxics', () => {
  it('turns latency with jitter into a downstream latency toxic on every connection', () => {
    expect(toxicsFor({ ...NONE, latencyMs: 400, jitterMs: 100 })).toEqual([
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
    expect(toxicsFor({ ...NONE, lossProbability: 0.25, resetProbability: 0.1 })).toEqual([
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
});
