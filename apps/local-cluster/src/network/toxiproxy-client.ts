import type { Toxic } from '@scale/chaos';

export interface ProxyDefinition {
  name: string;
  /** `host:port` it listens on. */
  listen: string;
  /** `host:port` it forwards to. */
  upstream: string;
}

/** The few calls of Toxiproxy's HTTP API the cluster makes. Each failure names the call and the answer. */
export class ToxiproxyClient {
  constructor(private readonly apiUrl: string) {}

  async createProxy(proxy: ProxyDefinition): Promise<ProxyDefinition> {
    return this.call<ProxyDefinition>('POST', '/proxies', { ...proxy, enabled: true });
  }

  async toxics(proxy: string): Promise<Toxic[]> {
    return this.call<Toxic[]>('GET', `/proxies/${encodeURIComponent(proxy)}/toxics`);
  }

  async addToxic(proxy: string, toxic: Toxic): Promise<void> {
    await this.call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, toxic);
  }

  /** Removes a toxic; one already gone is no error. */
  async removeToxic(proxy: string, name: string): Promise<void> {
    await this.call(
      'DELETE',
      `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(name)}`,
      undefined,
      [404],
    );
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown, alsoFine: number[] = []): Promise<T> {
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok && !alsoFine.includes(response.status)) {
      throw new Error(`toxiproxy refused ${method} ${path} (${response.status}): ${text.slice(0, 300)}`);
    }
    return (text && response.ok ? JSON.parse(text) : undefined) as T;
  }
}
