import { describe, expect, it } from 'vitest';
import { TrafficSurge } from './traffic-surge';

const sent = (surge: TrafficSurge, group: 'control' | 'experiment', arrivals: number) =>
  Array.from({ length: arrivals }, () => surge.requestsPerArrival(group)).reduce((sum, n) => sum + n, 0);

describe('TrafficSurge', () => {
  it('sends one request per arrival to each group until a multiplier is set', () => {
    const surge = new TrafficSurge();
    expect(sent(surge, 'control', 10)).toBe(10);
    expect(sent(surge, 'experiment', 10)).toBe(10);
  });

  it('multiplies only the group it is set for, carrying fractions across arrivals', () => {
    const surge = new TrafficSurge();
    surge.set('experiment', 2.5);
    expect(sent(surge, 'experiment', 10)).toBe(25);
    expect(sent(surge, 'control', 10)).toBe(10);
    expect(surge.current()).toEqual({ control: 1, experiment: 2.5 });
  });

  it('returns to the steady rate when set back to 1', () => {
    const surge = new TrafficSurge();
    surge.set('experiment', 1.5);
    surge.requestsPerArrival('experiment');
    surge.set('experiment', 1);
    expect(sent(surge, 'experiment', 7)).toBe(7);
  });

  it('refuses a multiplier below 1 or above 20', () => {
    const surge = new TrafficSurge();
    expect(() => surge.set('experiment', 0.5)).toThrow(/from 1 to 20/);
    expect(() => surge.set('experiment', 21)).toThrow(/from 1 to 20/);
    expect(() => surge.set('experiment', Number.NaN)).toThrow(/from 1 to 20/);
  });
});
