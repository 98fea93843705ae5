/**
 * The polls of an election: the window in which a ballot's votes count, and the one rule that
 * judges a ballot against it. The judge looks only at when the system *accepted* the ballot (the
 * instant of the 202, carried by Ballot Submitted and Ballot Verified as `acceptedAt`), never at
 * when the fan-out happens to process it: a ballot accepted at 19:59:59.999 and delivered at
 * 20:00:02 counts.
 *
 * An election item written before elections had windows has neither `opensAt` nor `closesAt`:
 * its polls are always open (and its results live). That rule is permanent, not a migration aid.
 */

/** The scheduled window `[opensAt, closesAt)` (ISO 8601 instants); a bound left out is unbounded. */
export interface PollWindow {
  readonly opensAt?: string;
  readonly closesAt?: string;
}

/** Where an instant falls in a window. */
export type PollsVerdict = 'open' | 'notOpen' | 'closed';

/**
 * `notOpen` before `opensAt`, `closed` from `closesAt` on, `open` in between: the window includes
 * its opening instant and excludes its closing one, so a ballot accepted at exactly the closing
 * time is late. No window at all means always open.
 */
export function pollsAt(window: PollWindow | undefined, acceptedAt: string): PollsVerdict {
  const accepted = instant(acceptedAt, 'acceptedAt');
  if (window?.opensAt !== undefined && accepted < instant(window.opensAt, 'opensAt')) return 'notOpen';
  if (window?.closesAt !== undefined && accepted >= instant(window.closesAt, 'closesAt')) return 'closed';
  return 'open';
}

/** The window of an election item: its `opensAt` and `closesAt` where they are strings. */
export function pollWindowOf(item: Record<string, unknown>): PollWindow {
  return {
    ...(typeof item.opensAt === 'string' ? { opensAt: item.opensAt } : {}),
    ...(typeof item.closesAt === 'string' ? { closesAt: item.closesAt } : {}),
  };
}

/**
 * Milliseconds since the epoch. Instants are compared as numbers, not strings, so that
 * `20:00:00Z` and `20:00:00.000Z` are the same instant. A malformed one throws: an election item
 * with an unreadable window must stop the fan-out (retried, then dead-lettered), not count.
 */
function instant(value: string, name: string): number {
  const millis = Date.parse(value);
  if (Number.isNaN(millis)) throw new RangeError(`${name} is not an instant: "${value}"`);
  return millis;
}
