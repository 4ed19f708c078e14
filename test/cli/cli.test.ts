import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSong } from '@scale/midi-generator';
import { findFreePort } from '@scale/embedded-servers';
import { eventually, runCli } from '../support/extractor';

// The compiled `scale` command, as a user runs it.
describe('scale command line', () => {
  it('inspects files: one JSON line each, exit 1 when one is invalid, 2 on a usage error', async () => {
    const dir = await mkdtemp(join(inject('scratchDir'), 'inspect-'));
    const song = generateSong(4, 2);
    await writeFile(join(dir, 'good.mid'), song.bytes);
    await writeFile(join(dir, 'bad.mid'), 'not midi');

    const run = runCli(['midi', 'inspect', join(dir, 'good.mid'), join(dir, 'bad.mid')], {});
    expect(await run.exited).toBe(1);
    const [good, bad] = run
      .stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(good).toMatchObject({
      ok: true,
      programs: song.expected.programs,
      drums: song.expected.drums,
      notes: song.expected.notes,
    });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/.{10,}/) });

    const usage = runCli(['midi', 'inspect'], {});
    expect(await usage.exited).toBe(2);
    expect(usage.stderr()).toMatch(/Usage:/);
  });

  it('runs the pipeline on embedded defaults and serves the page; a second run finds nothing new', async () => {
    const dataDir = await mkdtemp(join(inject('scratchDir'), 'demo-'));
    await chmod(dataDir, 0o755);
    const environment = { SCALE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', API_PORT: String(await findFreePort()) };

    const first = runCli(['pipeline', '--count', '150'], environment);
    onTestFinished(() => {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    });
    await eventually(
      'the demo to print its URLs',
      async () => /Similar songs: http/.test(first.stdout()) || first.child.exitCode !== null,
      60_000,
      100,
    );
    expect(first.stdout()).toMatch(/this run: 150 songs written/);
    expect(first.stdout()).toMatch(/Catalog: 150 songs/);
    const url = /Similar songs: (\S+)/.exec(first.stdout())![1];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>Scale/);
    await eventually('the API to list the demo songs', async () => {
      const response = await fetch(`${url}api/songs?limit=5`);
      return response.status === 200 && ((await response.json()) as { items: unknown[] }).items.length === 5;
    });
    first.child.kill('SIGTERM');
    expect(await first.exited, first.stderr()).toBe(0);

    const second = runCli(['pipeline', '--count', '150', '--no-serve'], environment);
    expect(await second.exited, second.stderr()).toBe(0);
    expect(second.stdout()).toMatch(/queued 0 new or changed versions/);
    expect(second.stdout()).toMatch(/Catalog: 150 songs/);
  });
});
