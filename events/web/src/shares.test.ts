import { formatShare, formatVotes, shares } from './shares';

describe('vote shares', () => {
  it('is zero for every candidate when no vote was cast', () => {
    expect(shares([0, 0, 0])).toEqual([0, 0, 0]);
    expect(shares([])).toEqual([]);
  });

  it('sums to exactly 100 where plain rounding would not', () => {
    const thirds = shares([1, 1, 1]);
    expect(thirds).toEqual([33.4, 33.3, 33.3]);
    expect(thirds.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, 10);
    for (const counts of [
      [2, 1],
      [5, 3, 1],
      [7, 7, 7, 1],
      [1, 0, 0],
    ])
      expect(shares(counts).reduce((sum, share) => sum + share * 10, 0)).toBe(1000);
  });

  it('gives each count its share to one decimal', () => {
    expect(shares([3, 4])).toEqual([42.9, 57.1]);
    expect(shares([10, 0])).toEqual([100, 0]);
  });

  it('words counts and shares', () => {
    expect(formatVotes(1)).toBe('1 vote');
    expect(formatVotes(1200)).toBe('1,200 votes');
    expect(formatShare(42.9)).toBe('42.9%');
    expect(formatShare(0)).toBe('0.0%');
  });
});
