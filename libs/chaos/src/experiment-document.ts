import { publishedSchemaCheck, STORABLE_TEXT, STORABLE_TEXT_MESSAGE } from '@scale/http-contract';
import { z } from 'zod';
import type { Tolerance } from './tolerance';

export const FAULT_KINDS = [
  'cpu-hog',
  'container-shutdown',
  'container-kill',
  'container-freeze',
  'pod-kill',
  'zone-outage',
  'database-network',
  'traffic-surge',
  'memory-hog',
  'disk-fill',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const TARGET_MODES = ['one', 'all', 'fixed', 'percent'] as const;
export type TargetMode = (typeof TARGET_MODES)[number];

const text = z.string().regex(STORABLE_TEXT, STORABLE_TEXT_MESSAGE);
const name = text.trim().min(1, 'must not be empty').max(200);
const promql = text.trim().min(1, 'must not be empty').max(10_000);

/**
 * Which replicas of the experiment group a fault hits, as Chaos Mesh selects pods. `value` is the count
 * for `fixed` and the share for `percent`; `one` and `all` ignore it, as Chaos Mesh does. `group` may
 * only say `experiment`: it exists so that a document asking for the control group is refused by name
 * instead of as an unknown field.
 */
const targetSchema = z
  .strictObject({
    service: name,
    zone: name.optional(),
    group: z.literal('experiment', { error: 'faults only ever target the experiment group' }).optional(),
    mode: z.enum(TARGET_MODES).default('one'),
    value: z.number().optional(),
  })
  .superRefine((target, ctx) => {
    if (target.mode === 'fixed') {
      if (target.value === undefined) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'required for mode fixed' });
      } else if (!Number.isInteger(target.value) || target.value < 1 || target.value > 1000) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an integer from 1 to 1000 for mode fixed' });
      }
    }
    if (target.mode === 'percent') {
      if (target.value === undefined) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'required for mode percent' });
      } else if (target.value < 1 || target.value > 100) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be from 1 to 100 for mode percent' });
      }
    }
  });

const noParams = z.strictObject({}).prefault({});

/** Each fault kind with the parameters it takes; `params` may be left out when every one has a default. */
const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cpu-hog'),
    target: targetSchema,
    params: z
      .strictObject({
        cores: z.number().int().min(1).max(64).default(1),
        loadPercent: z.number().int().min(1).max(100).default(100),
        /** The hog's own deadline, so it ends even when the runner dies; the fault picks one from the duration when absent. */
        timeoutSeconds: z.number().int().min(1).max(7200).optional(),
      })
      .prefault({}),
  }),
  z.strictObject({ kind: z.literal('container-shutdown'), target: targetSchema, params: noParams }),
  z.strictObject({ kind: z.literal('container-kill'), target: targetSchema, params: noParams }),
  z.strictObject({ kind: z.literal('container-freeze'), target: targetSchema, params: noParams }),
  z.strictObject({
    kind: z.literal('pod-kill'),
    target: targetSchema,
    params: z
      .strictObject({
        /** Seconds the pod has to stop after SIGTERM before it is killed (Kubernetes); 0, or left out, kills it at once. */
        gracePeriodSeconds: z.number().int().min(0).max(3600).optional(),
      })
      .prefault({}),
  }),
  z
    .strictObject({ kind: z.literal('zone-outage'), target: targetSchema, params: z.strictObject({ zone: name }) })
    .refine((fault) => fault.target.zone === undefined || fault.target.zone === fault.params.zone, {
      path: ['target', 'zone'],
      message: 'must equal params.zone for a zone outage (or be left out)',
    }),
  z
    .strictObject({
      kind: z.literal('database-network'),
      target: targetSchema,
      params: z
        .strictObject({
          /** Added to every answer from the database; `jitterMs` more or less at random. */
          latencyMs: z.number().int().min(0).max(60_000).default(0),
          jitterMs: z.number().int().min(0).max(60_000).default(0),
          /** The share of connections whose data is dropped (TCP loses no bytes: a lossy link stalls them). */
          lossProbability: z.number().min(0).max(1).default(0),
          /** The share of connections reset by the peer. */
          resetProbability: z.number().min(0).max(1).default(0),
        })
        .prefault({}),
    })
    .refine((fault) => fault.params.jitterMs <= fault.params.latencyMs, {
      path: ['params', 'jitterMs'],
      message: 'must not exceed params.latencyMs',
    })
    .refine(({ params }) => params.latencyMs > 0 || params.lossProbability > 0 || params.resetProbability > 0, {
      path: ['params'],
      message: 'needs latencyMs, lossProbability or resetProbability above 0',
    }),
  z.strictObject({
    kind: z.literal('traffic-surge'),
    target: targetSchema,
    /** The experiment group's load as a multiple of its steady load (the control group's stays as it is). */
    params: z.strictObject({ multiplier: z.number().gt(1).max(20) }),
  }),
  z
    .strictObject({
      kind: z.literal('memory-hog'),
      target: targetSchema,
      params: z.strictObject({
        /**
         * What the hog allocates and holds: `megabytes` MiB, or what keeps the container at `sharePercent`
         * of its memory limit (what the replica holds counts, and the hog gives back what it comes to need).
         */
        megabytes: z.number().int().min(1).max(65_536).optional(),
        sharePercent: z.number().min(1).max(100).optional(),
        /** The hog's own deadline, so it ends even when the runner dies; the fault picks one from the duration when absent. */
        timeoutSeconds: z.number().int().min(1).max(7200).optional(),
      }),
    })
    .refine(({ params }) => (params.megabytes === undefined) !== (params.sharePercent === undefined), {
      path: ['params'],
      message: 'needs megabytes or sharePercent, not both',
    }),
  z.strictObject({
    kind: z.literal('disk-fill'),
    target: targetSchema,
    /** The container's writable space is filled until it holds this share of its ephemeral-storage limit. */
    params: z.strictObject({ sharePercent: z.number().min(1).max(100) }),
  }),
]);

const toleranceSchema = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.literal('absolute'), min: z.number().optional(), max: z.number().optional() })
    .refine((t) => t.min !== undefined || t.max !== undefined, { message: 'needs min, max or both' })
    .refine((t) => t.min === undefined || t.max === undefined || t.min <= t.max, {
      path: ['min'],
      message: 'must not exceed max',
    }),
  z
    .strictObject({
      type: z.literal('relative'),
      maxRatio: z.number().positive(),
      minRatio: z.number().min(0).optional(),
    })
    .refine((t) => t.minRatio === undefined || t.minRatio <= t.maxRatio, {
      path: ['minRatio'],
      message: 'must not exceed maxRatio',
    }),
]);

const probeSchema = z.strictObject({ name, query: promql, tolerance: toleranceSchema });

const abortConditionSchema = z.strictObject({
  name,
  query: promql,
  /** The run aborts when the experiment group's value exceeds `max` in `forSamples` consecutive samples. */
  max: z.number(),
  forSamples: z.number().int().min(1).max(100).default(3),
});

const expectedAlertSchema = z.strictObject({
  alertname: name,
  withinSeconds: z.number().positive().max(3600),
});

const uniqueNames = (items: ReadonlyArray<{ name: string }>) =>
  new Set(items.map((item) => item.name)).size === items.length;

export const experimentDocumentSchema = z.strictObject({
  title: name,
  description: text.max(10_000).optional(),
  fault: faultSchema,
  durationSeconds: z.number().int().min(1).max(3600),
  steadyState: z.strictObject({
    probes: z
      .array(probeSchema)
      .min(1, 'needs at least one probe')
      .max(50)
      .refine(uniqueNames, 'probe names must be unique'),
  }),
  abortConditions: z
    .array(abortConditionSchema)
    .max(50)
    .refine(uniqueNames, 'abort condition names must be unique')
    .default([]),
  expectedAlerts: z.array(expectedAlertSchema).max(50).default([]),
  dryRun: z.boolean().default(false),
  /** The largest share of the experiment group's replicas of one service a fault may hit. */
  maxTargetShare: z.number().gt(0).max(1).default(0.5),
});

export type ExperimentDocument = z.infer<typeof experimentDocumentSchema>;
/** The document as a client writes it, defaults not yet applied. */
export type ExperimentDocumentInput = z.input<typeof experimentDocumentSchema>;
export type ExperimentFault = ExperimentDocument['fault'];
export type ExperimentTarget = ExperimentFault['target'];
export type ExperimentProbe = ExperimentDocument['steadyState']['probes'][number];
export type AbortCondition = ExperimentDocument['abortConditions'][number];
export type ExpectedAlert = ExperimentDocument['expectedAlerts'][number];

// The parsed tolerance is what evaluateTolerance takes: fails to compile if the two drift apart.
const _toleranceMatches: (t: ExperimentProbe['tolerance']) => Tolerance = (t) => t;

/** JSON Schema (draft 2020-12) of the document as a client writes it (fields with defaults are optional). */
export const experimentDocumentJsonSchema = z.toJSONSchema(experimentDocumentSchema, { io: 'input' });
/** The same as an OpenAPI 3.0 schema object, for the runner's OpenAPI document. */
export const experimentDocumentOpenApiSchema = z.toJSONSchema(experimentDocumentSchema, {
  io: 'input',
  target: 'openapi-3.0',
});

export interface DocumentIssue {
  path: string;
  message: string;
}

export class ExperimentDocumentError extends Error {
  override readonly name = 'ExperimentDocumentError';
  /**
   * `schema`: the document breaks its published JSON Schema (a type, a bound, a field unknown or
   * missing). `rules`: the schema allows it but a rule it cannot express refuses it (min above max,
   * a name of spaces only, duplicate probe names, a zone that disagrees with itself).
   */
  readonly kind: 'schema' | 'rules';
  constructor(
    readonly issues: DocumentIssue[],
    kind: 'schema' | 'rules' = 'schema',
  ) {
    super(`invalid experiment document: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
    this.kind = kind;
  }
}

const matchesPublishedSchema = publishedSchemaCheck(experimentDocumentJsonSchema);

/** Parses and validates a document; every problem is reported with the path of the field it is about. */
export function parseExperimentDocument(input: unknown): ExperimentDocument {
  const parsed = experimentDocumentSchema.safeParse(input, { error: readableMessage });
  if (parsed.success) return parsed.data;
  // zod's messages name every wrong field either way; the published schema says whose mistake kind it is.
  const kind = matchesPublishedSchema(input) ? 'rules' : 'schema';
  throw new ExperimentDocumentError(parsed.error.issues.flatMap(describeIssue), kind);
}

/**
 * Messages a person writing the document understands ("required", "must be at most 3600") instead of
 * zod's ("Invalid input: expected number, received undefined"). Messages set in the schema win.
 */
function readableMessage(issue: z.core.$ZodRawIssue): string | undefined {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- zod owns the codes; the rest keep zod's words
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      return issue.expected === 'int' ? 'must be an integer' : `must be ${article(issue.expected)} ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_union': {
      if (!('discriminator' in issue) || typeof issue.discriminator !== 'string') return undefined;
      const input = issue.input as Record<string, unknown> | null | undefined;
      if (typeof input !== 'object' || input === null) return undefined;
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String).join(', ') : '';
      return input[issue.discriminator] === undefined ? 'required' : `must be one of ${options}`;
    }
    case 'too_small':
      if (issue.origin === 'number') {
        return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
      }
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`;
      return undefined;
    case 'too_big':
      if (issue.origin === 'number') {
        return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
      }
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return undefined;
    default:
      return undefined;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function describeIssue(issue: z.core.$ZodIssue): DocumentIssue[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: formatPath([...path, key]), message: 'unknown field' }));
  }
  return [{ path: formatPath(path), message: issue.message }];
}

function formatPath(path: readonly string[]): string {
  return path.length === 0 ? '(document)' : path.join('.');
}

/** A probe's query for one group: `$group` becomes the group's name. */
export function groupQuery(query: string, group: 'control' | 'experiment'): string {
  return query.replace(/\$group\b/g, group);
}
