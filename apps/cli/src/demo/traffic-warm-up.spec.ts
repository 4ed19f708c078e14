import { describe, expect, it } from 'vitest';
import { parseExperimentDocument } from '@scale/chaos';
import { warmUpSeconds } from './traffic-warm-up';

const RULES = new Map([
  ['service_group:http_server_request_errors:ratio_rate1m', 'sum(rate(a[1m])) / sum(rate(b[1m]))'],
  ['service_group:http_server_request_duration_seconds:p95_5m', 'histogram_quantile(0.95, rate(c_bucket[5m]))'],
]);

const document = (probes: string[], abortConditions: string[] = []) =>
  parseExperimentDocument({
    title: 'warm-up',
    fault: { kind: 'pod-kill', target: { service: 'scale-api' } },
    durationSeconds: 30,
    steadyState: {
      probes: probes.map((query, i) => ({ name: `p${i}`, query, tolerance: { type: 'absolute', max: 1 } })),
    },
    abortConditions: abortConditions.map((query, i) => ({ name: `a${i}`, query, max: 1 })),
  });

describe('warmUpSeconds', () => {
  it("is the suite's longest window, through the recording rules, and one scrape more", () => {
    const suite = [
      document(['service_group:http_server_request_errors:ratio_rate1m{group="$group"}']),
      document(['count(up{group="$group"})'], ['service_group:http_server_request_duration_seconds:p95_5m > 1']),
    ];
    expect(warmUpSeconds(suite, RULES, 2)).toBe(302);
    expect(warmUpSeconds(suite.slice(0, 1), RULES, 2)).toBe(62);
  });

  it('is one scrape for a suite of instant values', () => {
    expect(warmUpSeconds([document(['count(up{group="$group"})'])], RULES, 15)).toBe(15);
  });
});
