import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CPU_BURNER_SOURCE } from '../../apps/chaos-runner/src/drivers/kubernetes/cpu-burner';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The CPU seconds a process has used so far, from /proc; undefined once it is gone. */
async function cpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Runs the burner as the driver runs it in a container, `node -e <source> cores load seconds`, watching it from outside. */
async function burn(cores: number, loadPercent: number, seconds: number) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ['-e', CPU_BURNER_SOURCE, String(cores), String(loadPercent), String(seconds)],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let used = 0;
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone) {
    used = (await cpuSeconds(child.pid ?? 0)) ?? used;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { code: await exited, wallSeconds: (Date.now() - started) / 1000, cpuSeconds: used };
}

describe('the CPU hog burner, in a local process', () => {
  it('burns about the asked share of one core and exits by itself at its deadline', async () => {
    const run = await burn(1, 50, 3);
    console.log(
      `burner at 50 % of 1 core for 3 s: ${run.cpuSeconds.toFixed(2)} CPU s in ${run.wallSeconds.toFixed(2)} s`,
    );
    expect(run.code).toBe(0);
    expect(run.wallSeconds).toBeGreaterThanOrEqual(3);
    expect(run.wallSeconds).toBeLessThan(4.5);
    // Half of one core over 3 s is 1.5 CPU seconds: never more, and a busy two-core machine may give it half of that.
    expect(run.cpuSeconds).toBeGreaterThan(0.5);
    expect(run.cpuSeconds).toBeLessThan(1.9);
  });

  it('burns two cores at 100 % far more than one core at 10 %', async () => {
    const [full, light] = [await burn(2, 100, 2), await burn(1, 10, 2)];
    console.log(
      `burner at 100 % of 2 cores: ${full.cpuSeconds.toFixed(2)} CPU s; at 10 % of 1: ${light.cpuSeconds.toFixed(2)} CPU s`,
    );
    // 4 and 0.2 CPU seconds asked; the busy machine these tests share may halve the first, never the ratio's sense.
    expect(full.cpuSeconds).toBeGreaterThan(0.8);
    expect(full.cpuSeconds).toBeLessThan(4.3);
    expect(light.cpuSeconds).toBeLessThan(0.45);
    expect(full.cpuSeconds).toBeGreaterThan(light.cpuSeconds * 3);
    expect(light.wallSeconds).toBeLessThan(3.5);
  });
});
