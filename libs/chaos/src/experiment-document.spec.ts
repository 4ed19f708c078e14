import { describe, expect, it } from 'vitest';
import {
  ExperimentDocumentError,
  experimentDocumentJsonSchema,
  experimentDocumentOpenApiSchema,
  FAULT_KINDS,
  groupQuery,
  parseExperimentDocument,
} from './experiment-document';

const minimal = {
  title: 'API survives losing a replica',
  fault: { kind: 'pod-kill', target: { service: 'scale-api' } },
  durationSeconds: 30,
  steadyState: {
    probes: [
      {
        name: 'api p95',
        query: 'service_group:http_server_request_duration_seconds:p95_1m{service="scale-api",group="$group"}',
        tolerance: { type: 'relative', maxRatio: 1.5 },
      },
    ],
  },
};

function with_(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...minimal, ...patch };
}

/** The issues a document is refused with, as "path: message". */
function refusal(input: unknown): string[] {
  try {
    parseExperimentDocument(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ExperimentDocumentError);
    return (error as ExperimentDocumentError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('the document was accepted');
}

describe('parseExperimentDocument', () => {
  it('fills in the defaults', () => {
    const document = parseExperimentDocument(minimal);
    expect(document.fault).toEqual({ kind: 'pod-kill', target: { service: 'scale-api', mode: 'one' }, params: {} });
    expect(document).toMatchObject({ dryRun: false, maxTargetShare: 0.5, abortConditions: [], expectedAlerts: [] });
  });

  it('accepts the full document of the contract', () => {
    const document = parseExperimentDocument({
      ...minimal,
      description: 'one replica of the API is hogged',
      fault: {
        kind: 'cpu-hog',
        target: { service: 'scale-api', zone: 'a', mode: 'fixed', value: 1 },
        params: { cores: 2, loadPercent: 80, timeoutSeconds: 120 },
      },
      steadyState: {
        probes: [
          minimal.steadyState.probes[0],
          {
            name: 'errors',
            query: 'service_group:http_server_request_errors:ratio_rate1m{group="$group"}',
            tolerance: { type: 'absolute', max: 0.25, min: 0 },
          },
        ],
      },
      abortConditions: [{ name: 'errors', query: 'sum(rate(x{group="$group"}[1m]))', max: 0.5, forSamples: 3 }],
      expectedAlerts: [{ alertname: 'HighCpu', withinSeconds: 90 }],
      dryRun: true,
      maxTargetShare: 1,
    });
    expect(document.fault).toMatchObject({
      kind: 'cpu-hog',
      params: { cores: 2, loadPercent: 80, timeoutSeconds: 120 },
    });
    expect(document.dryRun).toBe(true);
  });

  it('gives a CPU hog one full core by default', () => {
    const document = parseExperimentDocument(with_({ fault: { kind: 'cpu-hog', target: { service: 'scale-api' } } }));
    expect(document.fault.params).toEqual({ cores: 1, loadPercent: 100 });
  });

  it('accepts every fault kind', () => {
    for (const kind of FAULT_KINDS) {
      const required: Partial<Record<string, object>> = {
        'zone-outage': { zone: 'a' },
        'database-network': { latencyMs: 100 },
        'traffic-surge': { multiplier: 2 },
        'memory-hog': { megabytes: 64 },
        'disk-fill': { sharePercent: 95 },
      };
      const params = required[kind] ?? {};
      expect(
        parseExperimentDocument(with_({ fault: { kind, target: { service: 'scale-api' }, params } })).fault.kind,
      ).toBe(kind);
    }
  });

  it('needs the zone of a zone outage', () => {
    expect(refusal(with_({ fault: { kind: 'zone-outage', target: { service: 'scale-api' } } }))).toEqual([
      'fault.params: required',
    ]);
    expect(refusal(with_({ fault: { kind: 'zone-outage', target: { service: 'scale-api' }, params: {} } }))).toEqual([
      'fault.params.zone: required',
    ]);
    expect(
      refusal(
        with_({ fault: { kind: 'zone-outage', target: { service: 'scale-api', zone: 'b' }, params: { zone: 'a' } } }),
      ),
    ).toEqual(['fault.target.zone: must equal params.zone for a zone outage (or be left out)']);
  });

  it('names a missing or unknown fault kind', () => {
    expect(refusal(with_({ fault: { target: { service: 'scale-api' } } }))).toEqual(['fault.kind: required']);
    expect(refusal(with_({ fault: { kind: 'clock-skew', target: { service: 'scale-api' } } }))).toEqual([
      `fault.kind: must be one of ${FAULT_KINDS.join(', ')}`,
    ]);
  });

  it('refuses parameters a fault kind does not take, and unknown fields anywhere', () => {
    expect(
      refusal(with_({ fault: { kind: 'pod-kill', target: { service: 'scale-api' }, params: { cores: 1 } } })),
    ).toEqual(['fault.params.cores: unknown field']);
    expect(refusal(with_({ owner: 'me' }))).toEqual(['owner: unknown field']);
    expect(refusal(with_({ fault: { kind: 'pod-kill', target: { service: 'scale-api', replicas: 2 } } }))).toEqual([
      'fault.target.replicas: unknown field',
    ]);
  });

  it('bounds the CPU hog', () => {
    const hog = (params: object) => with_({ fault: { kind: 'cpu-hog', target: { service: 'scale-api' }, params } });
    expect(refusal(hog({ cores: 0 }))).toEqual(['fault.params.cores: must be at least 1']);
    expect(refusal(hog({ cores: 65 }))).toEqual(['fault.params.cores: must be at most 64']);
    expect(refusal(hog({ loadPercent: 0.5 }))).toEqual(['fault.params.loadPercent: must be an integer']);
    expect(refusal(hog({ loadPercent: 101 }))).toEqual(['fault.params.loadPercent: must be at most 100']);
    expect(refusal(hog({ timeoutSeconds: 0 }))).toEqual(['fault.params.timeoutSeconds: must be at least 1']);
  });

  it('takes a memory hog in MiB or as a share of the limit, exactly one of them, as a rule the schema cannot say', () => {
    const hog = (params: object) => with_({ fault: { kind: 'memory-hog', target: { service: 'scale-api' }, params } });
    expect(parseExperimentDocument(hog({ sharePercent: 60 })).fault.params).toEqual({ sharePercent: 60 });
    expect(refusal(hog({}))).toEqual(['fault.params: needs megabytes or sharePercent, not both']);
    expect(refusal(hog({ megabytes: 64, sharePercent: 50 }))).toEqual([
      'fault.params: needs megabytes or sharePercent, not both',
    ]);
    expect(() => parseExperimentDocument(hog({}))).toThrow(expect.objectContaining({ kind: 'rules' }));
    expect(refusal(hog({ megabytes: 0.5 }))).toEqual(['fault.params.megabytes: must be an integer']);
    expect(refusal(hog({ sharePercent: 101 }))).toEqual(['fault.params.sharePercent: must be at most 100']);
    expect(refusal(hog({ megabytes: 64, timeoutSeconds: 0 }))).toEqual([
      'fault.params.timeoutSeconds: must be at least 1',
    ]);
  });

  it('needs the share of the ephemeral-storage limit a disk fill reaches', () => {
    const fill = (params?: object) =>
      with_({ fault: { kind: 'disk-fill', target: { service: 'scale-api' }, ...(params && { params }) } });
    expect(parseExperimentDocument(fill({ sharePercent: 95 })).fault.params).toEqual({ sharePercent: 95 });
    expect(refusal(fill())).toEqual(['fault.params: required']);
    expect(refusal(fill({ sharePercent: 0 }))).toEqual(['fault.params.sharePercent: must be at least 1']);
    expect(refusal(fill({ sharePercent: 101 }))).toEqual(['fault.params.sharePercent: must be at most 100']);
  });

  it('bounds the duration', () => {
    expect(refusal(with_({ durationSeconds: 0 }))).toEqual(['durationSeconds: must be at least 1']);
    expect(refusal(with_({ durationSeconds: 3601 }))).toEqual(['durationSeconds: must be at most 3600']);
    expect(refusal(with_({ durationSeconds: '30' }))).toEqual(['durationSeconds: must be a number']);
    expect(refusal(with_({ durationSeconds: undefined }))).toEqual(['durationSeconds: required']);
  });

  it('checks the target value against its mode', () => {
    const target = (t: object) => with_({ fault: { kind: 'pod-kill', target: { service: 'scale-api', ...t } } });
    expect(refusal(target({ mode: 'fixed' }))).toEqual(['fault.target.value: required for mode fixed']);
    expect(refusal(target({ mode: 'fixed', value: 1.5 }))).toEqual([
      'fault.target.value: must be an integer from 1 to 1000 for mode fixed',
    ]);
    expect(refusal(target({ mode: 'percent', value: 0 }))).toEqual([
      'fault.target.value: must be from 1 to 100 for mode percent',
    ]);
    expect(refusal(target({ mode: 'percent', value: 101 }))).toEqual([
      'fault.target.value: must be from 1 to 100 for mode percent',
    ]);
    expect(refusal(target({ mode: 'some' }))).toEqual(['fault.target.mode: must be one of one, all, fixed, percent']);
    expect(parseExperimentDocument(target({ mode: 'percent', value: 50 })).fault.target).toEqual({
      service: 'scale-api',
      mode: 'percent',
      value: 50,
    });
    expect(refusal(target({ service: '' }))).toEqual(['fault.target.service: must not be empty']);
  });

  it('refuses a target in the control group by name', () => {
    expect(refusal(with_({ fault: { kind: 'pod-kill', target: { service: 'scale-api', group: 'control' } } }))).toEqual(
      ['fault.target.group: faults only ever target the experiment group'],
    );
    expect(
      parseExperimentDocument(
        with_({ fault: { kind: 'pod-kill', target: { service: 'scale-api', group: 'experiment' } } }),
      ).fault.target.group,
    ).toBe('experiment');
  });

  it('checks probes and their tolerances', () => {
    const probe = (p: object) => with_({ steadyState: { probes: [{ ...minimal.steadyState.probes[0], ...p }] } });
    expect(refusal(with_({ steadyState: { probes: [] } }))).toEqual(['steadyState.probes: needs at least one probe']);
    expect(refusal(probe({ query: '  ' }))).toEqual(['steadyState.probes.0.query: must not be empty']);
    expect(refusal(probe({ tolerance: { type: 'absolute' } }))).toEqual([
      'steadyState.probes.0.tolerance: needs min, max or both',
    ]);
    expect(refusal(probe({ tolerance: { type: 'absolute', min: 2, max: 1 } }))).toEqual([
      'steadyState.probes.0.tolerance.min: must not exceed max',
    ]);
    expect(refusal(probe({ tolerance: { type: 'relative' } }))).toEqual([
      'steadyState.probes.0.tolerance.maxRatio: required',
    ]);
    expect(refusal(probe({ tolerance: { type: 'relative', maxRatio: 0 } }))).toEqual([
      'steadyState.probes.0.tolerance.maxRatio: must be greater than 0',
    ]);
    expect(refusal(probe({ tolerance: { type: 'ratio', maxRatio: 2 } }))).toEqual([
      'steadyState.probes.0.tolerance.type: must be one of absolute, relative',
    ]);
    expect(
      refusal(with_({ steadyState: { probes: [minimal.steadyState.probes[0], minimal.steadyState.probes[0]] } })),
    ).toEqual(['steadyState.probes: probe names must be unique']);
  });

  it('checks abort conditions and expected alerts', () => {
    expect(refusal(with_({ abortConditions: [{ name: 'errors', query: 'x', max: 1, forSamples: 0 }] }))).toEqual([
      'abortConditions.0.forSamples: must be at least 1',
    ]);
    expect(
      parseExperimentDocument(with_({ abortConditions: [{ name: 'errors', query: 'x', max: 1 }] })).abortConditions[0]
        .forSamples,
    ).toBe(3);
    expect(refusal(with_({ expectedAlerts: [{ alertname: '', withinSeconds: 0 }] }))).toEqual([
      'expectedAlerts.0.alertname: must not be empty',
      'expectedAlerts.0.withinSeconds: must be greater than 0',
    ]);
  });

  it('bounds the share of targets', () => {
    expect(refusal(with_({ maxTargetShare: 0 }))).toEqual(['maxTargetShare: must be greater than 0']);
    expect(refusal(with_({ maxTargetShare: 1.5 }))).toEqual(['maxTargetShare: must be at most 1']);
  });

  it('reports every problem at once, and a document that is no object', () => {
    expect(refusal(with_({ title: '', durationSeconds: 0, dryRun: 'no' }))).toEqual([
      'title: must not be empty',
      'durationSeconds: must be at least 1',
      'dryRun: must be a boolean',
    ]);
    expect(refusal(null)).toEqual(['(document): must be an object']);
    expect(() => parseExperimentDocument({})).toThrow(/invalid experiment document: title: required; fault: required/);
  });
});

describe('JSON Schema of the document', () => {
  it('describes the document as a client writes it', () => {
    const schema = experimentDocumentJsonSchema as {
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.required.sort()).toEqual(['durationSeconds', 'fault', 'steadyState', 'title']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.durationSeconds).toMatchObject({ type: 'integer', minimum: 1, maximum: 3600 });
    expect(JSON.stringify(schema.properties.fault)).toContain('"zone-outage"');
  });

  it('has an OpenAPI 3.0 form without JSON Schema 2020 keywords', () => {
    const text = JSON.stringify(experimentDocumentOpenApiSchema);
    expect(text).not.toContain('$schema');
    expect(text).toContain('"cpu-hog"');
  });
});

describe('groupQuery', () => {
  it('puts the group in every place of $group', () => {
    expect(groupQuery('a{group="$group"} / b{group="$group"}', 'control')).toBe(
      'a{group="control"} / b{group="control"}',
    );
    expect(groupQuery('up{group="$group"}', 'experiment')).toBe('up{group="experiment"}');
    expect(groupQuery('up{x="$groups"}', 'control')).toBe('up{x="$groups"}');
  });
});
