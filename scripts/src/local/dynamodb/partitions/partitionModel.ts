/**
 * The partitions of the local tables and their capacity: the rules of docs/partition-model.md.
 * Each partition key value of a table (or of a global secondary index) is an item collection
 * held by one or more partitions, each a range of its sort keys with a token bucket of write
 * units and one of read units, refilled at AWS's per-partition limit times the scale. A request
 * is admitted when every partition it touches has the units; otherwise it is throttled and
 * nothing is charged (a transaction is all-or-nothing; a batch is judged entry by entry).
 *
 * Split for heat: a partition throttled in every window for `splitAfterMs` is split in two at
 * the sort key that halves its last window's traffic, when that traffic spread over at least two
 * sort keys. One item never splits, so one item never exceeds one partition's limit; and traffic
 * that only appends past the newest sort key finds the new upper half as hot as the whole was.
 * Over 250 lines because the buckets, the windows and the split are one state machine per
 * partition; split apart, each piece would need the others' internals.
 */
import { compareSortKeys, sortKeyText, type SortKey } from './keys';
import type { CapacityKind, Touch } from './requests';
import { scaledLimits, type PartitionLimits } from './setting';

export interface PartitionModelOptions extends PartitionLimits {
  /** The clock in ms (tests move it). */
  now?: () => number;
  /** A partition splits after being throttled in every window this long (default 5 s; AWS takes minutes, undocumented). */
  splitAfterMs?: number;
  /** Length of one heat window (default 1 s, the period of AWS's per-second limits). */
  windowMs?: number;
}

/** One partition (a range of one item collection's sort keys) and its buckets. */
interface Partition {
  /** Inclusive lower bound; undefined: from the lowest sort key. */
  lower?: SortKey;
  buckets: Record<CapacityKind, CapacityBucket>;
  windowStart: number;
  windowThrottled: boolean;
  /** Units asked for per sort key in the current window (the split's evidence). */
  traffic: Map<string, { key: SortKey; units: number }>;
  hotSince?: number;
}

/** One item collection (a partition key value of a table or an index). */
interface Collection {
  name: string;
  table: string;
  index?: string;
  partitions: Partition[];
  used: Record<CapacityKind, number>;
  throttled: Record<CapacityKind, number>;
  lastUsed: number;
}

export interface HotKey {
  table: string;
  index?: string;
  partitionKey: string;
  partitions: number;
  writeUnits: number;
  readUnits: number;
  throttledWrites: number;
  throttledReads: number;
}

export interface PartitionModelStats {
  scale: number;
  /** Units per second one partition (so one item) may take. */
  limits: { writeUnits: number; readUnits: number };
  /** Touches admitted and throttled, per kind. */
  admitted: Record<CapacityKind, number>;
  throttled: Record<CapacityKind, number>;
  /** Splits for heat made so far. */
  splits: number;
  /** The most throttled item collections, most first (at most 10). */
  hottest: HotKey[];
}

/** Tokens refilled continuously at `perSecond` up to one second's worth; a charge may take it below zero. */
export class CapacityBucket {
  private updatedAt: number;

  constructor(
    readonly perSecond: number,
    now: number,
    private tokens = perSecond,
  ) {
    this.updatedAt = now;
  }

  available(now: number): number {
    this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    return this.tokens;
  }

  /** Whether `units` may be taken: all of them, or a full bucket for a request larger than the bucket. */
  allows(units: number, now: number): boolean {
    return this.available(now) >= Math.min(units, this.perSecond) - 1e-9;
  }

  take(units: number): void {
    this.tokens -= units;
  }

  copy(now: number): CapacityBucket {
    return new CapacityBucket(this.perSecond, now, this.available(now));
  }
}

const IDLE_COLLECTION_MS = 60_000;
const MAX_TRAFFIC_KEYS = 10_000;

export class PartitionModel {
  private readonly collections = new Map<string, Collection>();
  private readonly now: () => number;
  private readonly splitAfterMs: number;
  private readonly windowMs: number;
  readonly limits: { writeUnits: number; readUnits: number };
  private readonly totals = {
    admitted: { read: 0, write: 0 },
    throttled: { read: 0, write: 0 },
    splits: 0,
  };
  /** Collections that were ever throttled (kept when an idle one is forgotten). */
  private readonly hot = new Map<string, Collection>();
  private sinceSweep = 0;

  constructor(private readonly options: PartitionModelOptions) {
    this.now = options.now ?? Date.now;
    this.splitAfterMs = options.splitAfterMs ?? 5000;
    this.windowMs = options.windowMs ?? 1000;
    this.limits = scaledLimits(options);
  }

  /**
   * Admits `touches` all together (a transaction, a single-item request): each verdict is true
   * when its partition has the units; if any is false, nothing is charged.
   */
  admitAll(touches: readonly Touch[]): boolean[] {
    const now = this.now();
    const placed = touches.map((touch) => ({ touch, ...this.locate(touch, now) }));
    const asked = new Map<Partition, Record<CapacityKind, number>>();
    for (const { touch, partition } of placed) {
      const sum = asked.get(partition) ?? { read: 0, write: 0 };
      sum[touch.kind] += touch.units;
      asked.set(partition, sum);
    }
    const verdicts = placed.map(({ touch, partition }) =>
      partition.buckets[touch.kind].allows((asked.get(partition) as Record<CapacityKind, number>)[touch.kind], now),
    );
    const admitted = verdicts.every(Boolean);
    placed.forEach(({ touch, partition, collection }, index) =>
      this.record(touch, partition, collection, admitted, !verdicts[index]),
    );
    return verdicts;
  }

  /** Admits each touch on its own (a batch's entries): the ones with units are charged, the others refused. */
  admitEach(touches: readonly Touch[]): boolean[] {
    return touches.map((touch) => this.admitAll([touch])[0] as boolean);
  }

  /** Charges units found only in the answer (a read's size beyond its minimum): taken, never refused. */
  charge(touches: readonly Touch[]): void {
    const now = this.now();
    for (const touch of touches) {
      const { partition, collection } = this.locate(touch, now);
      partition.buckets[touch.kind].take(touch.units);
      collection.used[touch.kind] += touch.units;
    }
  }

  stats(): PartitionModelStats {
    const hottest = [...this.hot.values()]
      .map(hotKeyOf)
      .sort((a, b) => b.throttledWrites + b.throttledReads - (a.throttledWrites + a.throttledReads))
      .slice(0, 10);
    return {
      scale: this.options.scale,
      limits: { ...this.limits },
      admitted: { ...this.totals.admitted },
      throttled: { ...this.totals.throttled },
      splits: this.totals.splits,
      hottest,
    };
  }

  /** How many partitions hold the item collection now (1 until it is split for heat). */
  partitionsOf(table: string, partitionKey: string, index?: string): number {
    return this.collections.get(collectionName(table, partitionKey, index))?.partitions.length ?? 1;
  }

  private record(touch: Touch, partition: Partition, collection: Collection, charged: boolean, refused: boolean): void {
    const { kind, units } = touch;
    if (touch.place.sortKey && partition.traffic.size < MAX_TRAFFIC_KEYS) {
      const text = sortKeyText(touch.place.sortKey);
      const seen = partition.traffic.get(text) ?? { key: touch.place.sortKey, units: 0 };
      seen.units += units;
      partition.traffic.set(text, seen);
    }
    if (charged) {
      partition.buckets[kind].take(units);
      collection.used[kind] += units;
      this.totals.admitted[kind]++;
      return;
    }
    this.totals.throttled[kind]++;
    if (!refused) return; // refused because another item of the same transaction was
    partition.windowThrottled = true;
    collection.throttled[kind]++;
    this.hot.set(collection.name, collection);
  }

  private locate(touch: Touch, now: number): { partition: Partition; collection: Collection } {
    const name = collectionName(touch.table, touch.place.partitionKey, touch.index);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = {
        name,
        table: touch.table,
        ...(touch.index ? { index: touch.index } : {}),
        partitions: [this.newPartition(undefined, now)],
        used: { read: 0, write: 0 },
        throttled: { read: 0, write: 0 },
        lastUsed: now,
      };
      this.collections.set(name, collection);
      this.sweep(now);
    }
    collection.lastUsed = now;
    let partition = partitionFor(collection.partitions, touch.place.sortKey);
    if (now - partition.windowStart >= this.windowMs) {
      this.closeWindow(collection, partition, now);
      partition = partitionFor(collection.partitions, touch.place.sortKey);
    }
    return { partition, collection };
  }

  /** Ends a partition's heat window; splits it when it has been hot for splitAfterMs and its traffic spread. */
  private closeWindow(collection: Collection, partition: Partition, now: number): void {
    const windowEnd = partition.windowStart + this.windowMs;
    const contiguous = now - windowEnd < this.windowMs;
    partition.hotSince = partition.windowThrottled ? (partition.hotSince ?? partition.windowStart) : undefined;
    const due = partition.hotSince !== undefined && windowEnd - partition.hotSince >= this.splitAfterMs;
    const at = due ? splitPoint([...partition.traffic.values()]) : undefined;
    if (at) {
      const upper = this.newPartition(at, now, partition);
      const lower = this.newPartition(partition.lower, now, partition);
      const position = collection.partitions.indexOf(partition);
      collection.partitions.splice(position, 1, lower, upper);
      this.totals.splits++;
      return;
    }
    if (!contiguous) partition.hotSince = undefined;
    partition.windowStart = now;
    partition.windowThrottled = false;
    partition.traffic.clear();
  }

  private newPartition(lower: SortKey | undefined, now: number, from?: Partition): Partition {
    return {
      ...(lower ? { lower } : {}),
      buckets: {
        write: from ? from.buckets.write.copy(now) : new CapacityBucket(this.limits.writeUnits, now),
        read: from ? from.buckets.read.copy(now) : new CapacityBucket(this.limits.readUnits, now),
      },
      windowStart: now,
      windowThrottled: false,
      traffic: new Map(),
    };
  }

  /** Forgets collections idle for a minute with one partition and full buckets: they would be made again the same. */
  private sweep(now: number): void {
    if (++this.sinceSweep < 1000) return;
    this.sinceSweep = 0;
    for (const [name, collection] of this.collections) {
      if (collection.partitions.length > 1 || now - collection.lastUsed < IDLE_COLLECTION_MS) continue;
      this.collections.delete(name);
    }
  }
}

function collectionName(table: string, partitionKey: string, index?: string): string {
  return index ? `${table}/${index} ${partitionKey}` : `${table} ${partitionKey}`;
}

/** The partition holding `sortKey`: the last one whose lower bound is at or below it (the first, without a sort key). */
function partitionFor(partitions: readonly Partition[], sortKey: SortKey | undefined): Partition {
  if (!sortKey) return partitions[0] as Partition;
  let found = partitions[0] as Partition;
  for (const partition of partitions) {
    if (partition.lower && compareSortKeys(partition.lower, sortKey) > 0) break;
    found = partition;
  }
  return found;
}

/**
 * The sort key that halves a window's traffic: the first key at which the units before it reach
 * half the total. Undefined when the traffic went to one sort key only (one item: never split).
 */
export function splitPoint(traffic: readonly { key: SortKey; units: number }[]): SortKey | undefined {
  if (traffic.length < 2) return undefined;
  const sorted = [...traffic].sort((a, b) => compareSortKeys(a.key, b.key));
  const total = sorted.reduce((sum, entry) => sum + entry.units, 0);
  let before = 0;
  for (let index = 1; index < sorted.length; index++) {
    before += (sorted[index - 1] as { units: number }).units;
    if (before >= total / 2) return (sorted[index] as { key: SortKey }).key;
  }
  return (sorted[sorted.length - 1] as { key: SortKey }).key;
}

function hotKeyOf(collection: Collection): HotKey {
  return {
    table: collection.table,
    ...(collection.index ? { index: collection.index } : {}),
    partitionKey: collection.name.slice(collection.name.indexOf(' ') + 1),
    partitions: collection.partitions.length,
    writeUnits: collection.used.write,
    readUnits: collection.used.read,
    throttledWrites: collection.throttled.write,
    throttledReads: collection.throttled.read,
  };
}
