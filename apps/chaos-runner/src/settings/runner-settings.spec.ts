import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunnerSettings } from './runner-settings';

describe('loadRunnerSettings: RUNNER_SUITES_DIR', () => {
  it("defaults to the repository's apps/chaos-runner/suites", () => {
    expect(loadRunnerSettings({}).RUNNER_SUITES_DIR).toBe(resolve(__dirname, '..', '..', 'suites'));
    expect(loadRunnerSettings({ RUNNER_SUITES_DIR: ' ' }).RUNNER_SUITES_DIR).toBe(
      resolve(__dirname, '..', '..', 'suites'),
    );
  });

  it('takes any folder, made absolute', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scale-suites-'));
    expect(loadRunnerSettings({ RUNNER_SUITES_DIR: dir }).RUNNER_SUITES_DIR).toBe(dir);
  });

  it('refuses what is not a folder, naming the variable', () => {
    expect(() => loadRunnerSettings({ RUNNER_SUITES_DIR: '/no/such/folder' })).toThrow(
      /RUNNER_SUITES_DIR: must be a folder \(one folder per suite inside\)/,
    );
    expect(() => loadRunnerSettings({ RUNNER_SUITES_DIR: __filename })).toThrow(/RUNNER_SUITES_DIR: must be a folder/);
  });
});

const kubernetes = {
  CHAOS_DRIVER: 'kubernetes',
  KUBERNETES_EXPERIMENT_NAMESPACE: 'scale-experiment',
  KUBERNETES_CONTROL_NAMESPACE: 'scale-control',
  PROMETHEUS_URL: 'http://prometheus.monitoring:9090',
  ALERTMANAGER_URL: 'http://alertmanager.monitoring:9093',
  CONTROL_DATABASE_URL: 'postgres://scale@postgres.scale-control:5432/scale',
  EXPERIMENT_DATABASE_URL: 'postgres://scale@postgres.scale-experiment:5432/scale',
};

describe('loadRunnerSettings: the Kubernetes driver', () => {
  it('takes the namespaces, the URLs and the shared bucket, with the namespace zone mode by default', () => {
    const settings = loadRunnerSettings({ ...kubernetes, S3_BUCKET: 'songs' });
    expect(settings).toMatchObject({
      KUBERNETES_EXPERIMENT_NAMESPACE: 'scale-experiment',
      KUBERNETES_CONTROL_NAMESPACE: 'scale-control',
      KUBERNETES_ZONE_MODE: 'namespace',
      S3_BUCKET: 'songs',
    });
    expect(settings.KUBECONFIG).toBeUndefined();
    expect(loadRunnerSettings({ ...kubernetes, KUBECONFIG: '/etc/scale/kubeconfig' }).KUBECONFIG).toBe(
      '/etc/scale/kubeconfig',
    );
    expect(loadRunnerSettings({ ...kubernetes, KUBERNETES_ZONE_MODE: 'nodes' }).KUBERNETES_ZONE_MODE).toBe('nodes');
  });

  it('names every variable the driver needs and is missing', () => {
    const attempt = () =>
      loadRunnerSettings({ CHAOS_DRIVER: 'kubernetes', KUBERNETES_CONTROL_NAMESPACE: 'scale-control' });
    for (const name of [
      'KUBERNETES_EXPERIMENT_NAMESPACE',
      'PROMETHEUS_URL',
      'ALERTMANAGER_URL',
      'CONTROL_DATABASE_URL',
      'EXPERIMENT_DATABASE_URL',
    ]) {
      expect(attempt).toThrow(new RegExp(`${name}: required with CHAOS_DRIVER=kubernetes`));
    }
    expect(attempt).not.toThrow(/KUBERNETES_CONTROL_NAMESPACE/);
  });

  it('refuses one namespace for both groups, a name that is no namespace, and an unknown zone mode', () => {
    const same = { ...kubernetes, KUBERNETES_CONTROL_NAMESPACE: 'scale-experiment' };
    expect(() => loadRunnerSettings(same)).toThrow(
      /KUBERNETES_CONTROL_NAMESPACE: must differ from KUBERNETES_EXPERIMENT_NAMESPACE \(both are scale-experiment\)/,
    );
    expect(() => loadRunnerSettings({ ...kubernetes, KUBERNETES_EXPERIMENT_NAMESPACE: 'Scale_Exp' })).toThrow(
      /KUBERNETES_EXPERIMENT_NAMESPACE: must be a namespace name/,
    );
    expect(() => loadRunnerSettings({ ...kubernetes, KUBERNETES_ZONE_MODE: 'zones' })).toThrow(/KUBERNETES_ZONE_MODE/);
  });

  it('asks nothing of the local driver', () => {
    expect(loadRunnerSettings({}).CHAOS_DRIVER).toBe('local');
    expect(
      loadRunnerSettings({ KUBERNETES_CONTROL_NAMESPACE: 'x', KUBERNETES_EXPERIMENT_NAMESPACE: 'x' }),
    ).toBeTruthy();
  });
});
