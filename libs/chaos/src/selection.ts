export interface Selectable {
  id: string;
  group: 'control' | 'experiment';
  service: string;
  zone: string;
}

/**
 * Chaos Mesh's selector modes: `one` replica at random, `all` that match, a `fixed` number at random,
 * or a `percent` of those that match (rounded down, at least one). `group` may only be `experiment`; a
 * selector naming the control group is refused, never narrowed.
 */
export interface TargetSelector {
  service?: string;
  zone?: string;
  group?: 'control' | 'experiment';
  mode: 'one' | 'all' | 'fixed' | 'percent';
  value?: number;
}

export class TargetSelectionError extends Error {
  override readonly name = 'TargetSelectionError';
}

/**
 * The experiment-group replicas a fault hits. Control-group replicas are never candidates, whatever
 * the selector says. Refused with a TargetSelectionError: a selector naming the control group, one
 * that matches no experiment-group replica, and a selection above `maxShare` of the experiment group's
 * replicas of a service (all zones, any state), which would leave too little of it to observe.
 * `random` (in [0, 1)) is injectable so tests choose; the result keeps the candidates' order.
 */
export function selectTargets<T extends Selectable>(
  candidates: readonly T[],
  selector: TargetSelector,
  options: { maxShare: number; random?: () => number },
): T[] {
  if (selector.group === 'control') {
    throw new TargetSelectionError('the control group is never a fault target: faults only hit the experiment group');
  }
  const random = options.random ?? Math.random;
  const experimentGroup = candidates.filter((candidate) => candidate.group === 'experiment');
  const matching = (candidate: T) =>
    (selector.service === undefined || candidate.service === selector.service) &&
    (selector.zone === undefined || candidate.zone === selector.zone);
  const matches = experimentGroup.filter(matching);
  if (matches.length === 0) {
    const inControl = candidates.filter((candidate) => candidate.group === 'control' && matching(candidate)).length;
    const why =
      inControl > 0 ? ` (${inControl} control-group replica(s) match, but the control group is never a target)` : '';
    throw new TargetSelectionError(`no experiment-group replica matches ${describe(selector)}${why}`);
  }

  const chosen = new Set(pick(matches.length, count(selector, matches.length), random));
  const targets = matches.filter((_, index) => chosen.has(index));
  checkShare(targets, experimentGroup, options.maxShare);
  return targets;
}

/** Throws unless every target belongs to the experiment group: the last check before a fault is injected. */
export function assertExperimentOnly(targets: readonly Selectable[]): void {
  const outsiders = targets.filter((target) => target.group !== 'experiment');
  if (outsiders.length > 0) {
    throw new TargetSelectionError(
      `refusing to touch ${outsiders.map((target) => `${target.id} (group ${target.group})`).join(', ')}: faults only hit the experiment group`,
    );
  }
}

function count(selector: TargetSelector, available: number): number {
  switch (selector.mode) {
    case 'one':
      return 1;
    case 'all':
      return available;
    case 'fixed': {
      const value = selector.value;
      if (value === undefined || !Number.isInteger(value) || value < 1) {
        throw new TargetSelectionError(`mode fixed needs a whole number of replicas of at least 1, got ${value}`);
      }
      return Math.min(value, available);
    }
    case 'percent': {
      const value = selector.value;
      if (value === undefined || !(value >= 1 && value <= 100)) {
        throw new TargetSelectionError(`mode percent needs a value from 1 to 100, got ${value}`);
      }
      return Math.max(1, Math.floor((available * value) / 100));
    }
  }
}

/** `size` distinct indexes below `length`, drawn with a partial Fisher-Yates shuffle. */
function pick(length: number, size: number, random: () => number): number[] {
  const indexes = Array.from({ length }, (_, index) => index);
  for (let i = 0; i < size; i++) {
    const j = i + Math.min(length - i - 1, Math.max(0, Math.floor(random() * (length - i))));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return indexes.slice(0, size);
}

function checkShare(targets: readonly Selectable[], experimentGroup: readonly Selectable[], maxShare: number): void {
  for (const service of new Set(targets.map((target) => target.service))) {
    const selected = targets.filter((target) => target.service === service).length;
    const total = experimentGroup.filter((replica) => replica.service === service).length;
    // The tolerance keeps 1 of 2 within a share of 0.5 despite floating point.
    if (selected > maxShare * total + 1e-9) {
      throw new TargetSelectionError(
        `selecting ${selected} of the experiment group's ${total} ${service} replica(s) (${percent(selected / total)}) exceeds the maximum share of ${percent(maxShare)}`,
      );
    }
  }
}

function describe(selector: TargetSelector): string {
  const parts = [selector.service === undefined ? 'any service' : `service ${selector.service}`];
  if (selector.zone !== undefined) parts.push(`zone ${selector.zone}`);
  return parts.join(' in ');
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
