import { publishedSchemaCheck, STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from '@scale/http-contract';
import { z } from 'zod';

/**
 * Alertmanager's webhook notification, version 4 (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Fields the ledger does not read are checked only for their type and passed over, so a newer
 * Alertmanager that adds fields (as 0.22 added `truncatedAlerts`) is still understood.
 */
const text = z.string().regex(STORABLE_TEXT, STORABLE_TEXT_MESSAGE);
/**
 * Label names are checked by a rule rather than in the schema: OpenAPI 3.0 cannot say what a map's keys
 * must be, so a NUL in one is a 422 (the published schema allows it, the ledger cannot store it).
 */
function storableNames(labels: Record<string, string>, context: z.RefinementCtx): void {
  const message = `name ${STORABLE_TEXT_MESSAGE}`;
  for (const key of Object.keys(labels)) {
    if (!STORABLE_TEXT.test(key)) context.addIssue({ code: 'custom', path: [key], message });
  }
}
const labelSet = z.record(z.string(), text).superRefine(storableNames);
const time = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' });

/** Go's zero time.Time, which Alertmanager writes as the end of an alert that still fires. */
export function isZeroTime(value: string): boolean {
  return new Date(value).getTime() < 0;
}

const notifiedAlertSchema = z
  .object({
    status: z.enum(['firing', 'resolved']),
    labels: z
      .object({ alertname: text.min(1, 'must not be empty') }, { error: 'must include alertname' })
      .catchall(text)
      .superRefine(storableNames),
    annotations: labelSet.default({}),
    startsAt: time,
    endsAt: time.default('0001-01-01T00:00:00Z'),
    generatorURL: text.optional(),
    fingerprint: text.min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  })
  .superRefine((alert, context) => {
    if (isZeroTime(alert.startsAt)) {
      context.addIssue({ code: 'custom', path: ['startsAt'], message: 'must be a real time, not the zero time' });
    }
    if (alert.status !== 'resolved') return;
    if (isZeroTime(alert.endsAt)) {
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be set when status is resolved' });
    } else if (new Date(alert.endsAt) < new Date(alert.startsAt)) {
      context.addIssue({ code: 'custom', path: ['endsAt'], message: 'must not be before startsAt' });
    }
  });

export const webhookPayloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (the webhook format this ledger reads)' }),
  groupKey: text,
  status: z.enum(['firing', 'resolved']),
  receiver: text,
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: text.optional(),
  truncatedAlerts: z.number().int().min(0).optional(),
  alerts: z.array(notifiedAlertSchema).max(10_000, 'must have at most 10000 alerts'),
});

export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** The notification's schema as the runner's OpenAPI document publishes it (OpenAPI 3.0). */
export const webhookPayloadOpenApiSchema = z.toJSONSchema(webhookPayloadSchema, { io: 'input', target: 'openapi-3.0' });
const matchesPublishedSchema = publishedSchemaCheck(z.toJSONSchema(webhookPayloadSchema, { io: 'input' }));
export type NotifiedAlert = WebhookPayload['alerts'][number];

export interface PayloadIssue {
  /** `alerts[0].startsAt`, or `(body)` for the payload as a whole. */
  field: string;
  message: string;
}

export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  /** `rules`: the published schema allows the body, a rule it cannot express refuses it (endsAt before startsAt). */
  constructor(
    readonly issues: PayloadIssue[],
    readonly kind: 'schema' | 'rules' = 'schema',
  ) {
    super(`invalid Alertmanager webhook payload: ${issues.map(describeIssue).join('; ')}`);
  }
}

/** `alerts[0].startsAt must be an RFC 3339 time` */
export function describeIssue(issue: PayloadIssue): string {
  return `${issue.field} ${issue.message}`;
}

/** Parses a notification; every problem names the field it is about. */
export function parseWebhookPayload(input: unknown): WebhookPayload {
  const parsed = webhookPayloadSchema.safeParse(input, { error: readableMessage });
  if (parsed.success) return parsed.data;
  throw new WebhookPayloadError(
    parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), message: issue.message })),
    matchesPublishedSchema(input) ? 'rules' : 'schema',
  );
}

/** zod's own wording ("Invalid input: expected string, received undefined") for a person reading a 400. */
function readableMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    const expected = issue.expected === 'record' ? 'object of strings' : issue.expected;
    return `must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return undefined;
}

function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path.reduce<string>(
    (field, key) => (typeof key === 'number' ? `${field}[${key}]` : field ? `${field}.${String(key)}` : String(key)),
    '',
  );
}
