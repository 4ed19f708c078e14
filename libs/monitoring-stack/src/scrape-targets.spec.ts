import { describe, expect, it } from 'vitest';
import { MonitoringError } from './errors';
import { renderProbesFile, renderTargetsFile } from './scrape-targets';

const api = { address: '127.0.0.1:3000', labels: { service: 'scale-api', group: 'experiment', zone: 'a' } };

describe('renderTargetsFile', () => {
  it('writes one file_sd entry per target, with its labels', () => {
    const file = renderTargetsFile([
      api,
      {
        address: 'extractor.local:3001',
        labels: { service: 'scale-extractor', group: 'control', zone: 'b', instance: 'extractor-0' },
      },
      { address: '[::1]:3002', labels: { service: 'scale-chaos-runner', group: 'control', zone: 'local' } },
    ]);
    expect(JSON.parse(file)).toEqual([
      { targets: ['127.0.0.1:3000'], labels: { service: 'scale-api', group: 'experiment', zone: 'a' } },
      {
        targets: ['extractor.local:3001'],
        labels: { service: 'scale-extractor', group: 'control', zone: 'b', instance: 'extractor-0' },
      },
      { targets: ['[::1]:3002'], labels: { service: 'scale-chaos-runner', group: 'control', zone: 'local' } },
    ]);
  });

  it('writes an empty list for no targets', () => {
    expect(JSON.parse(renderTargetsFile([]))).toEqual([]);
  });

  it.each([
    ['no port', { ...api, address: '127.0.0.1' }, /the address must be host:port/],
    ['a URL', { ...api, address: 'http://127.0.0.1:3000' }, /the address must be host:port/],
    ['port 0', { ...api, address: '127.0.0.1:0' }, /the address must be host:port/],
    ['a port too high', { ...api, address: '127.0.0.1:70000' }, /the address must be host:port/],
    [
      'an empty zone',
      { ...api, labels: { ...api.labels, zone: ' ' } },
      /scrape target 0 \("127.0.0.1:3000"\): the label "zone" must not be empty/,
    ],
    [
      'an empty instance',
      { ...api, labels: { ...api.labels, instance: '' } },
      /the label "instance" must not be empty/,
    ],
  ])('refuses a target with %s, naming it', (_case, target, message) => {
    expect(() => renderTargetsFile([target])).toThrow(MonitoringError);
    expect(() => renderTargetsFile([target])).toThrow(message);
  });

  it('refuses the same address twice', () => {
    expect(() => renderTargetsFile([api, { ...api, labels: { ...api.labels, group: 'control' } }])).toThrow(
      /scrape target 1 \("127.0.0.1:3000"\): the address is listed twice/,
    );
  });
});

describe('renderProbesFile', () => {
  const exporter = {
    address: '127.0.0.1:9115',
    labels: { service: 'blackbox-exporter', group: 'cluster', zone: 'local' },
  };
  const postgres = (group: string) => ({
    address: '127.0.0.1:5432',
    labels: { service: 'postgres', group, zone: 'local', instance: `postgres-${group}` },
  });

  it("labels each probe with the exporter's place, keeps the probed service's in probe_* labels, and names the module and exporter", () => {
    const file = renderProbesFile({ exporter, module: 'tcp_connect', targets: [postgres('control'), api] });
    expect(JSON.parse(file)).toEqual([
      {
        targets: ['127.0.0.1:5432'],
        labels: {
          service: 'blackbox-exporter',
          group: 'cluster',
          zone: 'local',
          instance: 'postgres-control',
          probe_service: 'postgres',
          probe_group: 'control',
          probe_zone: 'local',
          __param_module: 'tcp_connect',
          __tmp_exporter: '127.0.0.1:9115',
        },
      },
      {
        targets: ['127.0.0.1:3000'],
        labels: expect.objectContaining({ instance: '127.0.0.1:3000', probe_group: 'experiment', probe_zone: 'a' }),
      },
    ]);
  });

  it('probes one address for two groups when their instances differ, and refuses the same instance twice', () => {
    const both = renderProbesFile({
      exporter,
      module: 'tcp_connect',
      targets: [postgres('control'), postgres('experiment')],
    });
    expect(JSON.parse(both)).toHaveLength(2);
    expect(() =>
      renderProbesFile({ exporter, module: 'tcp_connect', targets: [postgres('control'), postgres('control')] }),
    ).toThrow(/probe target 1 \("127.0.0.1:5432"\): the instance "postgres-control" is listed twice/);
  });

  it("probes a target with its own module when it names one, the others with the default, and refuses a target's bad module", () => {
    const file = renderProbesFile({
      exporter,
      module: 'tcp_connect',
      targets: [{ ...postgres('control'), module: 'postgres_answer' }, api],
    });
    const modules = (JSON.parse(file) as Array<{ labels: Record<string, string> }>).map(
      (entry) => entry.labels.__param_module,
    );
    expect(modules).toEqual(['postgres_answer', 'tcp_connect']);
    expect(() =>
      renderProbesFile({ exporter, module: 'tcp_connect', targets: [{ ...api, module: 'postgres answer' }] }),
    ).toThrow(/"postgres answer" is not a module name/);
  });

  it('writes an empty list for no probes, and refuses a bad exporter or module', () => {
    expect(JSON.parse(renderProbesFile(undefined))).toEqual([]);
    expect(() =>
      renderProbesFile({ exporter: { ...exporter, address: '9115' }, module: 'tcp_connect', targets: [] }),
    ).toThrow(/the blackbox exporter: the address must be host:port/);
    expect(() => renderProbesFile({ exporter, module: 'tcp connect', targets: [] })).toThrow(/not a module name/);
  });
});
