import { createHash } from 'node:crypto';

/**
 * Test knobs of the local bus. They make the local stack behave like the worst EventBridge and
 * Lambda may legally behave: deliver twice, late, out of order, and fail.
 */
export interface Knobs {
  /** Every matched delivery is made this many times (EVOTE_LOCAL_DUPLICATES, default 1). */
  duplicates: number;
  /** Each delivery first waits a random 0..shuffleMs ms, so deliveries arrive out of order (EVOTE_LOCAL_SHUFFLE). */
  shuffleMs: number;
  /** Injected target failures (EVOTE_LOCAL_FAIL_FIRST). */
  failFirst: FailFirst[];
  /** Deliveries held back before their first attempt (EVOTE_LOCAL_DELAY): an event delivered late. */
  delays: Delay[];
  /** First retry waits this long, doubling up to backoffMaxMs (EVOTE_LOCAL_BACKOFF_MS; AWS waits seconds to minutes). */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface FailFirst {
  /** Function key (`countVote`), function name or rule name; undefined = every target. */
  target?: string;
  /** The first `attempts` attempts of a delivery fail; Infinity = every attempt (a permanent fault). */
  attempts: number;
  /** Share of events (0..1] affected, chosen by a hash of the event id so reruns pick the same ones. */
  fraction: number;
}

/** A delivery delay: every delivery to the target (all targets when none is named) waits `ms` first. */
export interface Delay {
  /** Function key (`ballotVerified`), function name or rule name; undefined = every target. */
  target?: string;
  ms: number;
}

export const DEFAULT_KNOBS: Knobs = {
  duplicates: 1,
  shuffleMs: 0,
  failFirst: [],
  delays: [],
  backoffBaseMs: 20,
  backoffMaxMs: 1000,
};

/** Reads the knobs from the environment; a malformed value fails loudly. */
export function knobsFromEnv(env: NodeJS.ProcessEnv = process.env): Knobs {
  return {
    ...DEFAULT_KNOBS,
    duplicates: env.EVOTE_LOCAL_DUPLICATES ? positiveInteger('EVOTE_LOCAL_DUPLICATES', env.EVOTE_LOCAL_DUPLICATES) : 1,
    shuffleMs: parseShuffle(env.EVOTE_LOCAL_SHUFFLE),
    failFirst: env.EVOTE_LOCAL_FAIL_FIRST ? parseFailFirst(env.EVOTE_LOCAL_FAIL_FIRST) : [],
    delays: env.EVOTE_LOCAL_DELAY ? parseDelays(env.EVOTE_LOCAL_DELAY) : [],
    backoffBaseMs: env.EVOTE_LOCAL_BACKOFF_MS
      ? positiveInteger('EVOTE_LOCAL_BACKOFF_MS', env.EVOTE_LOCAL_BACKOFF_MS)
      : DEFAULT_KNOBS.backoffBaseMs,
  };
}

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

/** `1`/`true` = shuffle within 50 ms; a number = within that many ms; `0`/`false`/unset = in order. */
export function parseShuffle(raw: string | undefined): number {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return 0;
  if (raw === 'true' || raw === '1') return 50;
  return positiveInteger('EVOTE_LOCAL_SHUFFLE', raw);
}

/**
 * Grammar: comma-separated `[target=]N[@fraction]`, N a whole number or `all`.
 * `2` = every target fails its first 2 attempts of every event; `countVote=2@0.3` = countVote
 * fails its first 2 attempts on 30% of events; `saveVote=all` = saveVote always fails.
 */
export function parseFailFirst(raw: string): FailFirst[] {
  return listParts(raw).map((part) => {
    const match = /^(?:([^=@]+)=)?(\d+|all)(?:@([0-9.]+))?$/.exec(part);
    if (!match) throw new Error(`EVOTE_LOCAL_FAIL_FIRST: cannot read "${part}" (expected [target=]N[@fraction])`);
    const fraction = match[3] === undefined ? 1 : Number(match[3]);
    if (!(fraction > 0 && fraction <= 1))
      throw new Error(`EVOTE_LOCAL_FAIL_FIRST: fraction in "${part}" must be in (0, 1]`);
    return {
      ...(match[1] ? { target: match[1] } : {}),
      attempts: match[2] === 'all' ? Infinity : Number(match[2]),
      fraction,
    };
  });
}

/** Whether attempt `attempt` (1-based) of delivering `eventId` to a target must fail by injection. */
export function injectedFailure(knobs: Knobs, names: readonly string[], eventId: string, attempt: number): boolean {
  return knobs.failFirst.some((rule) => {
    if (!appliesTo(rule, names)) return false;
    if (attempt > rule.attempts) return false;
    return rule.fraction >= 1 || hashShare(`${rule.target ?? '*'}#${eventId}`) < rule.fraction;
  });
}

function hashShare(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 0x100000000;
}

/**
 * Grammar: comma-separated `[target=]ms`. `ballotVerified=3000` = every delivery to the fan-out
 * waits 3 s before its first attempt (a ballot accepted before the close, processed after it);
 * `500` = every delivery waits half a second.
 */
export function parseDelays(raw: string): Delay[] {
  return listParts(raw).map((part) => {
    const match = /^(?:([^=]+)=)?(\d+)$/.exec(part);
    if (!match) throw new Error(`EVOTE_LOCAL_DELAY: cannot read "${part}" (expected [target=]ms)`);
    return { ...(match[1] ? { target: match[1] } : {}), ms: Number(match[2]) };
  });
}

/** How long a delivery to a target with these names waits before its first attempt: the longest delay that applies. */
export function deliveryDelay(knobs: Knobs, names: readonly string[]): number {
  return knobs.delays.reduce((longest, delay) => (appliesTo(delay, names) ? Math.max(longest, delay.ms) : longest), 0);
}

/** The non-empty, trimmed parts of a comma-separated knob. */
function listParts(raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Whether a knob's rule applies to a target with these names: a rule without a target applies to all. */
function appliesTo(rule: { readonly target?: string }, names: readonly string[]): boolean {
  return rule.target === undefined || names.includes(rule.target);
}
