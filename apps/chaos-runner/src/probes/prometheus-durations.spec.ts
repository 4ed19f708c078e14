import { describe, expect, it } from 'vitest';
import { parsePrometheusDuration } from './prometheus-durations';

describe('parsePrometheusDuration', () => {
  it('reads the durations Prometheus writes', () => {
    expect(parsePrometheusDuration('15s')).toBe(15);
    expect(parsePrometheusDuration('1m30s')).toBe(90);
    expect(parsePrometheusDuration('500ms')).toBe(0.5);
    expect(parsePrometheusDuration('2h')).toBe(7200);
  });

  it('refuses what is not a duration', () => {
    expect(parsePrometheusDuration('15')).toBeNull();
    expect(parsePrometheusDuration('1m banana')).toBeNull();
    expect(parsePrometheusDuration('')).toBeNull();
  });
});
