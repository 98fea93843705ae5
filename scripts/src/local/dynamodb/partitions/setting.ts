/**
 * `EVOTE_LOCAL_PARTITION_LIMITS`: whether the local stack puts the partition model in front of
 * DynamoDB Local, and how far it scales AWS's per-partition limits down.
 *   unset, empty, `off`   no model: the functions talk to DynamoDB Local directly
 *   `on`                  the model at the default scale (DEFAULT_PARTITION_SCALE)
 *   `scale=<factor>`      the model with AWS's limits multiplied by <factor> (0 < factor <= 1)
 *   `<factor>`            the same, shorter (e.g. `0.05`)
 * docs/partition-model.md says which AWS rule each limit follows.
 */

/** One partition's ceiling in AWS, per second (Burst and adaptive capacity; partition key design). */
export const AWS_PARTITION_WRITE_UNITS = 1000;
export const AWS_PARTITION_READ_UNITS = 3000;

/**
 * 1/100 of AWS: one item then takes 10 writes of 1 KB a second, a rate the whole local stack
 * reaches on a 2-core machine, so a hot item shows up locally as it would at 100x the load in AWS.
 */
export const DEFAULT_PARTITION_SCALE = 0.01;

export interface PartitionLimits {
  /** What AWS's per-partition limits are multiplied by. */
  scale: number;
}

export type PartitionLimitsSetting = 'off' | PartitionLimits;

/** Reads the variable's value; a malformed one fails loudly, naming the forms it takes. */
export function parsePartitionLimits(text: string | undefined): PartitionLimitsSetting {
  const value = (text ?? '').trim().toLowerCase();
  if (value === '' || value === 'off') return 'off';
  if (value === 'on') return { scale: DEFAULT_PARTITION_SCALE };
  const factor = /^(?:scale=)?(\d*\.?\d+(?:e-?\d+)?)$/.exec(value)?.[1];
  const scale = factor === undefined ? NaN : Number(factor);
  if (!(scale > 0 && scale <= 1))
    throw new Error(
      `EVOTE_LOCAL_PARTITION_LIMITS must be "off", "on" (scale ${DEFAULT_PARTITION_SCALE}) or "scale=<factor>" with 0 < factor <= 1 (e.g. scale=0.05), got "${text}"`,
    );
  return { scale };
}

/** Write and read units per second one partition (and so one item) may take under `limits`. */
export function scaledLimits(limits: PartitionLimits): { writeUnits: number; readUnits: number } {
  return { writeUnits: AWS_PARTITION_WRITE_UNITS * limits.scale, readUnits: AWS_PARTITION_READ_UNITS * limits.scale };
}
