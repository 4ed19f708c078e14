import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dashboardFiles } from './dashboards';

/** observability/grafana/dashboards in the checkout, whether this runs from the sources or from dist/. */
function dashboardsDirectory(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (name === 'scale') return join(dir, 'observability', 'grafana', 'dashboards');
    } catch {
      // No package.json here: keep climbing.
    }
  }
  throw new Error(`no Scale checkout above ${__dirname}`);
}

// The folder holds only generated files, so a dashboard removed from the sources disappears from it too.
const directory = dashboardsDirectory();
mkdirSync(directory, { recursive: true });
const files = dashboardFiles();
for (const stale of readdirSync(directory).filter(
  (name) => name.endsWith('.json') && !files.some((file) => file.name === name),
)) {
  rmSync(join(directory, stale));
}
for (const file of files) writeFileSync(join(directory, file.name), file.contents);
console.log(`wrote ${files.map((file) => file.name).join(', ')} to ${directory}`);
