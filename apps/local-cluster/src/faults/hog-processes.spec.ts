import { describe, expect, it } from 'vitest';
import { isHogCommandLine } from './hog-processes';

describe('isHogCommandLine', () => {
  const argv = [
    '/usr/bin/node',
    '/repo/dist/apps/local-cluster/src/faults/cpu-hog.js',
    '--id',
    'hog-1a2b',
    '--cores',
    '1',
  ];

  it('recognises the hog by its program and id', () => {
    expect(isHogCommandLine(argv, 'hog-1a2b')).toBe(true);
  });

  it('ignores other hogs and other programs that mention the id', () => {
    expect(isHogCommandLine(argv, 'hog-1a2')).toBe(false);
    expect(isHogCommandLine(['/usr/bin/node', 'other.js', '--id', 'hog-1a2b'], 'hog-1a2b')).toBe(false);
    expect(isHogCommandLine(['grep', 'hog-1a2b', 'cpu-hog.js'], 'hog-1a2b')).toBe(false);
  });

  it('tells a memory hog from a CPU hog of the same id', () => {
    const memory = ['/usr/bin/node', '/repo/dist/apps/local-cluster/src/faults/memory-hog.js', '--id', 'memhog-1'];
    expect(isHogCommandLine(memory, 'memhog-1', 'memory-hog.js')).toBe(true);
    expect(isHogCommandLine(memory, 'memhog-1')).toBe(false);
  });
});
