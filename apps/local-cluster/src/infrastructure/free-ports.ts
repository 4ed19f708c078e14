import { findFreePort } from '@scale/embedded-servers';

/** `count` free loopback ports, no two the same (the kernel may hand a released port out again). */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}
