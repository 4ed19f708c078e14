import { z } from 'zod';

const MiB = 1024 * 1024;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A URL, or nothing when unset or empty. */
export const optionalUrl = z
  .string()
  .trim()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

/**
 * Every setting Scale reads from the environment, with defaults that make the embedded mode work:
 * without DATABASE_URL an embedded Postgres is started, without S3_ENDPOINT a local S3 server.
 */
export const environmentSchema = z.object({
  DATABASE_URL: optionalUrl,
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'must be a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)',
    )
    .default('scale-midi'),
  S3_PREFIX: z.string().default(''),
  S3_FORCE_PATH_STYLE: z.stringbool().default(true),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  SCALE_DATA_DIR: z.string().min(1).default('.scale'),
  MIDI_MAX_BYTES: positiveInt(16 * MiB),
  EXTRACTOR_CONCURRENCY: positiveInt(8),
  EXTRACTOR_BATCH_SIZE: positiveInt(64),
  EXTRACTOR_LEASE_SECONDS: positiveInt(60),
  EXTRACTOR_MAX_BACKOFF_SECONDS: positiveInt(300),
  DISCOVERY_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  /**
   * How often a discovery pass, once its listing is complete, also removes from the catalog the
   * objects the bucket no longer holds (the one-shot run always does).
   */
  DISCOVERY_DELETION_INTERVAL_SECONDS: z.coerce.number().positive().default(60),
  EXTRACTOR_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** How often the API looks for songs the extractor wrote, to add them to its similarity index. */
  SIMILARITY_REFRESH_SECONDS: z.coerce.number().positive().default(1),
  /**
   * Where `GET /api/songs?q=` searches: `memory`, the API's in-memory title index (SQL until it is
   * loaded, and for what it cannot decide), or `sql` always, the baseline bench:api compares with.
   */
  TITLE_SEARCH: z.enum(['memory', 'sql']).default('memory'),
  /** Which side of a chaos experiment this process belongs to; a label on every metric. */
  SCALE_GROUP: z.enum(['control', 'experiment']).default('control'),
  /** The availability zone the process runs in; a label on every metric. */
  SCALE_ZONE: z.string().min(1).default('local'),
  /** `deployment.environment.name` on traces and the Sentry environment. */
  DEPLOYMENT_ENVIRONMENT: z.string().min(1).default('local'),
  /** Sentry is off without a DSN (unless SENTRY_SPOTLIGHT asks for a local Spotlight sidecar). */
  SENTRY_DSN: optionalUrl,
  /** A Spotlight sidecar's stream URL (e.g. http://localhost:8969/stream) to send Sentry events to. */
  SENTRY_SPOTLIGHT: optionalUrl,
  /** How often the local Prometheus scrapes every target and evaluates its rules. */
  PROMETHEUS_SCRAPE_INTERVAL_SECONDS: z.coerce.number().positive().default(15),
  PROMETHEUS_EVALUATION_INTERVAL_SECONDS: z.coerce.number().positive().default(15),
  /** Webhook of the on-call pager: receives critical and high alerts. */
  ALERTMANAGER_ONCALL_WEBHOOK_URL: optionalUrl,
  /** Webhook of the alert ledger: receives every alert, firing and resolved. */
  ALERTMANAGER_LEDGER_WEBHOOK_URL: optionalUrl,
  /** The bearer token Alertmanager sends the alert ledger (the chaos runner's RUNNER_WEBHOOK_TOKEN). */
  ALERTMANAGER_LEDGER_WEBHOOK_TOKEN: z
    .string()
    .regex(/^\S{16,}$/, 'must be at least 16 characters, without spaces')
    .optional(),
  /**
   * The per-request RED histogram (`http_server_request_duration_seconds`) that the HTTP alerts and
   * dashboards read. Off only to measure what it costs (bench:overhead).
   */
  HTTP_REQUEST_METRICS: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof environmentSchema>;
