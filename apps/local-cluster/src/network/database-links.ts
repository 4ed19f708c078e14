import { GROUPS, type Group } from '../cluster-options';
import { ClusterRequestError } from '../control/cluster-errors';
import { distinctFreePorts } from '../infrastructure/free-ports';
import { TOXIC_PREFIX, toxicsFor } from '@scale/chaos';
import type { NetworkFault } from './network-fault';
import { ToxiproxyClient } from './toxiproxy-client';

/** A group's link to its database as the control API shows it. */
export interface DatabaseLinkView {
  group: Group;
  /** `host:port` the group's services connect to; null when the cluster runs without a fault proxy. */
  listen: string | null;
  /** The database's own `host:port`. */
  upstream: string;
  /** The fault on the link now, null when there is none. */
  fault: NetworkFault | null;
}

export class NoFaultProxyError extends ClusterRequestError {
  override readonly name = 'NoFaultProxyError';
  readonly status = 409;
  constructor() {
    super(
      'the cluster runs without a fault proxy in front of the databases (no toxiproxy-server; scripts/install-toxiproxy.sh builds it)',
    );
  }
}

/**
 * Each group's services reach their Postgres through a proxy of their own in one Toxiproxy server, so a
 * fault on the experiment group's link never touches the control group's. Without a server (`apiUrl`
 * null) the services connect directly and faults are refused.
 */
export class DatabaseLinks {
  private readonly faults: Record<Group, NetworkFault | null> = { control: null, experiment: null };

  private constructor(
    private readonly client: ToxiproxyClient | null,
    private readonly upstream: string,
    private readonly listens: Record<Group, string> | null,
  ) {}

  /** Creates one proxy per group in front of the database server `databaseUrl` points at. */
  static async create(apiUrl: string | null, databaseUrl: string): Promise<DatabaseLinks> {
    const url = new URL(databaseUrl);
    const upstream = `${url.hostname}:${url.port || '5432'}`;
    if (apiUrl === null) return new DatabaseLinks(null, upstream, null);
    const client = new ToxiproxyClient(apiUrl);
    const ports = await distinctFreePorts(GROUPS.length);
    const listens = Object.fromEntries(GROUPS.map((group, index) => [group, `127.0.0.1:${ports[index]}`])) as Record<
      Group,
      string
    >;
    for (const group of GROUPS) {
      await client.createProxy({ name: proxyName(group), listen: listens[group], upstream });
    }
    return new DatabaseLinks(client, upstream, listens);
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  /** The URL the group's services use: the database's, through the group's proxy when there is one. */
  databaseUrl(group: Group, direct: string): string {
    if (!this.listens) return direct;
    const url = new URL(direct);
    url.host = this.listens[group];
    return url.toString();
  }

  list(): DatabaseLinkView[] {
    return GROUPS.map((group) => this.view(group));
  }

  /** Puts `fault` on the group's link, replacing whatever fault was there. */
  async set(group: Group, fault: NetworkFault): Promise<DatabaseLinkView> {
    if (!this.client) throw new NoFaultProxyError();
    await this.removeToxics(group);
    for (const toxic of toxicsFor(fault)) await this.client.addToxic(proxyName(group), toxic);
    this.faults[group] = fault;
    return this.view(group);
  }

  /** Takes every fault off the group's link; nothing to do is no error. */
  async clear(group: Group): Promise<void> {
    if (this.client) await this.removeToxics(group);
    this.faults[group] = null;
  }

  private async removeToxics(group: Group): Promise<void> {
    const client = this.client as ToxiproxyClient;
    // What the server has, not what this process remembers: a toxic it added before a failed call goes too.
    for (const toxic of await client.toxics(proxyName(group))) {
      if (toxic.name.startsWith(TOXIC_PREFIX)) await client.removeToxic(proxyName(group), toxic.name);
    }
  }

  private view(group: Group): DatabaseLinkView {
    return { group, listen: this.listens?.[group] ?? null, upstream: this.upstream, fault: this.faults[group] };
  }
}

function proxyName(group: Group): string {
  return `${group}-postgres`;
}
