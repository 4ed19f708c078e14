import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/** The API clients and namespaces every part of the driver works with. */
export interface KubeContext {
  readonly kubeConfig: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  /** The only namespace the driver ever changes anything in. */
  readonly experimentNamespace: string;
  /** Read, never written. */
  readonly controlNamespace: string;
}

export function kubeContext(kubeConfig: KubeConfig, namespaces: { experiment: string; control: string }): KubeContext {
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    experimentNamespace: namespaces.experiment,
    controlNamespace: namespaces.control,
  };
}

/**
 * The cluster the runner is given: the kubeconfig file KUBECONFIG names, else the ServiceAccount of
 * the pod it runs in.
 */
export function loadKubeConfig(kubeconfigPath: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfigPath) kubeConfig.loadFromFile(kubeconfigPath);
  else kubeConfig.loadFromCluster();
  return kubeConfig;
}
