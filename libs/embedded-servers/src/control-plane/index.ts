export { startControlPlane } from './control-plane';
export type { ControlPlane, ControlPlaneOptions } from './control-plane';
export { createKwokNodes } from './kwok-nodes';
export type { KwokNode } from './kwok-nodes';
export { kubernetesBinDir, kubernetesShareDir } from './paths';
