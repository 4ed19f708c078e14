/**
 * A stretch of time in which something deliberate happened to the system (an experiment ran, an
 * operator acted): an alert firing during it has a cause, so it is not noise. Without `group` it
 * explains the alerts of every group; with one, only that group's (an experiment touches only the
 * experiment group, so a control-group alert during it stays unexplained).
 */
export interface ExplanationWindow {
  from: Date;
  to: Date;
  group?: string;
}

/** Where the windows come from; the experiments module provides the real one. */
export interface ExplanationWindows {
  /** The windows overlapping [from, to]. */
  windows(from: Date, to: Date): Promise<ExplanationWindow[]>;
}

/** Injection token of the ExplanationWindows the ledger classifies noise with. */
export const EXPLANATION_WINDOWS = Symbol('EXPLANATION_WINDOWS');

/** Nothing explains any alert: every short self-resolving alert is noise. */
export const NO_EXPLANATION_WINDOWS: ExplanationWindows = { windows: async () => [] };

/** The windows that may explain an alert of `group`. */
export function windowsExplaining(windows: readonly ExplanationWindow[], group: string | null): ExplanationWindow[] {
  return windows.filter((window) => window.group === undefined || window.group === group);
}
