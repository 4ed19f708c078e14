import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { environmentSchema, optionalUrl, parseSettings } from '@scale/config';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
/** A Kubernetes namespace's name (an RFC 1123 label), or nothing when unset or empty. */
const namespace = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a namespace name (lowercase letters, digits, hyphens)')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** What the Kubernetes driver cannot do without: the chart sets each of them. */
const KUBERNETES_REQUIRED = [
  'KUBERNETES_EXPERIMENT_NAMESPACE',
  'KUBERNETES_CONTROL_NAMESPACE',
  'PROMETHEUS_URL',
  'ALERTMANAGER_URL',
  'CONTROL_DATABASE_URL',
  'EXPERIMENT_DATABASE_URL',
] as const;

/** The repository's apps/chaos-runner/suites, found from the sources (tests) and from the build (dist/) alike. */
function repositorySuitesDir(): string | undefined {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'chaos-runner', 'suites');
    if (isDirectory(candidate)) return candidate;
  }
  return undefined;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * The runner's own settings. The database, logging and telemetry come from @scale/config's schema,
 * which every program shares, and the bearer tokens from the auth module's (RUNNER_TOKENS,
 * RUNNER_READONLY_TOKENS). Defaults make `npm run demo` work against a local cluster on this machine.
 */
export const runnerSettingsSchema = z
  .object({
    CHAOS_RUNNER_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
    /** Which cluster the experiments run on: the local cluster of processes, or Kubernetes. */
    CHAOS_DRIVER: z.enum(['local', 'kubernetes']).default('local'),
    /** The local cluster's control API. */
    LOCAL_CLUSTER_URL: z.string().trim().url().default('http://127.0.0.1:3100'),
    /** Prometheus to query; the cluster's own when left out (required with CHAOS_DRIVER=kubernetes). */
    PROMETHEUS_URL: optionalUrl,
    /** Alertmanager of the cluster (CHAOS_DRIVER=kubernetes; the local cluster reports its own). */
    ALERTMANAGER_URL: optionalUrl,
    /** Each group's database, for the data-integrity check (CHAOS_DRIVER=kubernetes). */
    CONTROL_DATABASE_URL: optionalUrl,
    EXPERIMENT_DATABASE_URL: optionalUrl,
    /** The object store's bucket both groups read, as every program names it. */
    S3_BUCKET: environmentSchema.shape.S3_BUCKET,
    /** The namespaces of the two groups' releases (CHAOS_DRIVER=kubernetes); faults only ever touch the experiment one. */
    KUBERNETES_EXPERIMENT_NAMESPACE: namespace,
    KUBERNETES_CONTROL_NAMESPACE: namespace,
    /**
     * How a zone outage is made on Kubernetes: `namespace` keeps the experiment group's Deployments out
     * of the zone and evicts their pods there (no node rights); `nodes` cordons the zone's nodes, which
     * must be dedicated to the experiment group.
     */
    KUBERNETES_ZONE_MODE: z.enum(['namespace', 'nodes']).default('namespace'),
    /** A kubeconfig file to reach the cluster with; the pod's ServiceAccount when left out. */
    KUBECONFIG: z
      .string()
      .trim()
      .optional()
      .transform((path) => path || undefined),
    /** How long one Prometheus query may take before it counts as Prometheus being unreachable. */
    PROMETHEUS_TIMEOUT_SECONDS: seconds(5),
    /** An alert that resolves by itself within this long, with no experiment or action behind it, is noise. */
    NOISE_SECONDS: seconds(300),
    /** How often an experiment samples its probes and abort conditions in both groups. */
    PROBE_INTERVAL_SECONDS: seconds(5),
    /** How long an experiment may wait, before its steady-state check, for its probes' windows to fill with data. */
    PROBE_WINDOWS_TIMEOUT_SECONDS: seconds(600),
    /** How long, after the fault is reverted, steady state may take to come back before it is "not recovered". */
    RECOVERY_TIMEOUT_SECONDS: seconds(180),
    /** How long, after recovery, the verdict waits for the expected alerts that fired to resolve (for their MTTR). */
    ALERT_RESOLUTION_TIMEOUT_SECONDS: seconds(60),
    /** How long a fault may take to show (a process to exit, a zone to go down) before the run fails. */
    FAULT_VERIFY_TIMEOUT_SECONDS: seconds(30),
    /** How long the data-integrity check may wait for both groups' catalogs to agree. */
    INTEGRITY_TIMEOUT_SECONDS: seconds(120),
    /** A CPU hog's own deadline beyond the experiment's duration, in case nothing is left to stop it. */
    CPU_HOG_GRACE_SECONDS: seconds(30),
    /** One folder per suite, each holding experiment documents (*.json) run in the order of their file names. */
    RUNNER_SUITES_DIR: z
      .string()
      .trim()
      .optional()
      .transform((dir) => (dir ? resolve(dir) : repositorySuitesDir()))
      .refine((dir) => dir !== undefined && isDirectory(dir), 'must be a folder (one folder per suite inside)')
      .transform((dir) => dir as string),
  })
  .superRefine((settings, ctx) => {
    if (settings.CHAOS_DRIVER !== 'kubernetes') return;
    const missing = KUBERNETES_REQUIRED.filter((name) => settings[name] === undefined);
    for (const name of missing) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'required with CHAOS_DRIVER=kubernetes' });
    }
    const { KUBERNETES_EXPERIMENT_NAMESPACE: experiment, KUBERNETES_CONTROL_NAMESPACE: control } = settings;
    if (experiment !== undefined && experiment === control) {
      ctx.addIssue({
        code: 'custom',
        path: ['KUBERNETES_CONTROL_NAMESPACE'],
        message: `must differ from KUBERNETES_EXPERIMENT_NAMESPACE (both are ${experiment}): the control group is never touched`,
      });
    }
  });

export type RunnerSettings = z.infer<typeof runnerSettingsSchema>;

/** Injection token of the parsed settings. */
export const RUNNER_SETTINGS = Symbol('RUNNER_SETTINGS');

/** Parses the runner's settings once at start-up; a wrong value stops it with a message naming the variable. */
export function loadRunnerSettings(env: NodeJS.ProcessEnv = process.env): RunnerSettings {
  return parseSettings(runnerSettingsSchema, env);
}
