import { describe, expect, it } from 'vitest';
import { replica } from '../testing/replicas';
import { effectMoment } from './detection-evidence';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

describe('effectMoment', () => {
  const injectedAt = at(0);
  const seenAt = at(0.8);
  const exited = (zone: string, seconds: number) => ({
    ...replica('experiment', 'scale-api', zone),
    lastExit: { at: at(seconds).toISOString() },
  });

  it('is when the last target exited, as the driver saw it', () => {
    expect(
      effectMoment(['experiment-api-a', 'experiment-api-b'], [exited('a', 0.1), exited('b', 0.5)], injectedAt, seenAt),
    ).toEqual(at(0.5));
  });

  it('is when the run saw the fault for a fault no process exits from, or an exit from before the injection', () => {
    expect(effectMoment(['experiment-api-a'], [replica('experiment', 'scale-api', 'a')], injectedAt, seenAt)).toEqual(
      seenAt,
    );
    expect(effectMoment(['experiment-api-a'], [exited('a', -30)], injectedAt, seenAt)).toEqual(seenAt);
  });
});
