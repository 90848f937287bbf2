// Whole-number percentages that add up to exactly 100 (the legacy user statistics: sex, age, preferences).

/**
 * Each count's share of the total as a whole percent, by the largest-remainder method: every share is
 * floored, then the points still missing to reach 100 go one each to the largest remainders. Ties go to the
 * earlier count, so the same counts in the same order always round the same way. All zeros when the total
 * is 0 (nobody to share out). Counts must be non-negative integers.
 */
export function largestRemainderPercentages(counts: readonly number[]): number[] {
  for (const count of counts) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`largestRemainderPercentages: ${count} is not a count`);
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  // Integer arithmetic throughout: count × 100 = floor × total + remainder, so ties are exact.
  const floors = counts.map((count) => Math.floor((count * 100) / total));
  const remainders = counts.map((count, index) => count * 100 - floors[index]! * total);
  const missing = 100 - floors.reduce((sum, floor) => sum + floor, 0);
  const order = counts.map((_, index) => index).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const index of order.slice(0, missing)) floors[index] = floors[index]! + 1;
  return floors;
}
