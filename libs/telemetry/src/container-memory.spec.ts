import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryCgroupPath, readContainerMemory, workingSet } from './container-memory';

describe('memoryCgroupPath', () => {
  it('takes the v1 memory line, wherever it sits among the controllers', () => {
    const text = ['12:cpu:/scale-1/experiment-api-a', '7:memory:/scale-1/experiment-api-a', '0::/'].join('\n');
    expect(memoryCgroupPath(text)).toEqual({ version: 1, path: '/scale-1/experiment-api-a' });
  });

  it('falls back to the v2 unified line', () => {
    expect(memoryCgroupPath('0::/kubepods/pod1/c1\n')).toEqual({ version: 2, path: '/kubepods/pod1/c1' });
    expect(memoryCgroupPath('')).toBeUndefined();
  });
});

describe('workingSet', () => {
  it('is usage less the inactive file cache, never below zero', () => {
    expect(workingSet(300, 100)).toBe(200);
    expect(workingSet(100, 300)).toBe(0);
  });
});

describe('readContainerMemory', () => {
  let root: string | undefined;
  afterEach(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A cgroup tree of the files given, at the path this very process's cgroup has. */
  async function fakeCgroup(files: Record<string, string>): Promise<void> {
    root = await mkdtemp(join(tmpdir(), 'memory-cgroup-'));
    const where = memoryCgroupPath(await readFile('/proc/self/cgroup', 'utf8'));
    if (!where) throw new Error('this process has no cgroup');
    const dir = where.version === 1 ? join(root, 'memory', where.path) : join(root, where.path);
    await mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  }

  it("reads the working set, the limit and the OOM kills of the process's own cgroup", async () => {
    await fakeCgroup({
      'memory.usage_in_bytes': '209715200\n',
      'memory.limit_in_bytes': '268435456\n',
      // v1 names the hierarchy's total, v2 the cgroup's own: both are there, so either version reads it.
      'memory.stat': 'cache 1000\nrss 2000\ninactive_file 10485760\ntotal_inactive_file 10485760\n',
      'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n',
      'memory.current': '209715200\n',
      'memory.max': '268435456\n',
      'memory.events': 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n',
    });
    expect(await readContainerMemory(root)).toEqual({
      workingSetBytes: 199229440,
      limitBytes: 268435456,
      oomKills: 2,
    });
  });

  it('says nothing for a cgroup without a limit, which is no container', async () => {
    await fakeCgroup({
      'memory.usage_in_bytes': '4914954240\n',
      'memory.limit_in_bytes': '9223372036854771712\n',
      'memory.stat': 'total_inactive_file 0\n',
      'memory.current': '4914954240\n',
      'memory.max': 'max\n',
    });
    expect(await readContainerMemory(root)).toBeUndefined();
  });

  it('says nothing when the files cannot be read', async () => {
    root = await mkdtemp(join(tmpdir(), 'memory-cgroup-'));
    expect(await readContainerMemory(root)).toBeUndefined();
  });
});
