import { readFile } from 'node:fs/promises';

/** The cgroup a /proc/<pid>/cgroup text names for a v1 controller, which may share its line (`cpu,cpuacct`). */
export function controllerPathIn(procCgroup: string, controller: string): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes(controller)) return path;
  }
  return undefined;
}

/** The cgroup a process is in under a controller; undefined when it cannot be read. */
export async function cgroupOf(pid: number | 'self', controller: string): Promise<string | undefined> {
  return controllerPathIn(await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => ''), controller);
}
