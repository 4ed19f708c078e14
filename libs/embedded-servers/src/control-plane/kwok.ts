import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findFreePort } from '../free-port';
import { startComponent, waitForComponent, type Component } from './component-process';
import { kubernetesShareDir } from './paths';

/** The annotation that hands a node to KWOK; createKwokNodes sets it. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';

/**
 * KWOK plays the kubelet of the nodes annotated for it: it keeps them Ready (node leases), runs their pods
 * to Running and confirms their deletion, all by writing status, with its default stages. Their InternalIP
 * is loopback, where no kubelet listens, so exec and logs requests fail at once instead of timing out.
 */
export async function startKwok(options: {
  binDir: string;
  dataDir: string;
  kubeconfigPath: string;
  log?: (line: string) => void;
}): Promise<Component> {
  const stagesDir = join(kubernetesShareDir(), 'kwok-stages');
  const stages = (await readdir(stagesDir)).filter((file) => file.endsWith('.yaml'));
  const port = await findFreePort();
  const component = await startComponent({
    name: 'kwok',
    binDir: options.binDir,
    logDir: join(options.dataDir, 'logs'),
    log: options.log,
    args: [
      `--kubeconfig=${options.kubeconfigPath}`,
      ...stages.map((file) => `--config=${join(stagesDir, file)}`),
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
      '--node-ip=127.0.0.1',
      // Node leases keep the nodes Ready: standalone KWOK writes none by default, and its stages refresh a
      // node's status only every few minutes, so the node lifecycle controller would mark them NotReady.
      '--node-lease-duration-seconds=40',
      // Room for a thousand pods and more (the default /24 holds 254).
      '--cidr=10.244.0.0/16',
      `--server-address=127.0.0.1:${port}`,
    ],
  });
  await waitForComponent(component, 'healthy', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.ok;
  });
  return component;
}
