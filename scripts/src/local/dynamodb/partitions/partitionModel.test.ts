import { PartitionModel, splitPoint, CapacityBucket } from './partitionModel';
import { sortKeyOf } from './keys';
import type { CapacityKind, Touch } from './requests';

/** A touch of item (partitionKey, sortKey) of table `t`. */
function touch(partitionKey: string, sortKey: string | undefined, units = 1, kind: CapacityKind = 'write'): Touch {
  const key = sortKey === undefined ? undefined : sortKeyOf({ S: sortKey });
  return {
    table: 't',
    kind,
    units,
    place: key
      ? { partitionKey: `S:${partitionKey}`, sortKey: key, itemKey: `${partitionKey}|${sortKey}` }
      : { partitionKey: `S:${partitionKey}`, itemKey: partitionKey },
  };
}

/** A model at scale 0.01 (10 write units, 30 read units per partition per second) on a clock the test moves. */
function modelAt(options: { splitAfterMs?: number } = {}) {
  const clock = { now: 0 };
  const model = new PartitionModel({ scale: 0.01, now: () => clock.now, windowMs: 1000, ...options });
  const admitted = (touches: Touch[]) => touches.filter((one) => model.admitAll([one])[0]).length;
  return { clock, model, admitted };
}

const times = <T>(count: number, make: (index: number) => T): T[] =>
  Array.from({ length: count }, (_, index) => make(index));

describe('PartitionModel: per-partition limits at the scale', () => {
  it('a single hot item takes its scaled limit (10 writes of 1 unit a second at scale 0.01) and no more', () => {
    const { clock, model, admitted } = modelAt();
    expect(admitted(times(25, () => touch('e1', 'c1')))).toBe(10);
    clock.now = 100; // a tenth of a second refills one unit
    expect(admitted(times(5, () => touch('e1', 'c1')))).toBe(1);
    clock.now = 2000; // refilled to one second's worth, never more
    expect(admitted(times(25, () => touch('e1', 'c1')))).toBe(10);
    expect(model.stats()).toMatchObject({
      limits: { writeUnits: 10, readUnits: 30 },
      admitted: { write: 21 },
      throttled: { write: 34 },
    });
    expect(model.stats().hottest[0]).toMatchObject({ partitionKey: 'S:e1', throttledWrites: 34, writeUnits: 21 });
  });

  it.each([
    ['writes of 1 KB', 'write', 1, 10],
    ['transactional writes (2 units each)', 'write', 2, 5],
    ['strongly consistent reads', 'read', 1, 30],
    ['eventually consistent reads (0.5 each)', 'read', 0.5, 60],
  ] as const)('one partition admits %s up to its units', (_name, kind, units, expected) => {
    const { admitted } = modelAt();
    expect(admitted(times(100, () => touch('e1', 'c1', units, kind)))).toBe(expected);
  });

  it('reads and writes are metered apart, and each partition key value has its own partition', () => {
    const { admitted } = modelAt();
    expect(admitted(times(20, () => touch('e1', 'c1')))).toBe(10);
    expect(admitted(times(40, () => touch('e1', 'c1', 1, 'read')))).toBe(30);
    expect(admitted(times(20, () => touch('e2', 'c1')))).toBe(10);
  });

  it('a transaction is all or nothing: one item over its limit refuses it, and nothing is charged', () => {
    const { model, admitted } = modelAt();
    expect(admitted(times(9, () => touch('busy', undefined)))).toBe(9);
    expect(model.admitAll([touch('idle', undefined, 2), touch('busy', undefined, 2)])).toEqual([true, false]);
    expect(admitted(times(20, () => touch('idle', undefined)))).toBe(10);
  });

  it('admitEach judges a batch entry by entry', () => {
    const { model } = modelAt();
    expect(model.admitEach(times(12, () => touch('e1', 'c1')))).toEqual([...Array(10).fill(true), false, false]);
  });

  it('a read larger than it looked at admission is charged after, and the partition pays it back', () => {
    const { clock, model, admitted } = modelAt();
    model.charge([touch('e1', 'c1', 30, 'read')]);
    expect(admitted([touch('e1', 'c1', 1, 'read')])).toBe(0);
    clock.now = 1000;
    expect(admitted(times(40, () => touch('e1', 'c1', 1, 'read')))).toBe(30);
  });
});

describe('PartitionModel: split for heat', () => {
  /** Runs `windows` one-second windows of `perWindow(window)` writes; the writes admitted in each. */
  function run(model: ReturnType<typeof modelAt>, windows: number, perWindow: (window: number) => Touch[]): number[] {
    return Array.from({ length: windows }, (_, window) => {
      model.clock.now = window * 1000;
      return model.admitted(perWindow(window));
    });
  }

  it('splits a hot partition key whose traffic spreads over sort keys, so two hot items get a partition each', () => {
    const model = modelAt({ splitAfterMs: 1000 });
    const traffic = () => times(40, (index) => touch('e1', index % 2 ? 'c2' : 'c1'));
    expect(run(model, 3, traffic)).toEqual([10, 20, 20]);
    expect(model.model.partitionsOf('t', 'S:e1')).toBe(2);
    expect(model.model.stats().splits).toBe(1);
  });

  it('never splits one item: a single hot item stays at one partition and its limit', () => {
    const model = modelAt({ splitAfterMs: 1000 });
    expect(run(model, 5, () => times(40, () => touch('e1', 'c1')))).toEqual([10, 10, 10, 10, 10]);
    expect(model.model.partitionsOf('t', 'S:e1')).toBe(1);
  });

  it('does not help traffic that only appends past the newest sort key (time-ordered writes)', () => {
    const model = modelAt({ splitAfterMs: 1000 });
    let next = 0;
    const appends = () => times(40, () => touch('log', `t${String(next++).padStart(6, '0')}`));
    expect(run(model, 5, appends)).toEqual([10, 10, 10, 10, 10]);
    expect(model.model.partitionsOf('t', 'S:log')).toBeGreaterThan(1); // it did split, to no avail
  });

  it('waits for splitAfterMs of heat in a row', () => {
    const model = modelAt({ splitAfterMs: 3000 });
    const traffic = () => times(40, (index) => touch('e1', `c${index % 4}`));
    expect(run(model, 5, traffic)).toEqual([10, 10, 10, 20, 20]);
  });
});

describe('splitPoint and CapacityBucket', () => {
  const at = (text: string, units: number) => ({ key: sortKeyOf({ S: text })!, units });

  it.each([
    ['one sort key: no split', [at('a', 50)], undefined],
    ['two keys, equal traffic: between them', [at('b', 5), at('a', 5)], 'b'],
    ['the heavier key first: right after it', [at('a', 90), at('b', 5), at('c', 5)], 'b'],
    ['the heavier key last: at it', [at('a', 5), at('b', 5), at('c', 90)], 'c'],
  ])('%s', (_name, traffic, expected) => {
    const point = splitPoint(traffic);
    expect(point && point.type === 'S' ? point.bytes.toString() : point).toBe(expected);
  });

  it('admits a request larger than the bucket only when the bucket is full, then owes it', () => {
    const bucket = new CapacityBucket(10, 0);
    expect(bucket.allows(15, 0)).toBe(true);
    bucket.take(15);
    expect(bucket.available(0)).toBe(-5);
    expect(bucket.allows(1, 500)).toBe(false);
    expect(bucket.allows(1, 600)).toBe(true);
  });
});
