import type { Attributes } from '@opentelemetry/api';

export type ServiceName = 'scale-api' | 'scale-extractor' | 'scale-chaos-runner' | 'scale-local-cluster';

export interface ResourceIdentity {
  readonly service: ServiceName;
  readonly version: string;
  readonly group: string;
  readonly zone: string;
  readonly deploymentEnvironment: string;
}

/**
 * What every span says about its process. Standard attributes where the semantic conventions have
 * one (the availability zone is `cloud.availability_zone`), ours under `scale.` otherwise. The SDK's
 * detectors add host, process and `service.instance.id`, and `OTEL_RESOURCE_ATTRIBUTES` (which the
 * Kubernetes delivery is to fill with the `k8s.*` attributes from the downward API) overrides any of these.
 */
export function resourceAttributes(identity: ResourceIdentity): Attributes {
  return {
    'service.name': identity.service,
    'service.namespace': 'scale',
    'service.version': identity.version,
    'deployment.environment.name': identity.deploymentEnvironment,
    'cloud.availability_zone': identity.zone,
    'scale.group': identity.group,
  };
}
