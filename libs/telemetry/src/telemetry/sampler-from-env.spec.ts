import { describe, expect, it } from 'vitest';
import { samplerFromEnv } from './sampler-from-env';

const named = (env: NodeJS.ProcessEnv) => samplerFromEnv(env).toString();

describe('samplerFromEnv', () => {
  it('reads OTEL_TRACES_SAMPLER as the specification names them', () => {
    expect(named({})).toBe(
      'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
    );
    expect(named({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe('AlwaysOnSampler');
    expect(named({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe('AlwaysOffSampler');
    expect(named({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })).toBe(
      'TraceIdRatioBased{0.25}',
    );
    expect(named({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toMatch(/^ParentBased\{root=AlwaysOffSampler,/);
    expect(named({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' })).toMatch(
      /^ParentBased\{root=TraceIdRatioBased\{0\},/,
    );
  });

  it('takes a blank or out-of-range ratio as 1, and an unknown name as the default', () => {
    expect(named({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toBe('TraceIdRatioBased{1}');
    expect(named({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' })).toBe('TraceIdRatioBased{1}');
    expect(named({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' })).toBe(
      'TraceIdRatioBased{1}',
    );
    expect(named({ OTEL_TRACES_SAMPLER: 'sometimes' })).toMatch(/^ParentBased\{root=AlwaysOnSampler,/);
  });
});
