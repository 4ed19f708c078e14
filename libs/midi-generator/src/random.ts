/** A small seeded generator (mulberry32): the corpus must be the same on every machine and run. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    weighted: (weights) => {
      const total = weights.reduce((a, b) => a + b, 0);
      let pick = next() * total;
      for (let i = 0; i < weights.length; i++) {
        pick -= weights[i];
        if (pick < 0) return i;
      }
      return weights.length - 1;
    },
  };
}
