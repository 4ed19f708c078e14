import { describe, expect, it } from 'vitest';
import { cpuCgroupPath, parseStat } from './container-cpu';

describe('cpuCgroupPath', () => {
  it('finds the v1 cpu controller, alone or joined with cpuacct', () => {
    expect(cpuCgroupPath('4:memory:/x\n2:cpuacct:/\n1:cpu:/scale/experiment-api-a\n0::/\n')).toEqual({
      version: 1,
      path: '/scale/experiment-api-a',
    });
    expect(cpuCgroupPath('3:cpu,cpuacct:/kubepods/pod1/c1\n')).toEqual({ version: 1, path: '/kubepods/pod1/c1' });
  });
  it('falls back to the v2 unified hierarchy', () => {
    expect(cpuCgroupPath('0::/kubepods.slice/pod1/c1\n')).toEqual({ version: 2, path: '/kubepods.slice/pod1/c1' });
  });
  it('is undefined without a cgroup file', () => {
    expect(cpuCgroupPath('')).toBeUndefined();
  });
});

describe('parseStat', () => {
  it('reads key value lines', () => {
    expect(parseStat('nr_periods 120\nnr_throttled 30\nthrottled_time 1500000000\n')).toEqual(
      new Map([
        ['nr_periods', 120],
        ['nr_throttled', 30],
        ['throttled_time', 1500000000],
      ]),
    );
  });
});
