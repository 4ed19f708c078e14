/** One firing of an alert, as the ledger records it; `endsAt` is null while it still fires. */
export interface Firing {
  alertname: string;
  group: string;
  service: string;
  /** When Prometheus fired it (Alertmanager's `startsAt`). */
  startsAt: Date;
  endsAt: Date | null;
  /**
   * When its notification reached the ledger, after Alertmanager's group wait: the moment someone is
   * told, where MTTD ends. `startsAt` stands in when it is not known.
   */
  notifiedAt?: Date | null;
}

export interface DetectionResult {
  alertname: string;
  detected: boolean;
  /** Injection → the notification of its first firing in the experiment group; null when it never fired. */
  mttdSeconds: number | null;
  withinDeadline: boolean;
}

/**
 * The alert's first experiment-group firing that started at or after the injection: the one that
 * detected the fault. An alert already firing before the injection detected something else.
 */
export function firstFiring(injectedAt: Date, firings: readonly Firing[], alertname: string): Firing | undefined {
  return firings
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
}

/** For each expected alert, whether it detected the fault (its first firing) and how long until the ledger was told. */
export function detect(
  injectedAt: Date,
  firings: readonly Firing[],
  expected: ReadonlyArray<{ alertname: string; withinSeconds: number }>,
): DetectionResult[] {
  return expected.map(({ alertname, withinSeconds }) => {
    const first = firstFiring(injectedAt, firings, alertname);
    if (first === undefined) return { alertname, detected: false, mttdSeconds: null, withinDeadline: false };
    const mttdSeconds = ((first.notifiedAt ?? first.startsAt).getTime() - injectedAt.getTime()) / 1000;
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
