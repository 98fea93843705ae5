/** Vote shares for the results bars. */

/**
 * Each count's share of the total in percent, one decimal, summing to exactly 100 when any vote
 * was cast (largest remainder: plain rounding can show 33.3 + 33.3 + 33.3 = 99.9). All zero
 * when no vote was cast, rather than dividing by zero.
 */
export function shares(counts: number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => 0);
  const tenths = counts.map((count) => (count * 1000) / total);
  const floors = tenths.map(Math.floor);
  let missing = 1000 - floors.reduce((sum, value) => sum + value, 0);
  const byRemainder = tenths
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    floors[index] = (floors[index] as number) + 1;
    missing--;
  }
  return floors.map((value) => value / 10);
}

/** "42.9%" */
export function formatShare(share: number): string {
  return `${share.toFixed(1)}%`;
}

/** "1 vote", "12 votes" */
export function formatVotes(count: number): string {
  return `${count.toLocaleString('en')} ${count === 1 ? 'vote' : 'votes'}`;
}
