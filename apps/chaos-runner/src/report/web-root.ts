import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The report's static files, found from the sources (tests) and from the build (dist/) alike. */
export function reportWebRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'chaos-runner', 'web');
    // The build compiles report.js into dist/ too, without its stylesheet: a folder counts only with both.
    if (existsSync(join(candidate, 'report.js')) && existsSync(join(candidate, 'report.css'))) return candidate;
  }
  throw new Error(`the runner's web folder (apps/chaos-runner/web) was not found above ${__dirname}`);
}
