import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderPrometheusConfig } from './prometheus-config';

const settings = {
  scrapeIntervalSeconds: 15,
  evaluationIntervalSeconds: 15,
  ruleFiles: ['/repo/observability/prometheus/rules/*.yml'],
  targetsFile: '/data/prometheus/targets.json',
  probesFile: '/data/prometheus/probes.json',
  alertmanagerAddress: '127.0.0.1:9093',
};

describe('renderPrometheusConfig', () => {
  it('scrapes and evaluates at the given intervals, with the scrape timeout within the interval', () => {
    expect(parse(renderPrometheusConfig(settings)).global).toEqual({
      scrape_interval: '15s',
      scrape_timeout: '10s',
      evaluation_interval: '15s',
    });
    expect(
      parse(renderPrometheusConfig({ ...settings, scrapeIntervalSeconds: 1, evaluationIntervalSeconds: 0.5 })).global,
    ).toEqual({
      scrape_interval: '1s',
      scrape_timeout: '1s',
      evaluation_interval: '500ms',
    });
  });

  it('loads the rules, sends alerts to the Alertmanager and finds its targets in the file setTargets writes', () => {
    const config = parse(renderPrometheusConfig(settings));
    expect(config.rule_files).toEqual(['/repo/observability/prometheus/rules/*.yml']);
    expect(config.alerting.alertmanagers).toEqual([
      { api_version: 'v2', static_configs: [{ targets: ['127.0.0.1:9093'] }] },
    ]);
    expect(config.scrape_configs.map((scrape: { job_name: string }) => scrape.job_name)).toEqual(['scale', 'blackbox']);
    expect(config.scrape_configs[0].file_sd_configs[0].files).toEqual(['/data/prometheus/targets.json']);
    expect(config.scrape_configs[1].file_sd_configs[0].files).toEqual(['/data/prometheus/probes.json']);
  });

  it("keeps the targets' service, group and zone on every series, and names the job after the service", () => {
    const [scrape] = parse(renderPrometheusConfig(settings)).scrape_configs;
    expect(scrape.relabel_configs).toContainEqual({
      source_labels: ['service', 'group', 'zone'],
      regex: '[^;]+;[^;]+;[^;]+',
      action: 'keep',
    });
    expect(scrape.relabel_configs).toContainEqual({ source_labels: ['service'], target_label: 'job' });
    expect(scrape.metric_relabel_configs).toEqual([{ regex: 'exported_(service|group|zone)', action: 'labeldrop' }]);
  });

  it("asks the blackbox exporter named in each probe's labels to probe the target's address, and gives the probe's series the probed service's place", () => {
    const [, probes] = parse(renderPrometheusConfig(settings)).scrape_configs;
    expect(probes.metrics_path).toBe('/probe');
    expect(probes.relabel_configs).toEqual([
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__tmp_exporter'], target_label: '__address__' },
    ]);
    expect(probes.metric_relabel_configs).toEqual([
      { source_labels: ['probe_service'], target_label: 'service' },
      { source_labels: ['probe_group'], target_label: 'group' },
      { source_labels: ['probe_zone'], target_label: 'zone' },
      { regex: 'probe_(service|group|zone)', action: 'labeldrop' },
    ]);
  });

  it('refuses an interval Prometheus would refuse', () => {
    expect(() => renderPrometheusConfig({ ...settings, evaluationIntervalSeconds: 0 })).toThrow(
      /evaluationIntervalSeconds/,
    );
  });
});
