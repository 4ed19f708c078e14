import type { CpuCgroups } from '../cgroups/cpu-cgroups';
import { DetachedHogs, type HogView } from './detached-hogs';

export interface CpuHogRequest {
  cores: number;
  loadPercent: number;
  timeoutSeconds: number;
}

export interface CpuHogView extends CpuHogRequest, HogView {}

export interface CpuHogsOptions {
  /** The compiled cpu-hog.js. */
  program: string;
  nodePath: string;
  cgroups: CpuCgroups;
}

/** The CPU hogs the cluster started, each in its replica's cpu cgroup, competing with the replica alone. */
export class CpuHogs extends DetachedHogs<CpuHogRequest> {
  constructor(options: CpuHogsOptions) {
    super({ ...options, idPrefix: 'hog', confined: options.cgroups.enabled });
  }

  start(replicaId: string, request: CpuHogRequest): Promise<CpuHogView> {
    const { cores, loadPercent, timeoutSeconds } = request;
    const args = ['--cores', String(cores), '--load', String(loadPercent), '--timeout', String(timeoutSeconds)];
    return this.launch(replicaId, args, request);
  }
}
