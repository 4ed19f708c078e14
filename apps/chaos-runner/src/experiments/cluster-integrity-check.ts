import { Inject, Injectable } from '@nestjs/common';
import { CLUSTER_DRIVER, type ClusterDriver, type Group } from '../drivers/driver';
import { checkIntegrity } from '../integrity';
import type { IntegrityCheck } from './integrity-check';

/** The integrity check against the cluster's two groups: their catalog databases and a running API replica of each. */
@Injectable()
export class ClusterIntegrityCheck implements IntegrityCheck {
  constructor(@Inject(CLUSTER_DRIVER) private readonly driver: ClusterDriver) {}

  async check({ timeoutMs }: { timeoutMs: number }): Promise<unknown> {
    const [info, replicas] = await Promise.all([this.driver.info(), this.driver.replicas()]);
    const apiOf = (group: Group) => {
      const replica = replicas.find(
        (candidate) => candidate.group === group && candidate.service === 'scale-api' && candidate.state === 'running',
      );
      if (!replica) throw new Error(`no running scale-api replica in the ${group} group to compare similar songs with`);
      return `http://${replica.address}`;
    };
    return checkIntegrity({
      control: { databaseUrl: info.groups.control.databaseUrl, apiUrl: apiOf('control') },
      experiment: { databaseUrl: info.groups.experiment.databaseUrl, apiUrl: apiOf('experiment') },
      bucket: info.bucket,
      settleTimeoutMs: timeoutMs,
    });
  }
}
