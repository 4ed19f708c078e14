import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directoryUsageBytes, EPHEMERAL_STORAGE_LIMIT_VARIABLE, readContainerFs } from './container-fs';

const MiB = 1024 * 1024;

describe('container writable space', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scratch-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('counts the bytes written under the directory, nested ones too, as du does', async () => {
    await mkdir(join(dir, 'nested'));
    await writeFile(join(dir, 'nested', 'a'), Buffer.alloc(3 * MiB, 1));
    await writeFile(join(dir, 'b'), Buffer.alloc(MiB, 1));
    const usage = await directoryUsageBytes(dir);
    expect(usage).toBeGreaterThanOrEqual(4 * MiB);
    expect(usage).toBeLessThan(4 * MiB + 64 * 1024);
  });

  it('counts a sparse file by what it wrote, not by its length', async () => {
    const file = await open(join(dir, 'sparse'), 'w');
    await file.truncate(100 * MiB);
    await file.close();
    expect(await directoryUsageBytes(dir)).toBeLessThan(MiB);
  });

  it('reads usage against the limit the environment states, and nothing without one', async () => {
    await writeFile(join(dir, 'a'), Buffer.alloc(MiB, 1));
    const fs = await readContainerFs({ [EPHEMERAL_STORAGE_LIMIT_VARIABLE]: String(64 * MiB) }, dir);
    expect(fs?.limitBytes).toBe(64 * MiB);
    expect(fs?.usageBytes).toBeGreaterThanOrEqual(MiB);
    expect(await readContainerFs({}, dir)).toBeUndefined();
    expect(await readContainerFs({ [EPHEMERAL_STORAGE_LIMIT_VARIABLE]: 'lots' }, dir)).toBeUndefined();
  });
});
