import { Inject, Injectable } from '@nestjs/common';
import { CLUSTER_DRIVER, type ClusterDriver } from '../drivers/driver';
import { RUNNER_SETTINGS, type RunnerSettings } from '../settings/runner-settings';
import { PrometheusClient } from './prometheus-client';
import { PrometheusUnreachableError } from './prometheus-errors';

/**
 * The Prometheus that watches the cluster: PROMETHEUS_URL when set, otherwise the one the cluster
 * reports. Found on first use rather than at start-up, so the runner may start before the cluster.
 */
@Injectable()
export class PrometheusLocator {
  private client: PrometheusClient | undefined;

  constructor(
    @Inject(CLUSTER_DRIVER) private readonly driver: ClusterDriver,
    @Inject(RUNNER_SETTINGS) private readonly settings: RunnerSettings,
  ) {}

  async get(): Promise<PrometheusClient> {
    if (this.client) return this.client;
    let url = this.settings.PROMETHEUS_URL;
    if (!url) {
      try {
        url = (await this.driver.info()).prometheusUrl;
      } catch (error) {
        throw new PrometheusUnreachableError(
          `cannot tell where Prometheus is: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    this.client = new PrometheusClient(url, this.settings.PROMETHEUS_TIMEOUT_SECONDS * 1000);
    return this.client;
  }
}
