import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReplicaRole } from './replica-plan';

/**
 * The compiled project (`dist/`). From the compiled cluster this file is dist/apps/local-cluster/src/replicas;
 * from the sources (tests) it is apps/local-cluster/src/replicas beside dist/.
 */
export function findDistDir(from: string = __dirname): string {
  const candidates = [resolve(from, '../../../..'), resolve(from, '../../../../dist')];
  const found = candidates.find((dir) => existsSync(join(dir, 'apps', 'api', 'src', 'main.js')));
  if (!found) {
    throw new Error(`the compiled programs are not in ${candidates.join(' or ')}: run \`npm run build\` first`);
  }
  return found;
}

/** The command line of a replica: its instrumentation entry loaded before the program, as deployed. */
export function replicaArgs(distDir: string, role: ReplicaRole): string[] {
  const program = join(distDir, 'apps', role, 'src');
  return ['--import', join(program, 'instrument.js'), join(program, 'main.js')];
}

export function cpuHogProgram(distDir: string): string {
  return join(distDir, 'apps', 'local-cluster', 'src', 'faults', 'cpu-hog.js');
}

export function memoryHogProgram(distDir: string): string {
  return join(distDir, 'apps', 'local-cluster', 'src', 'faults', 'memory-hog.js');
}

/** Where the programs run: the project's root, as `npm run api` runs them. */
export function projectRoot(distDir: string): string {
  return dirname(distDir);
}
