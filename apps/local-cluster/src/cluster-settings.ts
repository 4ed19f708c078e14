import { z } from 'zod';
import { parseSettings } from '@scale/config';

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const optionalSeconds = z.coerce.number().positive().optional();

/**
 * The local cluster's own settings, beside the shared ones of @scale/config (DATABASE_URL, S3_*,
 * SCALE_DATA_DIR, PROMETHEUS_*, ALERTMANAGER_*_WEBHOOK_URL, LOG_LEVEL), which it reads as well.
 */
export const clusterSettingsSchema = z.object({
  /** Port of the control API on loopback; 0 picks a free one. */
  LOCAL_CLUSTER_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  /** Comma-separated zones, each with one API and one extractor replica per group. */
  LOCAL_CLUSTER_ZONES: z
    .string()
    .default('a,b')
    .transform((value) =>
      value
        .split(',')
        .map((zone) => zone.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, 'each zone must be lowercase letters, digits and hyphens'),
        )
        .min(1),
    ),
  /** The group databases are <prefix>_control and <prefix>_experiment. */
  LOCAL_CLUSTER_DATABASE_PREFIX: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be a lowercase SQL identifier')
    .default('scale'),
  LOCAL_CLUSTER_RESTART_BACKOFF_INITIAL_SECONDS: seconds(1),
  LOCAL_CLUSTER_RESTART_BACKOFF_MAX_SECONDS: seconds(30),
  /** A replica that stays up this long starts its next run of crashes from the initial delay. */
  LOCAL_CLUSTER_RESTART_BACKOFF_RESET_SECONDS: seconds(60),
  LOCAL_CLUSTER_STOP_GRACE_SECONDS: seconds(5),
  LOCAL_CLUSTER_EXTRACTOR_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** Each replica's memory limit (its memory cgroup's), in MiB: a replica holds about 190 MiB. */
  LOCAL_CLUSTER_MEMORY_LIMIT_MIB: z.coerce.number().int().min(64).max(65_536).default(512),
  /** Each replica's ephemeral-storage limit (its writable space, TMPDIR), in MiB. */
  LOCAL_CLUSTER_EPHEMERAL_STORAGE_LIMIT_MIB: z.coerce.number().int().min(1).max(1_048_576).default(128),
  /** API requests per second sent to each group; 0 turns the traffic off. */
  TRAFFIC_RATE_PER_GROUP: z.coerce.number().min(0).default(20),
  /** New MIDI objects put into the shared bucket per second. */
  TRAFFIC_OBJECTS_PER_SECOND: z.coerce.number().min(0).default(1),
  /** Alertmanager's group wait, group interval and repeat interval (30 s, 5 min and 4 h when unset). */
  ALERTMANAGER_GROUP_WAIT_SECONDS: optionalSeconds,
  ALERTMANAGER_GROUP_INTERVAL_SECONDS: optionalSeconds,
  ALERTMANAGER_REPEAT_INTERVAL_SECONDS: optionalSeconds,
});

export type ClusterSettings = z.infer<typeof clusterSettingsSchema>;

export class ClusterSettingsError extends Error {
  override readonly name = 'ClusterSettingsError';
}

/** Parses the cluster's settings once; a wrong value stops start-up with a message naming the variable. */
export function loadClusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  return parseSettings(clusterSettingsSchema, env, ClusterSettingsError);
}
