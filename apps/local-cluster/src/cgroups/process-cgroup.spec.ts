import { describe, expect, it } from 'vitest';
import { controllerPathIn } from './process-cgroup';

describe('controllerPathIn', () => {
  const procCgroup = [
    '12:memory:/scale-c1/experiment-api-a',
    '4:cpu,cpuacct:/scale-c1/experiment-api-b',
    '3:cpuset:/',
    '0::/user.slice',
  ].join('\n');

  it('finds a controller on its own line or sharing one', () => {
    expect(controllerPathIn(procCgroup, 'memory')).toBe('/scale-c1/experiment-api-a');
    expect(controllerPathIn(procCgroup, 'cpu')).toBe('/scale-c1/experiment-api-b');
  });

  it('does not take a controller whose name only begins the same', () => {
    expect(controllerPathIn('3:cpuset:/pinned', 'cpu')).toBeUndefined();
  });

  it('finds nothing under cgroup v2 alone, or in an unreadable file', () => {
    expect(controllerPathIn('0::/user.slice', 'memory')).toBeUndefined();
    expect(controllerPathIn('', 'memory')).toBeUndefined();
  });
});
