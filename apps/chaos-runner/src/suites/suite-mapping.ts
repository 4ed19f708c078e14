import type { SuiteRunRow } from './persistence';
import type { Suite } from './suite-catalog';
import type { SuiteRunView, SuiteView } from './suite-views';

export function suiteView(suite: Suite): SuiteView {
  return {
    name: suite.name,
    experiments: suite.experiments.map(({ file, document }) => ({
      file,
      title: document.title,
      description: document.description ?? null,
      faultKind: document.fault.kind,
      target: document.fault.target,
      params: document.fault.params,
      durationSeconds: document.durationSeconds,
      expectedAlerts: document.expectedAlerts,
      dryRun: document.dryRun,
    })),
  };
}

export function suiteRunView(row: SuiteRunRow): SuiteRunView {
  return {
    id: row.id,
    suite: row.suite,
    dryRun: row.dryRun,
    status: row.status,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    reason: row.reason,
    experiments: row.steps,
  };
}
