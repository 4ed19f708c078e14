import { diag, type Attributes } from '@opentelemetry/api';
import {
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';

const DETECTORS: Record<string, ResourceDetector> = {
  host: hostDetector,
  os: osDetector,
  serviceinstance: serviceInstanceIdDetector,
  process: processDetector,
  env: envDetector,
};

/**
 * The process's resource, built here rather than inside NodeSDK so that the SDK's spans and the span
 * records (span-records/) carry the very same one: ours, merged with what the detectors find, and the
 * detectors those NodeSDK would run, `OTEL_NODE_RESOURCE_DETECTORS` included (`all` when unset,
 * `none`, or names: host, os, serviceinstance, process, env).
 */
export function processResource(attributes: Attributes, env: NodeJS.ProcessEnv): Resource {
  return resourceFromAttributes(attributes).merge(detectResources({ detectors: detectorsFromEnv(env) }));
}

function detectorsFromEnv(env: NodeJS.ProcessEnv): ResourceDetector[] {
  const names = (env.OTEL_NODE_RESOURCE_DETECTORS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0 || names.includes('all')) return Object.values(DETECTORS);
  if (names.includes('none')) return [];
  return names.flatMap((name) => {
    const detector = DETECTORS[name];
    if (detector === undefined) diag.warn(`unknown resource detector "${name}" in OTEL_NODE_RESOURCE_DETECTORS`);
    return detector === undefined ? [] : [detector];
  });
}
