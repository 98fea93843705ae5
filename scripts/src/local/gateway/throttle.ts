import type { ThrottleModel } from '../model/types';

/** How the local gateway throttles: as each HTTP API declares, not at all, or with one override for every API. */
export type ThrottleSetting = 'model' | 'off' | ThrottleModel;

/**
 * Reads `EVOTE_LOCAL_THROTTLE`: `off`, or `<rate>/<burst>` (requests per second / bucket size)
 * for every HTTP API instead of its serverless.yml values. Unset or empty: the model's values.
 */
export function parseThrottleSetting(text: string | undefined): ThrottleSetting {
  if (text === undefined || text.trim() === '') return 'model';
  const value = text.trim();
  if (value === 'off') return 'off';
  const found = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(value);
  if (!found) throw new Error(`EVOTE_LOCAL_THROTTLE must be "off" or "<rate>/<burst>" (e.g. 100/200), got "${text}"`);
  return { rateLimit: Number(found[1]), burstLimit: Number(found[2]) };
}

/**
 * API Gateway's throttle: a token bucket of `burstLimit` tokens, refilled at `rateLimit` per
 * second; a request takes one token or is refused (429).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  /** @param now the clock in ms (tests move it). */
  constructor(
    readonly limits: ThrottleModel,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limits.burstLimit;
    this.updatedAt = now();
  }

  take(): boolean {
    const now = this.now();
    const refilled = ((now - this.updatedAt) / 1000) * this.limits.rateLimit;
    this.tokens = Math.min(this.limits.burstLimit, this.tokens + refilled);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The bucket for an HTTP API under the setting, or undefined when it is not throttled. */
export function bucketFor(
  declared: ThrottleModel | undefined,
  setting: ThrottleSetting,
  now?: () => number,
): TokenBucket | undefined {
  if (setting === 'off') return undefined;
  const limits = setting === 'model' ? declared : setting;
  return limits ? new TokenBucket(limits, now) : undefined;
}
