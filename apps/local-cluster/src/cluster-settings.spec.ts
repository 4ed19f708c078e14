import { describe, expect, it } from 'vitest';
import { ClusterSettingsError, loadClusterSettings } from './cluster-settings';

describe('loadClusterSettings', () => {
  it('has defaults that start the cluster on its usual port with two zones', () => {
    const settings = loadClusterSettings({});
    expect(settings).toMatchObject({
      LOCAL_CLUSTER_PORT: 3100,
      LOCAL_CLUSTER_ZONES: ['a', 'b'],
      LOCAL_CLUSTER_DATABASE_PREFIX: 'scale',
      LOCAL_CLUSTER_RESTART_BACKOFF_INITIAL_SECONDS: 1,
      LOCAL_CLUSTER_RESTART_BACKOFF_MAX_SECONDS: 30,
      LOCAL_CLUSTER_RESTART_BACKOFF_RESET_SECONDS: 60,
      TRAFFIC_RATE_PER_GROUP: 20,
      TRAFFIC_OBJECTS_PER_SECOND: 1,
    });
    expect(settings.ALERTMANAGER_GROUP_WAIT_SECONDS).toBeUndefined();
  });

  it('reads the variables', () => {
    const settings = loadClusterSettings({
      LOCAL_CLUSTER_PORT: '0',
      LOCAL_CLUSTER_ZONES: 'a, b ,c',
      TRAFFIC_RATE_PER_GROUP: '0',
      ALERTMANAGER_GROUP_WAIT_SECONDS: '1',
    });
    expect(settings).toMatchObject({
      LOCAL_CLUSTER_PORT: 0,
      LOCAL_CLUSTER_ZONES: ['a', 'b', 'c'],
      TRAFFIC_RATE_PER_GROUP: 0,
      ALERTMANAGER_GROUP_WAIT_SECONDS: 1,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadClusterSettings({ LOCAL_CLUSTER_PORT: '70000' })).toThrow(ClusterSettingsError);
    expect(() => loadClusterSettings({ LOCAL_CLUSTER_ZONES: 'a,B' })).toThrow(
      /LOCAL_CLUSTER_ZONES\.1: each zone must be lowercase/,
    );
    expect(() => loadClusterSettings({ LOCAL_CLUSTER_DATABASE_PREFIX: 'drop table' })).toThrow(
      /LOCAL_CLUSTER_DATABASE_PREFIX/,
    );
  });

  it("bounds each replica's memory and ephemeral-storage limits, naming the variable", () => {
    expect(loadClusterSettings({})).toMatchObject({
      LOCAL_CLUSTER_MEMORY_LIMIT_MIB: 512,
      LOCAL_CLUSTER_EPHEMERAL_STORAGE_LIMIT_MIB: 128,
    });
    expect(() => loadClusterSettings({ LOCAL_CLUSTER_MEMORY_LIMIT_MIB: '32' })).toThrow(
      /LOCAL_CLUSTER_MEMORY_LIMIT_MIB/,
    );
    expect(() => loadClusterSettings({ LOCAL_CLUSTER_EPHEMERAL_STORAGE_LIMIT_MIB: '1.5' })).toThrow(
      /LOCAL_CLUSTER_EPHEMERAL_STORAGE_LIMIT_MIB/,
    );
  });
});
