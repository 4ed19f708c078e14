import { describe, expect, it } from 'vitest';
import { groupWaitOf } from './alertmanager-timings';

describe('groupWaitOf', () => {
  it("reads the ledger's route's own group_wait, else the root's it inherits, else Alertmanager's default", () => {
    const routes = [{ receiver: 'alert-ledger' }, { receiver: 'oncall', group_wait: '10s' }];
    expect(groupWaitOf({ group_wait: '0s', routes })).toBe(0);
    expect(groupWaitOf({ group_wait: '30s', routes: [{ receiver: 'alert-ledger', group_wait: '500ms' }] })).toBe(0.5);
    expect(groupWaitOf({ routes })).toBe(30);
  });
});
