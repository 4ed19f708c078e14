import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderAlertmanagerConfig } from './alertmanager-config';
import { writeFileAtomically } from './atomic-file';
import { DEBIAN_BINARIES, requireBinaries } from './binaries';
import { formatDuration } from './durations';
import type { MonitoringOptions, ProbeTargets, RunningMonitoring, ScrapeTarget } from './monitoring-options';
import { observabilityFiles } from './project-files';
import { renderPrometheusConfig } from './prometheus-config';
import { renderProbesFile, renderTargetsFile } from './scrape-targets';
import { startServerProcess, type RunningServerProcess } from './server-process';
import { tsdbLockFlags } from './tsdb-lock';

const DEFAULT_INTERVAL_SECONDS = 15;

/**
 * Starts a real Prometheus, loaded with Scale's rules, and a real Alertmanager with Scale's routing policy,
 * as child processes on free loopback ports, their data and generated configuration under `dataDir`.
 * Prometheus scrapes the targets setTargets names.
 */
export async function startMonitoring(options: MonitoringOptions): Promise<RunningMonitoring> {
  const binaries = { ...DEBIAN_BINARIES, ...options.binaries };
  await requireBinaries({ prometheus: binaries.prometheus, alertmanager: binaries.alertmanager });
  const files = observabilityFiles();
  const dataDir = resolve(options.dataDir);
  const prometheusDir = join(dataDir, 'prometheus');
  const alertmanagerDir = join(dataDir, 'alertmanager');
  const targetsFile = join(prometheusDir, 'targets.json');
  const probesFile = join(prometheusDir, 'probes.json');
  await mkdir(join(prometheusDir, 'data'), { recursive: true });
  await mkdir(join(alertmanagerDir, 'data'), { recursive: true });

  // Options checked before anything starts, so a bad one fails without leaving a process behind.
  const alertmanagerConfig = renderAlertmanagerConfig(
    await readFile(files.alertmanagerPolicy, 'utf8'),
    options.alertmanager,
  );
  const prometheusSettings = {
    scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    evaluationIntervalSeconds: options.evaluationIntervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    // The rules are read where they are kept, so a reload (POST /-/reload) picks up edits to them.
    ruleFiles: [join(files.rulesDir, '*.yml')],
    targetsFile,
    probesFile,
  };
  formatDuration(prometheusSettings.scrapeIntervalSeconds, 'scrapeIntervalSeconds');
  formatDuration(prometheusSettings.evaluationIntervalSeconds, 'evaluationIntervalSeconds');

  await writeFile(join(alertmanagerDir, 'alertmanager.yml'), alertmanagerConfig);
  // Each start notifies afresh. The notification log says which alerts of a group were already sent; a
  // previous run stopped while they fired would have this run's alerts of the same labels (the same
  // replica killed again) deduplicated for repeat_interval and never reach the ledger. Silences stay.
  await rm(join(alertmanagerDir, 'data', 'nflog'), { force: true });
  const alertmanager = await startServerProcess({
    name: 'Alertmanager',
    binary: binaries.alertmanager,
    args: (port) => [
      `--config.file=${join(alertmanagerDir, 'alertmanager.yml')}`,
      `--storage.path=${join(alertmanagerDir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // One Alertmanager alone: no gossip port to choose, open or clash on.
      '--cluster.listen-address=',
    ],
    readyPath: '/-/ready',
  });

  let prometheus: RunningServerProcess;
  try {
    const lockFlags = await tsdbLockFlags(binaries.prometheus);
    // No targets until setTargets names some; a previous run's would be scraped until then.
    await writeFileAtomically(targetsFile, renderTargetsFile([]));
    await writeFileAtomically(probesFile, renderProbesFile(undefined));
    await writeFile(
      join(prometheusDir, 'prometheus.yml'),
      renderPrometheusConfig({ ...prometheusSettings, alertmanagerAddress: `127.0.0.1:${alertmanager.port}` }),
    );
    prometheus = await startServerProcess({
      name: 'Prometheus',
      binary: binaries.prometheus,
      args: (port) => [
        `--config.file=${join(prometheusDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(prometheusDir, 'data')}`,
        ...lockFlags,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        '--enable-feature=exemplar-storage',
      ],
      readyPath: '/-/ready',
    });
  } catch (error) {
    await alertmanager.stop();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    prometheusUrl: prometheus.url,
    alertmanagerUrl: alertmanager.url,
    setTargets: async (targets: readonly ScrapeTarget[], probes?: ProbeTargets) => {
      // Both rendered first, so a bad list changes neither file.
      const [targetsText, probesText] = [renderTargetsFile(targets), renderProbesFile(probes)];
      await writeFileAtomically(targetsFile, targetsText);
      await writeFileAtomically(probesFile, probesText);
    },
    stop: () => (stopped ??= Promise.all([prometheus.stop(), alertmanager.stop()]).then(() => undefined)),
  };
}
