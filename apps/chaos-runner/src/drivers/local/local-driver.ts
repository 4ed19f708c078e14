import { fetchFailure } from '../../common/fetch-failure';
import {
  ClusterDriver,
  ClusterDriverError,
  ClusterInfo,
  ContainerSignal,
  CpuHogSpec,
  DiskFillSpec,
  Group,
  MemoryHogSpec,
  NetworkFaultSpec,
  Replica,
} from '../driver';

export interface LocalDriverOptions {
  /** The local cluster's control API, e.g. `http://127.0.0.1:3100`. */
  baseUrl: string;
  /** How long one call may take before it counts as failed (default 10 s). */
  timeoutMs?: number;
}

/**
 * The local cluster's control API over HTTP. Every failure becomes a ClusterDriverError that says
 * what was asked, of which cluster, and what went wrong (unreachable, timed out, or the cluster's own
 * problem detail), so a journal entry or an HTTP answer is enough to understand it.
 */
export class LocalDriver implements ClusterDriver {
  readonly name = 'local' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(options: LocalDriverOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  info(): Promise<ClusterInfo> {
    return this.call<ClusterInfo>('GET', '/cluster');
  }

  replicas(): Promise<Replica[]> {
    return this.call<Replica[]>('GET', '/replicas');
  }

  async signal(replicaId: string, signal: ContainerSignal): Promise<void> {
    await this.call('POST', `/replicas/${encodeURIComponent(replicaId)}/signal`, { signal });
  }

  /** The local cluster kills a replica's processes at once, whatever the grace period. */
  async killPod(replicaId: string): Promise<void> {
    await this.call('POST', `/replicas/${encodeURIComponent(replicaId)}/kill`);
  }

  /** The local cluster holds the zone's replicas down itself: nothing for the revert record. */
  async zoneDown(group: Group, zone: string): Promise<void> {
    await this.call('POST', `/zones/${encodeURIComponent(group)}/${encodeURIComponent(zone)}/down`);
  }

  async zoneUp(group: Group, zone: string): Promise<void> {
    await this.call('POST', `/zones/${encodeURIComponent(group)}/${encodeURIComponent(zone)}/up`);
  }

  async startCpuHog(replicaId: string, hog: CpuHogSpec): Promise<{ id: string }> {
    const started = await this.call<{ id: string }>('POST', `/replicas/${encodeURIComponent(replicaId)}/cpu-hogs`, hog);
    return { id: started.id };
  }

  async stopCpuHog(hogId: string): Promise<void> {
    await this.call('DELETE', `/cpu-hogs/${encodeURIComponent(hogId)}`);
  }

  async startMemoryHog(replicaId: string, hog: MemoryHogSpec): Promise<{ id: string }> {
    const path = `/replicas/${encodeURIComponent(replicaId)}/memory-hogs`;
    const started = await this.call<{ id: string }>('POST', path, hog);
    return { id: started.id };
  }

  async stopMemoryHog(hogId: string): Promise<void> {
    await this.call('DELETE', `/memory-hogs/${encodeURIComponent(hogId)}`);
  }

  async fillDisk(replicaId: string, fill: DiskFillSpec): Promise<void> {
    await this.call('POST', `/replicas/${encodeURIComponent(replicaId)}/disk-fills`, fill);
  }

  async clearDiskFills(replicaId: string): Promise<void> {
    await this.call('DELETE', `/replicas/${encodeURIComponent(replicaId)}/disk-fills`);
  }

  async setNetworkFault(group: Group, fault: NetworkFaultSpec): Promise<void> {
    await this.call('POST', `/groups/${encodeURIComponent(group)}/network-fault`, fault);
  }

  async clearNetworkFault(group: Group): Promise<void> {
    await this.call('DELETE', `/groups/${encodeURIComponent(group)}/network-fault`);
  }

  async setTrafficMultiplier(group: Group, multiplier: number): Promise<void> {
    await this.call('POST', `/groups/${encodeURIComponent(group)}/traffic-multiplier`, { multiplier });
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ClusterDriverError(
        `the local cluster at ${this.baseUrl} did not answer ${what}: ${fetchFailure(error, this.timeoutMs)}`,
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new ClusterDriverError(
        `the local cluster refused ${what} (${response.status}): ${problemDetail(text) || response.statusText}`,
        response.status,
      );
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClusterDriverError(
        `the local cluster answered ${what} with something other than JSON: ${text.slice(0, 200)}`,
      );
    }
  }
}

/** The `detail` of an RFC 9457 problem document, or the body itself when it is something else. */
function problemDetail(text: string): string {
  try {
    const parsed = JSON.parse(text) as { detail?: unknown; message?: unknown; title?: unknown };
    const detail = parsed.detail ?? parsed.message ?? parsed.title;
    if (detail !== undefined) return Array.isArray(detail) ? detail.join('; ') : String(detail);
  } catch {
    // not JSON: the body as it is
  }
  return text.slice(0, 300);
}
