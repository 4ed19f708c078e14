import { describe, expect, it } from 'vitest';
import { CHART, CI_VALUES, helm, valueArgs } from '../helm/chart';

const template = (files: readonly string[], set: Record<string, string | number | boolean>) =>
  helm(['template', 'scale-check', CHART, '--namespace', 'scale-check', ...valueArgs(files, set)]);

describe('the chart values', () => {
  it.each([
    ['a group release', CI_VALUES.control],
    ['a runner release', CI_VALUES.runner],
  ])('helm lint finds nothing to report for %s', async (_, values) => {
    const result = await helm(['lint', '--strict', CHART, '--values', values]);
    expect(result.stderr + result.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it.each([
    ['a group that is neither control nor experiment', { group: 'staging' }, /group/],
    ['zero API replicas', { 'api.replicas': 0 }, /api\/replicas/],
    ['a string for the extractor replicas', { 'extractor.replicas': 'two' }, /extractor\/replicas/],
    ['an unknown top-level key', { replica: 3 }, /replica/],
    ['an unknown zone mode', { 'runner.zoneMode': 'cluster' }, /runner\/zoneMode/],
  ])('refuses %s with a message naming the value', async (_, set, naming) => {
    const result = await template([CI_VALUES.control], set);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(result.stderr).toMatch(naming);
  });

  it('refuses a pipeline without its group or an object store', async () => {
    const result = await template([], {});
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/group/);
    expect(result.stderr).toMatch(/objectStore\/endpoint/);
  });

  it('refuses a runner without its token Secret or the groups’ database Secrets', async () => {
    const result = await template([], {
      'pipeline.enabled': false,
      'runner.enabled': true,
      'objectStore.endpoint': 'http://s3.example:9000',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/runner\/auth\/existingSecret/);
    expect(result.stderr).toMatch(/runner\/groupDatabases\/control\/existingSecret/);
  });

  it('refuses a runner whose experiment and control namespaces are one', async () => {
    const result = await template([CI_VALUES.runner], { 'runner.controlNamespace': 'scale-experiment' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/runner.experimentNamespace and runner.controlNamespace must differ/);
  });
});
