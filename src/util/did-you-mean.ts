/**
 * "Did you mean ...?": the closest candidate to a near miss, or undefined when nothing is
 * close enough to be a likely typo. Case and surrounding space are ignored, so `region`
 * suggests `Region`.
 */
export function didYouMean(
  input: string,
  candidates: Iterable<string>,
): string | undefined {
  const wanted = input.trim().toLowerCase();
  if (wanted === "") return undefined;
  // Roughly one edit in three characters: "Regoin" finds "Region", "x" finds nothing.
  const budget = Math.max(1, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const candidate of candidates) {
    const folded = candidate.trim().toLowerCase();
    if (Math.abs(folded.length - wanted.length) >= bestDistance) continue;
    const distance = editDistance(wanted, folded, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best === input ? undefined : best;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions and swaps of
 * neighbours), giving up once every path costs at least `limit`.
 */
function editDistance(a: string, b: string, limit: number): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}
