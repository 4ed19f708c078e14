/**
 * Where the time of one detection goes, part by part, and the part of it that cannot be removed (the
 * floor). The parts follow the alert's path: the fault takes effect, a scrape shows it, the rule's
 * condition holds, an evaluation makes the alert pending, its `for` runs out and it fires, and
 * Alertmanager's notification reaches the ledger.
 */
export const DETECTION_PARTS = ['effect', 'scrape', 'condition', 'evaluation', 'for', 'notification'] as const;
export type DetectionPart = (typeof DETECTION_PARTS)[number];

/** The moments of one detection as measured; null where a moment could not be. */
export interface DetectionMoments {
  injectedAt: Date;
  /** The fault took effect: the process exited, the hog ran, the zone's processes were down. */
  effectAt: Date | null;
  /** The first scrape whose samples show the fault (a sample's time is its scrape's start). */
  firstScrapeAt: Date | null;
  /** The first scrape from which the rule's expression holds for the alert's series. */
  conditionAt: Date | null;
  /** The rule evaluation that made the alert pending. */
  pendingAt: Date | null;
  /** The rule evaluation that made it fire. */
  firingAt: Date | null;
  /** The notification reached the ledger: MTTD ends here. */
  notifiedAt: Date;
}

/** Seconds per part, each from one moment to the next; null when either moment is unknown. */
export type PartSeconds = Record<DetectionPart, number | null>;

export interface DetectionBreakdown extends PartSeconds {
  /** The longest part; null when none is known. */
  largest: DetectionPart | null;
}

/** What makes up the floor of one detection, in seconds per part; `total` is their sum. */
export interface DetectionFloor extends Record<DetectionPart, number> {
  total: number;
}

/** What the monitoring is configured to take: the worst case of its alignments and waits. */
export interface DetectionTimings {
  scrapeIntervalSeconds: number;
  evaluationIntervalSeconds: number;
  /** The rule's `for`. */
  forSeconds: number;
  /** Alertmanager's group_wait for the ledger's route: a new group of alerts waits that long before its first notification. */
  groupWaitSeconds: number;
  /** Its group_interval: an alert joining a group already notified waits up to that long for the group's next one. */
  groupIntervalSeconds?: number;
}

const MOMENTS = [
  'injectedAt',
  'effectAt',
  'firstScrapeAt',
  'conditionAt',
  'pendingAt',
  'firingAt',
  'notifiedAt',
] as const;

/** To the millisecond, which is what the moments are measured to; the parts then sum to the MTTD within rounding. */
const seconds = (milliseconds: number) => Math.round(milliseconds) / 1000;

/**
 * The parts of one detection. Each moment is held to lie between the injection and the moment after
 * it: a scrape that already showed a zone down before its last process had exited means the fault was
 * in effect by then, so the part before the scrape is 0 rather than negative, and the parts always add
 * up to the time from the injection to the notification.
 */
export function detectionBreakdown(moments: DetectionMoments): DetectionBreakdown {
  const times: Array<number | null> = MOMENTS.map((name) => moments[name]?.getTime() ?? null);
  const injected = times[0] as number;
  let next = times[times.length - 1] as number;
  for (let index = times.length - 2; index > 0; index--) {
    const time = times[index];
    if (time === null) continue;
    times[index] = Math.max(injected, Math.min(time, next));
    next = times[index] as number;
  }
  const parts = Object.fromEntries(
    DETECTION_PARTS.map((part, index) => {
      const [from, to] = [times[index], times[index + 1]];
      return [part, from === null || to === null ? null : seconds(to - from)];
    }),
  ) as PartSeconds;
  return { ...parts, largest: largestPart(parts) };
}

export function largestPart(parts: Partial<Record<DetectionPart, number | null>>): DetectionPart | null {
  let largest: DetectionPart | null = null;
  for (const part of DETECTION_PARTS) {
    const value = parts[part];
    if (value === null || value === undefined) continue;
    if (largest === null || value > (parts[largest] as number)) largest = part;
  }
  return largest;
}

/**
 * The floor from the configuration alone, before anything is measured: a whole scrape interval (the
 * fault begins just after a scrape), a whole evaluation interval (the sample lands just after an
 * evaluation), the rule's `for` rounded up to whole evaluations (it fires at the first evaluation at
 * least `for` after it became pending), and Alertmanager's group_wait. The alignments are counted at
 * their worst, so a detection that wastes nothing stays within the floor whatever the alignment.
 */
export function configuredFloor(timings: DetectionTimings): DetectionFloor {
  for (const [name, value] of Object.entries(timings) as Array<[string, number]>) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  const {
    scrapeIntervalSeconds: scrape,
    evaluationIntervalSeconds: evaluation,
    forSeconds,
    groupWaitSeconds,
  } = timings;
  // The tolerance keeps a `for` that is a whole number of evaluations from counting one more to rounding.
  const hold = evaluation > 0 && forSeconds > 0 ? Math.ceil(forSeconds / evaluation - 1e-9) * evaluation : forSeconds;
  return floorOf({
    effect: 0,
    scrape,
    condition: 0,
    evaluation,
    for: hold,
    notification: groupWaitSeconds,
  });
}

/**
 * The honest floor of a measured detection: the configured floor plus the parts that were measured
 * and cannot be removed by anything but another fault or another rule: the fault taking effect (a
 * zone's processes shutting down) and the time the rule's condition needed once a scrape showed the
 * fault (its window filling, or a restarted process starting up when the rule reads what only the new
 * process reports). Unmeasured parts count as 0. `joinedGroup`: another alert of its name, service and
 * group was already firing, so Alertmanager held this one for the group's next interval, not for
 * group_wait.
 */
export function honestFloor(
  timings: DetectionTimings,
  measured: DetectionBreakdown,
  { joinedGroup = false }: { joinedGroup?: boolean } = {},
): DetectionFloor {
  const configured = configuredFloor(timings);
  return floorOf({
    ...configured,
    effect: measured.effect ?? 0,
    condition: measured.condition ?? 0,
    notification: joinedGroup ? (timings.groupIntervalSeconds ?? configured.notification) : configured.notification,
  });
}

function floorOf(parts: Record<DetectionPart, number>): DetectionFloor {
  const total = DETECTION_PARTS.reduce((sum, part) => sum + parts[part], 0);
  return { ...parts, total: Math.round(total * 1000) / 1000 };
}
