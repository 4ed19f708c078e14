import { describe, expect, it } from 'vitest';
import { routeTimingsOf } from './alertmanager-timings';

describe('routeTimingsOf', () => {
  it("reads the ledger's route's own timings, else the root's it inherits, else Alertmanager's defaults", () => {
    const routes = [{ receiver: 'alert-ledger' }, { receiver: 'oncall', group_wait: '10s' }];
    expect(routeTimingsOf({ group_wait: '0s', group_interval: '1s', routes })).toEqual({
      groupWaitSeconds: 0,
      groupIntervalSeconds: 1,
    });
    expect(routeTimingsOf({ group_wait: '30s', routes: [{ receiver: 'alert-ledger', group_wait: '500ms' }] })).toEqual({
      groupWaitSeconds: 0.5,
      groupIntervalSeconds: 300,
    });
    expect(routeTimingsOf({ routes })).toEqual({ groupWaitSeconds: 30, groupIntervalSeconds: 300 });
  });
});
