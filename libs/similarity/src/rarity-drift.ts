/*
 * How far the index's instrument order has drifted from the real rarity. The search's speed comes from
 * reading the lists of rare instruments first (see rarity-order.ts): when upserts make an instrument
 * ranked rare common, its long lists are read early, and queries slow down while staying exact.
 */

/**
 * The share of the sets' instrument memberships that sit at the wrong rank: walk the ranks in order
 * and compare how many sets hold the instrument at each rank with how many would in the true rarest-first
 * order, summing the absolute differences over twice the memberships. 0 when the order is the true one
 * (ties and near-ties cost next to nothing), 1 when every instrument holds another's share. 129
 * instruments: a few microseconds, so it can be read at every refresh and every scrape.
 */
export function rarityDrift(setsWith: Int32Array, ranks: Uint8Array): number {
  const count = setsWith.length;
  const atRank = new Int32Array(count);
  let memberships = 0;
  for (let instrument = 0; instrument < count; instrument++) {
    atRank[ranks[instrument]] = setsWith[instrument];
    memberships += setsWith[instrument];
  }
  if (memberships === 0) return 0;
  const ideal = atRank.slice().sort();
  let misplaced = 0;
  for (let rank = 0; rank < count; rank++) misplaced += Math.abs(atRank[rank] - ideal[rank]);
  return misplaced / (2 * memberships);
}
