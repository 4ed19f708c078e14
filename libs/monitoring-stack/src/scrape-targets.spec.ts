import { describe, expect, it } from 'vitest';
import { MonitoringError } from './errors';
import { renderTargetsFile } from './scrape-targets';

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
