import { stringify } from 'yaml';
import { formatDuration } from './durations';

export interface PrometheusConfigSettings {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** Rule files or globs (`/repo/observability/prometheus/rules/*.yml`). */
  ruleFiles: readonly string[];
  /** The file_sd file setTargets writes. */
  targetsFile: string;
  /** The file_sd file of blackbox probes setTargets writes. */
  probesFile: string;
  /** `host:port` of the Alertmanager the alerts go to. */
  alertmanagerAddress: string;
}

/** Prometheus' default; a shorter scrape interval must shorten it too, or Prometheus refuses the config. */
const MAX_SCRAPE_TIMEOUT_SECONDS = 10;
/** File SD notices changes at once through inotify; the re-read is a fallback for missed events. */
const TARGETS_REREAD_SECONDS = 30;

export function renderPrometheusConfig(settings: PrometheusConfigSettings): string {
  const config = {
    global: {
      scrape_interval: formatDuration(settings.scrapeIntervalSeconds, 'scrapeIntervalSeconds'),
      scrape_timeout: formatDuration(
        Math.min(settings.scrapeIntervalSeconds, MAX_SCRAPE_TIMEOUT_SECONDS),
        'scrapeIntervalSeconds',
      ),
      evaluation_interval: formatDuration(settings.evaluationIntervalSeconds, 'evaluationIntervalSeconds'),
    },
    rule_files: [...settings.ruleFiles],
    alerting: {
      alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [settings.alertmanagerAddress] }] }],
    },
    scrape_configs: [
      {
        job_name: 'scale',
        file_sd_configs: [
          { files: [settings.targetsFile], refresh_interval: formatDuration(TARGETS_REREAD_SECONDS, 'refresh') },
        ],
        relabel_configs: [
          // Every rule aggregates by service and group, and zone outages need the zone: a target without
          // all three would be scraped into series no rule sees.
          { source_labels: ['service', 'group', 'zone'], regex: '[^;]+;[^;]+;[^;]+', action: 'keep' },
          // job names the program, as it conventionally does, rather than this one scrape config.
          { source_labels: ['service'], target_label: 'job' },
        ],
        metric_relabel_configs: [
          // The apps label their own series with service, group and zone too; Prometheus keeps the target's
          // labels and renames the app's to exported_*. The target's are the ones `up` carries, so they
          // stay the only ones, and queries can join `up` with the apps' series.
          { regex: 'exported_(service|group|zone)', action: 'labeldrop' },
        ],
      },
      {
        // Each target is a probe: Prometheus asks the blackbox exporter to connect to the address.
        job_name: 'blackbox',
        metrics_path: '/probe',
        file_sd_configs: [
          { files: [settings.probesFile], refresh_interval: formatDuration(TARGETS_REREAD_SECONDS, 'refresh') },
        ],
        relabel_configs: [
          { source_labels: ['__address__'], target_label: '__param_target' },
          { source_labels: ['__tmp_exporter'], target_label: '__address__' },
        ],
        // Metric relabelling leaves `up` alone, so `up` keeps the exporter's place: a zone whose every
        // process is gone still has no target up (ZoneOutage), while its probes fail. The probe's own series
        // take the probed service's place, and compare by group and zone like the processes' series.
        metric_relabel_configs: [
          ...(['service', 'group', 'zone'] as const).map((label) => ({
            source_labels: [`probe_${label}`],
            target_label: label,
          })),
          { regex: 'probe_(service|group|zone)', action: 'labeldrop' },
        ],
      },
    ],
  };
  return `# Written by @scale/monitoring-stack at start-up; changes here are overwritten.\n${stringify(config)}`;
}
