import { diag } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';

/**
 * The sampler `OTEL_TRACES_SAMPLER` and `OTEL_TRACES_SAMPLER_ARG` name, read as the specification and
 * the SDK read them: parent-based always-on when unset or unknown, a ratio outside [0, 1] or blank
 * taken as 1. Built here rather than inside the SDK because the server spans consult the same
 * sampler before the SDK is asked for a span (server-spans.ts), and both must decide alike.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? '').trim().toLowerCase();
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratioFromEnv(env));
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratioFromEnv(env)) });
    case '':
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      diag.error(`unknown OTEL_TRACES_SAMPLER value "${name}", using parentbased_always_on`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function ratioFromEnv(env: NodeJS.ProcessEnv): number {
  const text = (env.OTEL_TRACES_SAMPLER_ARG ?? '').trim();
  const ratio = text === '' ? Number.NaN : Number(text);
  if (Number.isNaN(ratio) || ratio < 0 || ratio > 1) {
    diag.error(`OTEL_TRACES_SAMPLER_ARG "${text}" is not a ratio in [0, 1], using 1`);
    return 1;
  }
  return ratio;
}
