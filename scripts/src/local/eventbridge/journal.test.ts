import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeliveryJournal, readJournal, targetKey, type PromisedEvent } from './journal';
import type { BusEnvelope } from './putEvents';

const VOTES = targetKey('arn:rule:votes', 'arn:fn:countVote');
const AUDIT = targetKey('arn:rule:audit', 'arn:fn:auditEvent');

let dir: string;
let file: string;
const opened: DeliveryJournal[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-journal-'));
  file = path.join(dir, 'journal.jsonl');
});
afterEach(async () => {
  for (const journal of opened.splice(0)) await journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(options: { compactAtBytes?: number } = {}): DeliveryJournal {
  const journal = DeliveryJournal.open(file, options);
  opened.push(journal);
  return journal;
}

function event(id: string): BusEnvelope {
  return {
    version: '0',
    id,
    'detail-type': 'Vote Cast',
    source: 'evote.elections',
    account: '000000000000',
    time: '2026-11-23T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { ballotId: id },
  };
}

function promised(key: string, targets = [VOTES, AUDIT]): PromisedEvent {
  return { key, busName: 'evote-test', event: event(`event-${key}`), targets };
}

const owedOf = (contents: { unfinished: PromisedEvent[] }) =>
  contents.unfinished.map(({ key, targets }) => `${key}:${targets.length}`);

describe('delivery journal', () => {
  it('owes a promised event to each of its targets until each has finished with it', async () => {
    const journal = open();
    await journal.promise([promised('a'), promised('b')]);
    expect(owedOf(readJournal(file))).toEqual(['a:2', 'b:2']);

    journal.finish('a', VOTES, 'delivered');
    journal.finish('b', AUDIT, 'dead-lettered');
    expect(readJournal(file).unfinished.map(({ key, targets }) => [key, targets])).toEqual([
      ['a', [AUDIT]],
      ['b', [VOTES]],
    ]);

    journal.finish('a', AUDIT, 'delivered');
    expect(owedOf(readJournal(file))).toEqual(['b:1']);
    expect(owedOf({ unfinished: journal.unfinished() })).toEqual(['b:1']);
  });

  it('keeps nothing for an event no rule matched, and ignores a second finish of the same target', async () => {
    const journal = open();
    await journal.promise([promised('unmatched', [])]);
    await journal.promise([promised('a', [VOTES])]);
    const size = journal.sizeBytes;
    journal.finish('a', VOTES, 'delivered');
    const finished = journal.sizeBytes;
    journal.finish('a', VOTES, 'delivered');
    expect(finished).toBeGreaterThan(size);
    expect(journal.sizeBytes).toBe(finished);
    expect(readJournal(file).unfinished).toEqual([]);
  });

  it('hands a restart what the previous run left owed, and rewrites the file with only that', async () => {
    const first = open();
    await first.promise([promised('done', [VOTES]), promised('half'), promised('untouched', [AUDIT])]);
    first.finish('done', VOTES, 'delivered');
    first.finish('half', VOTES, 'delivered');
    const before = fs.statSync(file).size;
    // The first run is killed here: no close, no further line.

    const second = open();
    expect(second.unfinished().map(({ key, targets, event: owed }) => [key, targets, owed.id])).toEqual([
      ['half', [AUDIT], 'event-half'],
      ['untouched', [AUDIT], 'event-untouched'],
    ]);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(fs.statSync(file).size).toBeLessThan(before);
    expect(owedOf(readJournal(file))).toEqual(['half:1', 'untouched:1']);
  });

  it('compacts itself once it passes its size limit, keeping every unfinished promise', async () => {
    const journal = open({ compactAtBytes: 4096 });
    let largest = 0;
    let compactions = 0;
    for (let round = 0; round < 200; round++) {
      const before = fs.statSync(file).size;
      await journal.promise([promised(`k${round}`, [VOTES])]);
      if (round % 50 !== 0) journal.finish(`k${round}`, VOTES, 'delivered');
      const after = fs.statSync(file).size;
      if (after < before) compactions++;
      largest = Math.max(largest, after);
    }
    const kept = ['k0:1', 'k50:1', 'k100:1', 'k150:1'];
    expect(compactions).toBeGreaterThan(5);
    expect(largest).toBeLessThan(4096 + 1024);
    expect(owedOf(readJournal(file))).toEqual(kept);
    expect(owedOf({ unfinished: journal.unfinished() })).toEqual(kept);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('lets a backlog larger than the limit double before the next compaction, so it is not rewritten on every line', async () => {
    const journal = open({ compactAtBytes: 1024 });
    await journal.promise(Array.from({ length: 20 }, (_, index) => promised(`backlog${index}`, [VOTES])));
    expect(journal.sizeBytes).toBeGreaterThan(4 * 1024);
    let rewrites = 0;
    for (let round = 0; round < 30; round++) {
      const before = journal.sizeBytes;
      await journal.promise([promised(`extra${round}`, [AUDIT])]);
      journal.finish(`extra${round}`, AUDIT, 'delivered');
      if (journal.sizeBytes < before) rewrites++;
    }
    // About 13 KB appended over a 6.5 KB backlog: rewritten once or twice, not on each of the 60 lines.
    expect(rewrites).toBeGreaterThanOrEqual(1);
    expect(rewrites).toBeLessThanOrEqual(3);
    expect(readJournal(file).unfinished).toHaveLength(20);
  });

  it('drops a last line a crash cut short (that PutEvents was never answered) and appends cleanly after it', async () => {
    const first = open();
    await first.promise([promised('whole', [VOTES])]);
    const torn = JSON.stringify({
      promised: 'torn',
      busName: 'evote-test',
      event: event('torn'),
      targets: [VOTES],
    }).slice(0, 40);
    fs.appendFileSync(file, torn);
    expect(readJournal(file)).toMatchObject({ tornBytes: torn.length });
    expect(owedOf(readJournal(file))).toEqual(['whole:1']);

    const second = open();
    expect(owedOf({ unfinished: second.unfinished() })).toEqual(['whole:1']);
    await second.promise([promised('next', [AUDIT])]);
    expect(readJournal(file).tornBytes).toBe(0);
    expect(owedOf(readJournal(file))).toEqual(['whole:1', 'next:1']);
  });

  it('refuses to start on a damaged line in the middle rather than drop a promise', async () => {
    fs.writeFileSync(
      file,
      `${JSON.stringify({ promised: 'a', busName: 'b', event: event('a'), targets: [VOTES] })}\n{"oops"\n${JSON.stringify({ finished: 'a', target: VOTES, outcome: 'delivered' })}\n`,
    );
    expect(() => DeliveryJournal.open(file)).toThrow(/journal\.jsonl:2: not a delivery journal line/);
  });

  it('answers a promise only after fdatasync, and lets a burst share the flushes', async () => {
    const journal = open();
    const real = fs.fdatasync;
    const held: (() => void)[] = [];
    const spy = jest.spyOn(fs, 'fdatasync').mockImplementation(((
      fd: number,
      callback: (error: NodeJS.ErrnoException | null) => void,
    ) => {
      held.push(() => real(fd, callback));
    }) as typeof fs.fdatasync);
    try {
      let answered = 0;
      const burst = Array.from({ length: 50 }, (_, index) =>
        journal.promise([promised(`p${index}`, [VOTES])]).then(() => answered++),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(answered).toBe(0);
      expect(owedOf(readJournal(file))).toHaveLength(50); // written (safe from a kill) before any answer

      // Release each held flush in turn until every promise is answered: a flush asked for after the
      // last release (the real fdatasync can take longer than a pause on a busy machine) is released too.
      let settled = false;
      const all = Promise.all(burst).then(() => (settled = true));
      while (!settled) {
        held.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await all;
      expect(answered).toBe(50);
      expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('notes nothing once closed: what was in flight stays owed to the next start', async () => {
    const journal = open();
    await journal.promise([promised('a', [VOTES])]);
    await journal.close();
    journal.finish('a', VOTES, 'delivered');
    await expect(journal.promise([promised('b', [VOTES])])).rejects.toThrow(/closed/);
    expect(owedOf(readJournal(file))).toEqual(['a:1']);
  });
});
