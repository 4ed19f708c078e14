import {
  configuredFloor,
  deviation,
  detect,
  detectionBreakdown,
  evaluateTolerance,
  falseAlarms,
  firstFiring,
  honestFloor,
  mannWhitneyU,
  mttrSeconds,
  type DetectionMoments,
  type DetectionResult,
  type DetectionTimings,
  type ExperimentDocument,
  type Firing,
} from '@scale/chaos';
import type { DetectionVerdict, ProbeVerdict, Verdict } from './experiment-views';
import type { ProbeSamples } from './probe-samples';

export interface VerdictEvidence {
  document: ExperimentDocument;
  /** The per-interval samples of the fault window (the whole run for a dry run). */
  samples: ProbeSamples;
  /** Whether a fault window was observed at all (false when the run ended before it). */
  observed: boolean;
  injectedAt: Date | null;
  /** The experiment's whole span, for false alarms. */
  window: { from: Date; to: Date };
  recovered: boolean;
  recoveredAt: Date | null;
  firings: readonly Firing[];
  /** Each expected alert's configured timings (scrape, evaluation, `for`, group_wait); absent without its rule. */
  timings: ReadonlyMap<string, DetectionTimings>;
  /** Each detecting firing's measured moments, by alert name. */
  moments: ReadonlyMap<string, DetectionMoments>;
  integrity: unknown | null;
}

const orNull = (value: number) => (Number.isFinite(value) ? value : null);

/**
 * Each probe compares the two groups over the same intervals: the medians' deviation is held to the
 * probe's tolerance, and the Mann-Whitney U test says how likely a difference that large is by chance.
 * A group without samples never holds: missing evidence is not a pass.
 */
export function probeVerdicts(document: ExperimentDocument, samples: ProbeSamples): ProbeVerdict[] {
  return document.steadyState.probes.map((probe) => {
    const control = (samples[probe.name]?.control ?? []).map(([, value]) => value);
    const experiment = (samples[probe.name]?.experiment ?? []).map(([, value]) => value);
    const { controlMedian, experimentMedian, ratio } = deviation(control, experiment);
    const { holds, limit } = evaluateTolerance(probe.tolerance, experimentMedian, controlMedian);
    const sampled = Number.isFinite(controlMedian) && Number.isFinite(experimentMedian);
    return {
      name: probe.name,
      controlMedian: orNull(controlMedian),
      experimentMedian: orNull(experimentMedian),
      ratio,
      pValue: sampled ? mannWhitneyU(control, experiment).pValue : null,
      holds,
      limit,
    };
  });
}

export function judgeVerdict(evidence: VerdictEvidence): Verdict {
  const { document, injectedAt, firings } = evidence;
  const probes = probeVerdicts(document, evidence.samples);
  const detection = (injectedAt ? detect(injectedAt, firings, document.expectedAlerts) : []).map((result) =>
    explainDetection(
      result,
      evidence.timings.get(result.alertname),
      evidence.moments.get(result.alertname),
      injectedAt !== null && joinedGroup(injectedAt, firings, result.alertname),
    ),
  );
  const floors = (
    detection.length > 0
      ? detection.map((result) => result.floor)
      : document.expectedAlerts.map(({ alertname }) => floorOf(evidence.timings.get(alertname)))
  ).filter((floor) => floor !== null);
  const expectedNames = new Set(document.expectedAlerts.map((alert) => alert.alertname));
  const caused = injectedAt
    ? firings.filter(
        (firing) =>
          firing.group === 'experiment' &&
          expectedNames.has(firing.alertname) &&
          firing.startsAt.getTime() >= injectedAt.getTime(),
      )
    : [];
  return {
    hypothesis: evidence.observed ? (probes.every((probe) => probe.holds) ? 'held' : 'deviated') : 'not-evaluated',
    recovered: evidence.recovered,
    probes,
    detection,
    falseAlarms: falseAlarms(evidence.window, firings).length,
    mttrSeconds: mttrSeconds(caused),
    recoverySeconds:
      injectedAt && evidence.recoveredAt ? (evidence.recoveredAt.getTime() - injectedAt.getTime()) / 1000 : null,
    detectionFloorSeconds: floors.length > 0 ? Math.min(...floors.map((floor) => floor.total)) : 0,
    integrity: evidence.integrity,
  };
}

/**
 * A detection with where its time went, and its floor: the configured one, plus the measured parts
 * that cannot be removed once the alert fired (honestFloor). An MTTD within two seconds of that floor
 * wastes nothing but delivery and evaluation time; beyond it, the breakdown says which part to shorten.
 */
function explainDetection(
  result: DetectionResult,
  timings: DetectionTimings | undefined,
  moments: DetectionMoments | undefined,
  joined: boolean,
): DetectionVerdict {
  const breakdown = result.detected && moments ? detectionBreakdown(moments) : null;
  const floor = timings && breakdown ? honestFloor(timings, breakdown, { joinedGroup: joined }) : floorOf(timings);
  return { ...result, breakdown, floor };
}

/**
 * Whether the detecting firing joined one of Alertmanager's groups (its name, service and group) that
 * another firing already held: that group is notified at its next interval, not after group_wait.
 */
function joinedGroup(injectedAt: Date, firings: readonly Firing[], alertname: string): boolean {
  const first = firstFiring(injectedAt, firings, alertname);
  if (!first) return false;
  return firings.some(
    (other) =>
      other !== first &&
      other.alertname === first.alertname &&
      other.service === first.service &&
      other.group === first.group &&
      other.startsAt < first.startsAt &&
      (other.endsAt === null || other.endsAt > first.startsAt),
  );
}

const floorOf = (timings: DetectionTimings | undefined) => (timings ? configuredFloor(timings) : null);

/** When the ledger was first told of an expected alert firing for the experiment group, if it was. */
export function detectedAt(injectedAt: Date | null, verdict: Verdict): Date | null {
  const times = verdict.detection
    .map((result) => result.mttdSeconds)
    .filter((value): value is number => value !== null);
  return injectedAt && times.length > 0 ? new Date(injectedAt.getTime() + Math.min(...times) * 1000) : null;
}
