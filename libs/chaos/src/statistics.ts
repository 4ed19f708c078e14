/**
 * `u` counts the (control, experiment) pairs in which the experiment value is the larger, ties counting
 * one half; `z` is positive when the experiment group's values tend to be larger (slower, more errors).
 * `pValue` is two-sided: the chance of a difference at least this large if both groups were alike.
 */
export interface MannWhitneyResult {
  u: number;
  z: number;
  pValue: number;
}

/**
 * Mann-Whitney U test with the normal approximation, tie correction and continuity correction: the same
 * figures as scipy.stats.mannwhitneyu(experiment, control, method='asymptotic'). It compares the
 * per-interval samples of the two groups without assuming any distribution, as Netflix's canary judge does.
 * Without a sample on either side, or when every value ties, there is no evidence of a difference: p = 1.
 * NaN samples (Prometheus' answer for an interval without observations) are left out, on both sides.
 */
export function mannWhitneyU(control: readonly number[], experiment: readonly number[]): MannWhitneyResult {
  const controlSamples = observed(control);
  const experimentSamples = observed(experiment);
  const n1 = controlSamples.length;
  const n2 = experimentSamples.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };

  const pooled = [
    ...controlSamples.map((value) => ({ value, experiment: false })),
    ...experimentSamples.map((value) => ({ value, experiment: true })),
  ];
  pooled.sort((a, b) => a.value - b.value);

  const n = n1 + n2;
  let experimentRankSum = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && pooled[end].value === pooled[start].value) end++;
    const ties = end - start;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 .. end
    for (let i = start; i < end; i++) if (pooled[i].experiment) experimentRankSum += rank;
    tieTerm += ties ** 3 - ties;
    start = end;
  }

  const u = experimentRankSum - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };

  const distance = Math.max(Math.abs(u - mean) - 0.5, 0);
  const z = (Math.sign(u - mean) * distance) / Math.sqrt(variance);
  const pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  return { u, z, pValue };
}

export interface Deviation {
  controlMedian: number;
  experimentMedian: number;
  /** experiment ÷ control; null when the control median is 0 (or a side has no samples). */
  ratio: number | null;
  /** experiment − control. */
  difference: number;
}

/** How far the experiment group's median is from the control group's. A side without samples has median NaN. */
export function deviation(control: readonly number[], experiment: readonly number[]): Deviation {
  const controlMedian = median(control);
  const experimentMedian = median(experiment);
  const ratio =
    controlMedian === 0 || !Number.isFinite(controlMedian) || !Number.isFinite(experimentMedian)
      ? null
      : experimentMedian / controlMedian;
  return { controlMedian, experimentMedian, ratio, difference: experimentMedian - controlMedian };
}

/** The median of the observed (non-NaN) values; NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = observed(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A range the true median lies in with at least the asked confidence, from the sample's own order statistics. */
export interface MedianInterval {
  low: number;
  high: number;
  /** The coverage the chosen ranks give, at least the level asked for. */
  confidence: number;
}

/**
 * The distribution-free confidence interval for a median: the k-th smallest and k-th largest of the
 * observed values, k the largest rank whose binomial tail P(Binomial(n, ½) < k) leaves at least the asked
 * level between them. It assumes only that the values are independent draws, which suits benchmark
 * rounds whose noise has no known shape. Undefined when the sample is too small to reach the level
 * (fewer than 6 values for 95%).
 */
export function medianInterval(values: readonly number[], level = 0.95): MedianInterval | undefined {
  const sorted = observed(values).sort((a, b) => a - b);
  const n = sorted.length;
  // P(Binomial(n, ½) = i), summed from i = 0 in log space so that large n neither under- nor overflows.
  let logPmf = -n * Math.LN2;
  let tail = 0;
  let rank = 0;
  for (let i = 0; 2 * i < n; i++) {
    const next = tail + Math.exp(logPmf);
    if (1 - 2 * next < level) break;
    tail = next;
    rank = i + 1;
    logPmf += Math.log((n - i) / (i + 1));
  }
  if (rank === 0) return undefined;
  return { low: sorted[rank - 1], high: sorted[n - rank], confidence: 1 - 2 * tail };
}

function observed(values: readonly number[]): number[] {
  return values.filter((value) => !Number.isNaN(value));
}

/**
 * Complementary error function, with a relative error below 1.2e-7 everywhere (Chebyshev fit from
 * Numerical Recipes, 2nd ed., §6.2): ample for p-values compared with thresholds like 0.05.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}
