import { z } from 'zod';
import { environmentSchema, parseSettings } from '@scale/config';

/**
 * The settings of one group's traffic generator on Kubernetes (the chart's `traffic` values) and the object
 * store's S3_*; the S3 client reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY itself.
 */
export const groupGeneratorSettingsSchema = environmentSchema
  .pick({
    S3_ENDPOINT: true,
    S3_REGION: true,
    S3_BUCKET: true,
    S3_FORCE_PATH_STYLE: true,
  })
  .extend({
    TRAFFIC_GROUP: z.enum(['control', 'experiment']),
    /** The group's API Service, e.g. `http://scale-experiment-api.scale-experiment.svc:3000`. */
    TRAFFIC_API_URL: z.url(),
    /** Requests per second at steady load (open loop, constant arrival rate). */
    TRAFFIC_REQUESTS_PER_SECOND: z.coerce.number().min(0).default(20),
    /** New MIDI objects per second into the bucket both groups read: one release sets it, or both groups get twice. */
    TRAFFIC_OBJECTS_PER_SECOND: z.coerce.number().min(0).default(0),
    /** The ConfigMap whose `multiplier` key the chaos runner writes during a traffic surge, in POD_NAMESPACE. */
    TRAFFIC_CONFIGMAP: z.string().min(1),
    POD_NAMESPACE: z.string().min(1),
    TRAFFIC_MULTIPLIER_POLL_SECONDS: z.coerce.number().positive().default(2),
    /** /metrics and /healthz. */
    TRAFFIC_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
    LOG_LEVEL: z.string().default('info'),
  });

export type GroupGeneratorSettings = z.infer<typeof groupGeneratorSettingsSchema>;

export function loadGroupGeneratorSettings(env: NodeJS.ProcessEnv = process.env): GroupGeneratorSettings {
  return parseSettings(groupGeneratorSettingsSchema, env);
}
