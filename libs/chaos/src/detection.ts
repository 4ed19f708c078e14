/**
 * The earliest an alert can fire after a fault: the fault shows in the next scrape, the rule sees it at
 * its next evaluation, and the condition must then hold for the rule's `for`. An MTTD is read beside it.
 */
export function detectionFloorSeconds(
  scrapeIntervalSeconds: number,
  evaluationIntervalSeconds: number,
  forSeconds: number,
): number {
  for (const [name, value] of Object.entries({ scrapeIntervalSeconds, evaluationIntervalSeconds, forSeconds })) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  return scrapeIntervalSeconds + evaluationIntervalSeconds + forSeconds;
}

/** One firing of an alert, as the ledger records it; `endsAt` is null while it still fires. */
export interface Firing {
  alertname: string;
  group: string;
  service: string;
  startsAt: Date;
  endsAt: Date | null;
}

export interface DetectionResult {
  alertname: string;
  detected: boolean;
  /** Injection → first firing of the alert in the experiment group; null when it never fired. */
  mttdSeconds: number | null;
  withinDeadline: boolean;
}

/**
 * For each expected alert, whether it detected the fault: its first experiment-group firing that started
 * at or after the injection. An alert already firing before the injection detected something else.
 */
export function detect(
  injectedAt: Date,
  firings: readonly Firing[],
  expected: ReadonlyArray<{ alertname: string; withinSeconds: number }>,
): DetectionResult[] {
  return expected.map(({ alertname, withinSeconds }) => {
    const first = firings
      .filter(
        (firing) =>
          firing.alertname === alertname &&
          firing.group === 'experiment' &&
          firing.startsAt.getTime() >= injectedAt.getTime(),
      )
      .reduce<Firing | undefined>(
        (earliest, firing) => (earliest === undefined || firing.startsAt < earliest.startsAt ? firing : earliest),
        undefined,
      );
    if (first === undefined) return { alertname, detected: false, mttdSeconds: null, withinDeadline: false };
    const mttdSeconds = (first.startsAt.getTime() - injectedAt.getTime()) / 1000;
    return { alertname, detected: true, mttdSeconds, withinDeadline: mttdSeconds <= withinSeconds };
  });
}

/**
 * Control-group firings active at any moment of the window: the control group is never touched, so an
 * alert there during an experiment is a false alarm (or a problem the experiment did not cause).
 */
export function falseAlarms(window: { from: Date; to: Date }, firings: readonly Firing[]): Firing[] {
  return firings.filter(
    (firing) =>
      firing.group === 'control' &&
      firing.startsAt.getTime() <= window.to.getTime() &&
      (firing.endsAt === null || firing.endsAt.getTime() > window.from.getTime()),
  );
}
