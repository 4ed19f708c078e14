import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Registry } from 'prom-client';
import { negotiateExposition, renderRegistry, writeExposition } from './exposition';
import { exemplarHistogram } from './metrics';
import { observeWithExemplar } from './exemplars';

const PROMETHEUS_2_42_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describe('negotiateExposition', () => {
  it("gives Prometheus's scraper OpenMetrics, which it names first", () => {
    expect(negotiateExposition(PROMETHEUS_2_42_ACCEPT)).toBe('openmetrics');
    expect(negotiateExposition('application/openmetrics-text; version=1.0.0')).toBe('openmetrics');
    expect(negotiateExposition('text/plain, application/openmetrics-text')).toBe('openmetrics');
  });

  it('gives everyone else the classic text, wildcards included', () => {
    expect(negotiateExposition(undefined)).toBe('prometheus');
    expect(negotiateExposition('')).toBe('prometheus');
    expect(negotiateExposition('*/*')).toBe('prometheus');
    expect(negotiateExposition('text/plain;version=0.0.4')).toBe('prometheus');
    expect(negotiateExposition('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('prometheus');
  });

  it('respects a client that ranks OpenMetrics below the classic text, or refuses it', () => {
    expect(negotiateExposition('application/openmetrics-text;q=0.4,text/plain;q=0.9')).toBe('prometheus');
    expect(negotiateExposition('application/openmetrics-text;q=0,*/*')).toBe('prometheus');
    expect(negotiateExposition('application/openmetrics-text;q=0.5,*/*;q=0.1')).toBe('openmetrics');
  });
});

describe('writeExposition', () => {
  async function sampleRegistry() {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'scale-test', group: 'control', zone: 'a' });
    new Counter({ name: 'scale_things_total', help: 'Things.', labelNames: ['kind'], registers: [registry] }).inc(
      { kind: 'x "quoted"\nline' },
      3,
    );
    new Gauge({ name: 'scale_level', help: 'A "level", with \\ and\nnewline.', registers: [registry] }).set(Number.NaN);
    const histogram = exemplarHistogram(registry, {
      name: 'scale_work_seconds',
      help: 'Work.',
      labelNames: ['route'],
      buckets: [0.1, 1],
    });
    observeWithExemplar(histogram, { route: '/a' }, 0.05, { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    observeWithExemplar(histogram, { route: '/a' }, 5, undefined);
    return registry;
  }

  it('writes the classic text: counters with _total, histograms with cumulative buckets, no exemplars', async () => {
    const text = await renderRegistry(await sampleRegistry(), 'prometheus');
    expect(text).toBe(
      [
        '# HELP scale_things_total Things.',
        '# TYPE scale_things_total counter',
        'scale_things_total{kind="x \\"quoted\\"\\nline",service="scale-test",group="control",zone="a"} 3',
        '# HELP scale_level A "level", with \\\\ and\\nnewline.',
        '# TYPE scale_level gauge',
        'scale_level{service="scale-test",group="control",zone="a"} NaN',
        '# HELP scale_work_seconds Work.',
        '# TYPE scale_work_seconds histogram',
        'scale_work_seconds_bucket{route="/a",service="scale-test",group="control",zone="a",le="0.1"} 1',
        'scale_work_seconds_bucket{route="/a",service="scale-test",group="control",zone="a",le="1"} 1',
        'scale_work_seconds_bucket{route="/a",service="scale-test",group="control",zone="a",le="+Inf"} 2',
        'scale_work_seconds_sum{route="/a",service="scale-test",group="control",zone="a"} 5.05',
        'scale_work_seconds_count{route="/a",service="scale-test",group="control",zone="a"} 2',
        '',
      ].join('\n'),
    );
  });

  it('writes OpenMetrics: counter families without _total, exemplars on buckets, # EOF', async () => {
    const text = await renderRegistry(await sampleRegistry(), 'openmetrics');
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '# HELP scale_things Things.',
      '# TYPE scale_things counter',
      'scale_things_total{kind="x \\"quoted\\"\\nline",service="scale-test",group="control",zone="a"} 3',
    ]);
    expect(lines).toContain('# HELP scale_level A \\"level\\", with \\\\ and\\nnewline.');
    const exemplified = lines.find((line) => line.startsWith('scale_work_seconds_bucket') && line.includes('le="0.1"'));
    expect(exemplified).toMatch(
      /^scale_work_seconds_bucket\{.*le="0.1"\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736"\} 0.05 \d+(\.\d+)?$/,
    );
    // An observation without a trace leaves its bucket without an exemplar.
    expect(lines.find((line) => line.includes('le="+Inf"'))).toMatch(/\} 2$/);
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    expect(text).not.toMatch(/\n\n/);
  });

  it('keeps the classic text right after an OpenMetrics scrape of the same registry', async () => {
    const registry = await sampleRegistry();
    await renderRegistry(registry, 'openmetrics');
    const text = await renderRegistry(registry, 'prometheus');
    expect(text).toMatch(/^scale_things_total\{/m);
    expect(text).not.toMatch(/^scale_things\{/m);
  });

  it('names counter samples _total even when the counter was registered without it', () => {
    const family = { name: 'scale_events', help: 'Events.', type: 'counter', values: [{ value: 1, labels: {} }] };
    expect(writeExposition([family], 'prometheus')).toBe(
      '# HELP scale_events_total Events.\n# TYPE scale_events_total counter\nscale_events_total 1\n',
    );
    expect(writeExposition([family], 'openmetrics')).toBe(
      '# HELP scale_events Events.\n# TYPE scale_events counter\nscale_events_total 1\n# EOF\n',
    );
  });
});
