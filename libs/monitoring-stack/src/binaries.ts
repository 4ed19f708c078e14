import { access, constants } from 'node:fs/promises';
import { MonitoringError } from './errors';
import type { ExporterBinaries, MonitoringBinaries } from './monitoring-options';

/** Where Debian's prometheus, prometheus-alertmanager and exporter packages put their programs. */
export const DEBIAN_BINARIES: MonitoringBinaries & ExporterBinaries & { promtool: string; amtool: string } = {
  prometheus: '/usr/bin/prometheus',
  alertmanager: '/usr/bin/prometheus-alertmanager',
  promtool: '/usr/bin/promtool',
  amtool: '/usr/bin/amtool',
  nodeExporter: '/usr/bin/prometheus-node-exporter',
  blackboxExporter: '/usr/bin/prometheus-blackbox-exporter',
};

/** Fails, saying how to install them, unless every program is there and executable. */
export async function requireBinaries(binaries: Record<string, string>): Promise<void> {
  const missing: string[] = [];
  for (const [name, path] of Object.entries(binaries)) {
    if (
      !(await access(path, constants.X_OK).then(
        () => true,
        () => false,
      ))
    ) {
      missing.push(`${name} (${path})`);
    }
  }
  if (missing.length > 0) {
    throw new MonitoringError(`not installed: ${missing.join(', ')}; run scripts/install-monitoring.sh`);
  }
}
