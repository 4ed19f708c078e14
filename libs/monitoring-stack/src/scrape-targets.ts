import { MonitoringError } from './errors';
import type { ProbeTargets, ScrapeTarget } from './monitoring-options';

/** One entry of a Prometheus file_sd file. */
interface FileSdEntry {
  targets: [string];
  labels: Record<string, string>;
}

// host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
const ADDRESS = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const REQUIRED_LABELS = ['service', 'group', 'zone'] as const;
const MODULE = /^[A-Za-z0-9_-]+$/;

/**
 * The targets as a file_sd file: one entry per target, since each has labels of its own. The labels become
 * the target's, and so every series scraped from it carries them (see prometheus-config.ts).
 */
export function renderTargetsFile(targets: readonly ScrapeTarget[]): string {
  const seen = new Set<string>();
  const entries = targets.map((target, index): FileSdEntry => {
    const where = `scrape target ${index} (${JSON.stringify(target.address)})`;
    // Prometheus would merge the two into one target, keeping one set of labels.
    if (seen.has(target.address)) throw new MonitoringError(`${where}: the address is listed twice`);
    seen.add(target.address);
    return { targets: [checkAddress(target.address, where)], labels: checkLabels(target, where) };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/**
 * The probes as a file_sd file for the blackbox job: the probed address is the target, the exporter's
 * address and module ride along in labels the job's relabelling turns into the scrape's URL (see
 * prometheus-config.ts). The target labels are the exporter's, which `up` keeps; the probed service's
 * place goes in `probe_*` labels that become service, group and zone on the probe's own series.
 */
export function renderProbesFile(probes: ProbeTargets | undefined): string {
  if (probes === undefined) return '[]\n';
  const exporter = checkAddress(probes.exporter.address, 'the blackbox exporter');
  const exporterLabels = checkLabels(probes.exporter, 'the blackbox exporter');
  const moduleOf = (module: string) => {
    if (!MODULE.test(module)) throw new MonitoringError(`probe module ${JSON.stringify(module)} is not a module name`);
    return module;
  };
  moduleOf(probes.module);
  const seen = new Set<string>();
  const entries = probes.targets.map((target, index): FileSdEntry => {
    const where = `probe target ${index} (${JSON.stringify(target.address)})`;
    const labels = checkLabels(target, where);
    const instance = labels.instance ?? target.address;
    // Both groups may probe one address (a shared database); the instance tells their probes apart.
    if (seen.has(instance)) {
      throw new MonitoringError(`${where}: the instance ${JSON.stringify(instance)} is listed twice`);
    }
    seen.add(instance);
    return {
      targets: [checkAddress(target.address, where)],
      labels: {
        ...exporterLabels,
        instance,
        probe_service: labels.service,
        probe_group: labels.group,
        probe_zone: labels.zone,
        __param_module: moduleOf(target.module ?? probes.module),
        __tmp_exporter: exporter,
      },
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

function checkAddress(address: string, where: string): string {
  const port = ADDRESS.exec(address)?.[1];
  if (port === undefined || Number(port) === 0 || Number(port) > 65535) {
    throw new MonitoringError(`${where}: the address must be host:port`);
  }
  return address;
}

function checkLabels(target: ScrapeTarget, where: string): Record<string, string> {
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
  return labels;
}
