import type { RunnerSettings } from '../settings/runner-settings';
import type { ClusterDriver } from './driver';
import { kubeContext, loadKubeConfig } from './kubernetes/kube-context';
import { KubernetesDriver } from './kubernetes/kubernetes-driver';
import { LocalDriver } from './local/local-driver';

/** The driver CHAOS_DRIVER names. */
export function createDriver(settings: RunnerSettings): ClusterDriver {
  switch (settings.CHAOS_DRIVER) {
    case 'local':
      return new LocalDriver({ baseUrl: settings.LOCAL_CLUSTER_URL });
    case 'kubernetes':
      return kubernetesDriver(settings);
  }
}

/** The settings' schema has made sure every value read here is there when CHAOS_DRIVER=kubernetes. */
function kubernetesDriver(settings: RunnerSettings): KubernetesDriver {
  const required = (name: keyof RunnerSettings): string => String(settings[name]);
  return new KubernetesDriver({
    context: kubeContext(loadKubeConfig(settings.KUBECONFIG), {
      experiment: required('KUBERNETES_EXPERIMENT_NAMESPACE'),
      control: required('KUBERNETES_CONTROL_NAMESPACE'),
    }),
    zoneMode: settings.KUBERNETES_ZONE_MODE,
    cluster: {
      prometheusUrl: required('PROMETHEUS_URL'),
      alertmanagerUrl: required('ALERTMANAGER_URL'),
      bucket: settings.S3_BUCKET,
      groups: {
        control: { databaseUrl: required('CONTROL_DATABASE_URL') },
        experiment: { databaseUrl: required('EXPERIMENT_DATABASE_URL') },
      },
    },
  });
}
