import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The page's files, found from the sources (tests) and from the build (dist/) alike. */
export function webRoot(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'api', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error(`the API's web folder (apps/api/web) was not found above ${__dirname}`);
}
