// Copies the observability sources the chart serves into helm/scale/files, unchanged: the Prometheus rules,
// Alertmanager's routing and the generated dashboards (`npm run chart:sync` regenerates those first). The
// chart keeps copies because helm reads files only inside the chart; test/kubernetes/chart-files.test.ts
// fails when a copy differs from its source.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chartFiles = join(root, 'helm', 'scale', 'files');

/** Makes `to` hold exactly the files of `from` whose names end with `suffix`. */
function mirror(from, to, suffix) {
  mkdirSync(to, { recursive: true });
  const names = readdirSync(from).filter((name) => name.endsWith(suffix));
  for (const stale of readdirSync(to).filter((name) => !names.includes(name))) rmSync(join(to, stale));
  for (const name of names) copyFileSync(join(from, name), join(to, name));
  return names;
}

const copied = [
  ...mirror(join(root, 'observability', 'prometheus', 'rules'), join(chartFiles, 'rules'), '.yml'),
  ...mirror(join(root, 'observability', 'alertmanager'), join(chartFiles, 'alertmanager'), 'alertmanager.yml'),
  ...mirror(join(root, 'observability', 'grafana', 'dashboards'), join(chartFiles, 'dashboards'), '.json'),
];
console.log(`copied ${copied.length} files into ${chartFiles}`);
