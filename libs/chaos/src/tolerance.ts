/**
 * What a probe's value may be for the hypothesis to hold: fixed bounds, or bounds relative to the
 * control group measured over the same window ("experiment ≤ control × maxRatio").
 */
export type Tolerance =
  { type: 'absolute'; min?: number; max?: number } | { type: 'relative'; maxRatio: number; minRatio?: number };

/**
 * Whether the experiment group's value is within tolerance, and the limit it was held to, written for
 * a person reading the verdict (e.g. "≤ 0.3 (control 0.2 × 1.5)"). A value that is not a number — no
 * data from Prometheus — never holds: missing evidence is not a pass.
 */
export function evaluateTolerance(
  tolerance: Tolerance,
  experiment: number,
  control: number,
): { holds: boolean; limit: string } {
  if (tolerance.type === 'absolute') {
    const { min, max } = tolerance;
    const limit =
      min !== undefined && max !== undefined
        ? `${format(min)} … ${format(max)}`
        : max !== undefined
          ? `≤ ${format(max)}`
          : `≥ ${format(min ?? -Infinity)}`;
    const holds =
      !Number.isNaN(experiment) && (min === undefined || experiment >= min) && (max === undefined || experiment <= max);
    return { holds, limit };
  }

  const { maxRatio, minRatio } = tolerance;
  if (Number.isNaN(control)) {
    return {
      holds: false,
      limit: `${bound(minRatio, maxRatio, (ratio) => `control × ${format(ratio)}`)} (no control value)`,
    };
  }
  const upper = control * maxRatio;
  const lower = minRatio === undefined ? undefined : control * minRatio;
  const limit = `${bound(lower, upper, format)} (control ${format(control)} × ${minRatio === undefined ? '' : `${format(minRatio)} … `}${format(maxRatio)})`;
  const holds = !Number.isNaN(experiment) && experiment <= upper && (lower === undefined || experiment >= lower);
  return { holds, limit };
}

function bound<T>(lower: T | undefined, upper: T, show: (value: T) => string): string {
  return lower === undefined ? `≤ ${show(upper)}` : `${show(lower)} … ${show(upper)}`;
}

/** Six significant digits: enough to compare, short enough to read in a table. */
function format(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}
