import type { MetricSample } from '@scale/telemetry';
import { FAULT_KINDS } from '@scale/chaos';
import { ACTIVE_STATUSES } from '../experiment-views';
import type { AlertFloor, ExperimentRecord } from './experiment-record';

export const FINAL_STATUSES = ['completed', 'aborted', 'failed', 'refused'] as const;
export const HYPOTHESES = ['held', 'deviated', 'not-evaluated'] as const;
export const EXPERIMENT_EVENTS = ['start', 'injection', 'detection', 'recovery', 'end'] as const;
export type ExperimentEvent = (typeof EXPERIMENT_EVENTS)[number];

/** The event timestamps are for annotations: the newest experiments only, so their series stay few. */
export const ANNOTATED_EXPERIMENTS = 50;

/** Faults only ever hit the experiment group (target selection refuses anything else): its series exist before the first run. */
const FAULT_GROUP = 'experiment';

export interface ExperimentMetricFamilies {
  experimentsTotal: MetricSample[];
  running: MetricSample[];
  verdictsTotal: MetricSample[];
  notRecoveredTotal: MetricSample[];
  mttd: MetricSample[];
  detectionFloor: MetricSample[];
  undetectedTotal: MetricSample[];
  falseAlarmsTotal: MetricSample[];
  recovery: MetricSample[];
  eventTimestamps: MetricSample[];
}

/** Sums by label set; a label set added with 0 is there from the start, so a first increase shows. */
class Tally {
  private readonly entries = new Map<string, { labels: Record<string, string>; value: number }>();

  add(labels: Record<string, string>, amount = 1): void {
    const key = JSON.stringify(labels);
    const found = this.entries.get(key);
    if (found) found.value += amount;
    else this.entries.set(key, { labels, value: amount });
  }

  samples(): MetricSample[] {
    return [...this.entries.values()].map(({ labels, value }) => ({ labels, value }));
  }
}

type Scope = { target_group: string; fault: string };
const scopeOf = (record: ExperimentRecord): Scope => ({ target_group: record.targetGroup, fault: record.fault });
const activeStatuses: ReadonlySet<string> = new Set(ACTIVE_STATUSES);

/** When an experiment ended, or was asked for if it never did. */
const endOf = (record: ExperimentRecord) => (record.endedAt ?? record.createdAt).getTime();

/**
 * The newest completed experiment that injected a fault, for each group and fault kind: its detection
 * and recovery times are the ones the dashboard shows beside their floors. A dry run injects nothing.
 */
export function latestCompleted(records: readonly ExperimentRecord[]): ExperimentRecord[] {
  const latest = new Map<string, ExperimentRecord>();
  for (const record of records) {
    if (record.status !== 'completed' || record.dryRun || record.verdict === null || record.injectedAt === null) {
      continue;
    }
    const key = JSON.stringify(scopeOf(record));
    const current = latest.get(key);
    if (!current || endOf(record) > endOf(current)) latest.set(key, record);
  }
  return [...latest.values()];
}

/** The per-alert floors a run wrote to its journal, or null when the entry is missing or not of that shape. */
export function floorsFromJournal(detectionFloors: unknown): AlertFloor[] | null {
  if (!Array.isArray(detectionFloors)) return null;
  const floors = detectionFloors.filter(
    (floor): floor is AlertFloor =>
      typeof floor === 'object' &&
      floor !== null &&
      typeof floor.alertname === 'string' &&
      (floor.floorSeconds === null || typeof floor.floorSeconds === 'number'),
  );
  return floors.length === detectionFloors.length ? floors : null;
}

/**
 * Every experiment series from every experiment the runner recorded, computed afresh at each scrape:
 * totals hold across restarts and count what the database holds. Dry runs count among the experiments
 * but not among the outcomes of a fault (verdicts, detection, recovery), since nothing was injected.
 * `floors` are the journal's per-alert detection floors, by experiment id.
 */
export function experimentMetricFamilies(
  records: readonly ExperimentRecord[],
  floors: ReadonlyMap<string, readonly AlertFloor[]>,
): ExperimentMetricFamilies {
  const experiments = new Tally();
  const running = new Tally();
  const verdicts = new Tally();
  const notRecovered = new Tally();
  const undetected = new Tally();
  const falseAlarms = new Tally();

  const scopes = new Map<string, Scope>(
    FAULT_KINDS.map((fault) => [
      JSON.stringify({ target_group: FAULT_GROUP, fault }),
      { target_group: FAULT_GROUP, fault },
    ]),
  );
  for (const record of records) scopes.set(JSON.stringify(scopeOf(record)), scopeOf(record));
  for (const scope of scopes.values()) {
    for (const status of FINAL_STATUSES) experiments.add({ ...scope, status }, 0);
    for (const hypothesis of HYPOTHESES) verdicts.add({ ...scope, hypothesis }, 0);
    running.add(scope, 0);
    notRecovered.add(scope, 0);
    falseAlarms.add(scope, 0);
  }

  for (const record of records) {
    const scope = scopeOf(record);
    // An experiment under way is counted once it ends, so the totals only ever grow.
    if (activeStatuses.has(record.status)) running.add(scope);
    else experiments.add({ ...scope, status: record.status });
    const verdict = record.verdict;
    if (record.dryRun || verdict === null) continue;
    verdicts.add({ ...scope, hypothesis: verdict.hypothesis });
    notRecovered.add(scope, verdict.recovered ? 0 : 1);
    falseAlarms.add(scope, verdict.falseAlarms);
    for (const result of verdict.detection ?? []) {
      undetected.add({ ...scope, alertname: result.alertname }, result.detected ? 0 : 1);
    }
  }

  const mttd: MetricSample[] = [];
  const detectionFloor: MetricSample[] = [];
  const recovery: MetricSample[] = [];
  for (const record of latestCompleted(records)) {
    const scope = scopeOf(record);
    const verdict = record.verdict!;
    const detection = verdict.detection ?? [];
    const journalled = floors.get(record.id);
    for (const result of detection) {
      const labels = { ...scope, alertname: result.alertname };
      if (result.mttdSeconds !== null) mttd.push({ labels, value: result.mttdSeconds });
      // The detection's own floor; for verdicts written before detections had one, the journal's configured floor,
      // or the verdict's single floor (the earliest of the expected alerts) when it is the only expected one.
      const floor =
        result.floor?.total ??
        (journalled
          ? journalled.find((entry) => entry.alertname === result.alertname)?.floorSeconds
          : detection.length === 1
            ? verdict.detectionFloorSeconds
            : null);
      if (floor !== null && floor !== undefined) detectionFloor.push({ labels, value: floor });
    }
    if (verdict.recoverySeconds !== null) recovery.push({ labels: scope, value: verdict.recoverySeconds });
  }

  return {
    experimentsTotal: experiments.samples(),
    running: running.samples(),
    verdictsTotal: verdicts.samples(),
    notRecoveredTotal: notRecovered.samples(),
    mttd,
    detectionFloor,
    undetectedTotal: undetected.samples(),
    falseAlarmsTotal: falseAlarms.samples(),
    recovery,
    eventTimestamps: eventTimestamps(records),
  };
}

/** Each lifecycle event of the newest experiments that reached it, valued at its unix time in seconds. */
function eventTimestamps(records: readonly ExperimentRecord[]): MetricSample[] {
  const newest = [...records]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, ANNOTATED_EXPERIMENTS);
  return newest.flatMap((record) => {
    const moments: Record<ExperimentEvent, Date | null> = {
      start: record.startedAt,
      injection: record.injectedAt,
      detection: record.detectedAt,
      recovery: record.recoveredAt,
      end: record.endedAt,
    };
    return EXPERIMENT_EVENTS.flatMap((event) => {
      const at = moments[event];
      return at === null
        ? []
        : [
            {
              labels: {
                target_group: record.targetGroup,
                experiment: record.id,
                title: record.title,
                fault: record.fault,
                event,
              },
              value: at.getTime() / 1000,
            },
          ];
    });
  });
}
