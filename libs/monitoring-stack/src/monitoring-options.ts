/** A process for Prometheus to scrape at `http://<address>/metrics`. */
export interface ScrapeTarget {
  /** `host:port` */
  address: string;
  /** Every series of the target carries these; `instance` defaults to the address. */
  labels: { service: string; group: string; zone: string; instance?: string };
}

/**
 * Connections a blackbox exporter makes on Prometheus' behalf, one probe per target at every scrape: whether
 * each connects (`probe_success`) and how long it takes (`probe_duration_seconds`), the network's loss and
 * latency signal between the services and what they call.
 */
export interface ProbeTargets {
  /** The blackbox exporter that runs the probes. Each probe's `up` (whether the exporter answered) carries its labels. */
  exporter: ScrapeTarget;
  /** The exporter's module for every probe that names none of its own (`tcp_connect`). */
  module: string;
  /**
   * What is probed: the address connected to, and the service, group and zone of what listens there, which the
   * probe's own series carry; `instance` names it (the address by default).
   */
  targets: readonly ProbeTarget[];
}

/** A probed address; `module` when it needs another exchange than the default (a database that must answer). */
export interface ProbeTarget extends ScrapeTarget {
  module?: string;
}

export interface AlertmanagerOptions {
  /** How long a new group of alerts waits for more before its first notification (default 30; 0 sends it at once). */
  groupWaitSeconds?: number;
  /** How long a group waits before notifying about changes, resolutions included (default 300). */
  groupIntervalSeconds?: number;
  /** How long before an unchanged firing group is notified again (default 4 h). */
  repeatIntervalSeconds?: number;
  /** Receives every alert, firing and resolved (the platform's alert ledger); none when left out. */
  ledgerWebhookUrl?: string;
  /** The bearer token Alertmanager sends the ledger (the runner's RUNNER_WEBHOOK_TOKEN); none when left out. */
  ledgerWebhookToken?: string;
  /** Receives critical and high alerts (the on-call pager); none when left out. */
  oncallWebhookUrl?: string;
  /** When an alert that carries no end time counts as resolved (default 300; Prometheus' alerts carry one). */
  resolveTimeoutSeconds?: number;
}

export interface MonitoringBinaries {
  prometheus: string;
  alertmanager: string;
}

export interface ExporterBinaries {
  nodeExporter: string;
  blackboxExporter: string;
}

export interface MonitoringOptions {
  /** Prometheus' and Alertmanager's data and generated configuration go below it, in prometheus/ and alertmanager/. */
  dataDir: string;
  /** Default 15. */
  scrapeIntervalSeconds?: number;
  /** How often the recording and alerting rules are evaluated (default 15). */
  evaluationIntervalSeconds?: number;
  alertmanager?: AlertmanagerOptions;
  /** Where the programs are; Debian's packages by default (scripts/install-monitoring.sh installs them). */
  binaries?: Partial<MonitoringBinaries>;
}

export interface RunningMonitoring {
  /** `http://127.0.0.1:<port>` */
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /**
   * Replaces the scrape targets, and the blackbox probes (none when left out). Prometheus notices the new lists
   * within a moment, without a reload.
   */
  setTargets(targets: readonly ScrapeTarget[], probes?: ProbeTargets): Promise<void>;
  /** Stops both programs and waits until they have exited; their data stays. Safe to call twice. */
  stop(): Promise<void>;
}
