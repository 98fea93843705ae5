/**
 * writeRoll's answers to a throttled table, with a fake client: AWS cancels a transaction that
 * finds a partition over its throughput (`ThrottlingError`), writing nothing, and the SDK does not
 * retry a cancellation, so the import pauses and tries again itself. The partition model of the
 * local stack models partitions, not a new table's whole-table throughput, so a roll of distinct
 * voters is never throttled there: this is the place that shows it.
 */
import { Readable } from 'node:stream';
import type { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { writeRoll } from './writeRoll';

const ROLL = ['full_name,voter_id,email', 'Ada Lovelace,c00001,', 'Alan Turing,c00002,', 'Grace Hopper,c00003,'];

const throttled = (): Error =>
  Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }, { Code: 'None' }, { Code: 'None' }],
  });

/** A client whose first `failures` transactions are throttled; the rest succeed and are recorded. */
function fakeDb(failures: number) {
  const committed: string[][] = [];
  let calls = 0;
  const db = {
    send: async (command: TransactWriteCommand) => {
      calls++;
      if (calls <= failures) throw throttled();
      const profiles = (command.input.TransactItems ?? []).filter((action) => action.Put?.Item?.sk === 'PROFILE');
      committed.push(profiles.map((action) => String(action.Put?.Item?.voterId)));
      return {};
    },
  };
  return { db, committed, calls: () => calls };
}

const importRoll = (db: ReturnType<typeof fakeDb>['db']) =>
  writeRoll({
    db: db as never,
    tableName: 'evote-test-voters',
    source: Readable.from(`${ROLL.join('\n')}\n`),
    throttledBaseDelayMs: 1,
  });

describe('writeRoll on a throttled table', () => {
  it('tries a throttled transaction again after a pause, and every voter is written once', async () => {
    const { db, committed, calls } = fakeDb(3);
    await expect(importRoll(db)).resolves.toMatchObject({ rows: 3, written: 3, present: 0 });
    expect(calls()).toBe(4);
    expect(committed).toEqual([['c00001', 'c00002', 'c00003']]);
  });

  it('stops with an error that says the table is throttled, and how to resume, when it stays throttled', async () => {
    const { db, committed, calls } = fakeDb(Number.POSITIVE_INFINITY);
    await expect(importRoll(db)).rejects.toThrow(
      /voters of lines 2-4 could not be written \(throttled 11 times: .*run the import again to resume\)/,
    );
    expect(calls()).toBe(11);
    expect(committed).toEqual([]);
  });
});
