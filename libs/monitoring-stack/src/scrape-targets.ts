import { MonitoringError } from './errors';
import type { ScrapeTarget } from './monitoring-options';

/** One entry of a Prometheus file_sd file. */
interface FileSdEntry {
  targets: [string];
  labels: Record<string, string>;
}

// host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
const ADDRESS = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const REQUIRED_LABELS = ['service', 'group', 'zone'] as const;

/**
 * The targets as a file_sd file: one entry per target, since each has labels of its own. The labels become
 * the target's, and so every series scraped from it carries them (see prometheus-config.ts).
 */
export function renderTargetsFile(targets: readonly ScrapeTarget[]): string {
  const seen = new Set<string>();
  const entries = targets.map((target, index): FileSdEntry => {
    const where = `scrape target ${index} (${JSON.stringify(target.address)})`;
    const port = ADDRESS.exec(target.address)?.[1];
    if (port === undefined || Number(port) === 0 || Number(port) > 65535) {
      throw new MonitoringError(`${where}: the address must be host:port`);
    }
    // Prometheus would merge the two into one target, keeping one set of labels.
    if (seen.has(target.address)) throw new MonitoringError(`${where}: the address is listed twice`);
    seen.add(target.address);
    const labels: Record<string, string> = {};
    for (const name of REQUIRED_LABELS) {
      const value = target.labels[name];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new MonitoringError(`${where}: the label "${name}" must not be empty`);
      }
      labels[name] = value;
    }
    if (target.labels.instance !== undefined) {
      if (target.labels.instance.trim() === '') {
        throw new MonitoringError(`${where}: the label "instance" must not be empty when given`);
      }
      labels.instance = target.labels.instance;
    }
    return { targets: [target.address], labels };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}
