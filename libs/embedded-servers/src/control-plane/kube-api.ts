import { KubeConfig } from '@kubernetes/client-node';

/** A client configuration from a kubeconfig file, as every other program reads one. */
export function kubeConfigFrom(kubeconfigPath: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  return config;
}

/** Polls `check` every 200 ms until it answers true; fails with `what` when the time is up. */
export async function pollUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
