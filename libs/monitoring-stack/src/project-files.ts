import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface ObservabilityFiles {
  /** observability/prometheus/rules: the recording and alerting rules, one source for every Prometheus. */
  rulesDir: string;
  /** observability/prometheus/tests: promtool's unit tests of the rules. */
  ruleTestsDir: string;
  /** observability/alertmanager/alertmanager.yml: the routing and inhibition policy. */
  alertmanagerPolicy: string;
}

/** The repository's observability files, found from the sources (tests) and from the build (dist/) alike. */
export function observabilityFiles(): ObservabilityFiles {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const root = join(dir, 'observability');
    const alertmanagerPolicy = join(root, 'alertmanager', 'alertmanager.yml');
    if (!existsSync(alertmanagerPolicy)) continue;
    return {
      rulesDir: join(root, 'prometheus', 'rules'),
      ruleTestsDir: join(root, 'prometheus', 'tests'),
      alertmanagerPolicy,
    };
  }
  throw new Error(
    `the observability folder (observability/alertmanager/alertmanager.yml) was not found above ${__dirname}`,
  );
}
