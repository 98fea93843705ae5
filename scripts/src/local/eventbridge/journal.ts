import fs from 'node:fs';
import path from 'node:path';
import { replaceFile } from '../files';
import type { BusEnvelope } from './putEvents';

/**
 * One event the bus owes to some rule x target pairs: an accepted PutEvents entry, or a replay
 * or redrive of one. `targets` are the pairs (see `targetKey`) not yet finished.
 */
export interface PromisedEvent {
  /** Names this promise in the journal; an event replayed or redriven is promised again under a new key. */
  key: string;
  busName: string;
  event: BusEnvelope;
  targets: string[];
}

/** How a rule x target pair finished with an event: delivered, parked in its dead-letter queue, or dropped (its rule is gone). */
export type FinishOutcome = 'delivered' | 'dead-lettered' | 'dropped';

type JournalLine =
  | { promised: string; busName: string; event: BusEnvelope; targets: string[] }
  | { finished: string; target: string; outcome: FinishOutcome };

/** What a journal file says is still owed, and whether its last line was cut short by a crash. */
export interface JournalContents {
  unfinished: PromisedEvent[];
  /** Bytes after the last complete line (a write the crash cut short; its PutEvents was never answered). */
  tornBytes: number;
}

export interface DeliveryJournalOptions {
  /** Rewrite the file without finished entries once it grows past this many bytes (default 8 MiB). */
  compactAtBytes?: number;
}

const DEFAULT_COMPACT_AT_BYTES = 8 * 1024 * 1024;

/** The key of one rule x target pair in the journal: a rule may have several targets. */
export function targetKey(ruleArn: string, targetArn: string): string {
  return `${ruleArn}#${targetArn}`;
}

/**
 * The bus's promise ledger, a JSON-lines file. A `promised` line is written, and flushed to the
 * disk with fdatasync, before PutEvents answers; a `finished` line is written when a rule x
 * target pair has delivered the event or parked it in its dead-letter queue. On start the file is
 * read, what is still owed is handed back for delivery, and the file is rewritten with only that.
 *
 * Durability: a `write(2)` that has returned is in the kernel's page cache and survives the
 * process being killed (SIGKILL included); the fdatasync before the answer also makes an accepted
 * event survive a crash of the machine. `finished` lines are not synced: losing one only means a
 * redelivery, which every handler tolerates (EventBridge delivers at least once).
 */
export class DeliveryJournal {
  private readonly owed = new Map<string, PromisedEvent>();
  private readonly compactAtBytes: number;
  /** The size that triggers the next compaction: never less than twice what the last one kept, so a large backlog is not rewritten on every line. */
  private nextCompactionAt = 0;
  private fd: number;
  private bytes = 0;
  private syncing = false;
  private closed = false;
  private waiting: { resolve(): void; reject(error: Error): void }[] = [];

  /** Opens (or creates) the journal: reads what is owed and rewrites the file with only that. */
  static open(file: string, options: DeliveryJournalOptions = {}): DeliveryJournal {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const { unfinished } = readJournal(file);
    return new DeliveryJournal(file, unfinished, options);
  }

  private constructor(
    private readonly file: string,
    unfinished: readonly PromisedEvent[],
    options: DeliveryJournalOptions,
  ) {
    this.compactAtBytes = options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES;
    for (const promised of unfinished) this.owed.set(promised.key, { ...promised, targets: [...promised.targets] });
    this.fd = this.rewrite();
  }

  /** What is still owed, oldest first. */
  unfinished(): PromisedEvent[] {
    return [...this.owed.values()].map((promised) => ({ ...promised, targets: [...promised.targets] }));
  }

  /** Bytes in the journal file now. */
  get sizeBytes(): number {
    return this.bytes;
  }

  /**
   * Records the promises and resolves once they are on the disk. Promises made while a flush
   * runs share the next one (group commit), so a burst pays for few fdatasyncs.
   */
  promise(events: readonly PromisedEvent[]): Promise<void> {
    const owed = events.filter((promised) => promised.targets.length > 0);
    if (owed.length === 0) return Promise.resolve();
    try {
      this.record(owed);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.flush();
    });
  }

  /** Like `promise`, but on the disk when it returns (for admin calls that answer synchronously). */
  promiseNow(events: readonly PromisedEvent[]): void {
    const owed = events.filter((promised) => promised.targets.length > 0);
    if (owed.length === 0) return;
    this.record(owed);
    fs.fdatasyncSync(this.fd);
  }

  /** Notes that one rule x target pair is done with a promise; after `close`, nothing is noted (the next start delivers again). */
  finish(key: string, target: string, outcome: FinishOutcome): void {
    const promised = this.owed.get(key);
    if (this.closed || !promised || !promised.targets.includes(target)) return;
    promised.targets = promised.targets.filter((candidate) => candidate !== target);
    if (promised.targets.length === 0) this.owed.delete(key);
    this.append([{ finished: key, target, outcome }]);
    this.compactIfLarge();
  }

  /** Waits for a running flush, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.syncing) await new Promise((resolve) => setTimeout(resolve, 5));
    this.waiting.splice(0).forEach((waiter) => waiter.reject(new Error('the delivery journal is closed')));
    fs.closeSync(this.fd);
  }

  private record(events: readonly PromisedEvent[]): void {
    if (this.closed) throw new Error('the delivery journal is closed');
    this.append(events.map(promisedLine));
    for (const promised of events) this.owed.set(promised.key, { ...promised, targets: [...promised.targets] });
  }

  private append(lines: readonly JournalLine[]): void {
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    this.bytes += fs.writeSync(this.fd, text);
  }

  private flush(): void {
    if (this.syncing || this.waiting.length === 0 || this.closed) return;
    const batch = this.waiting.splice(0);
    this.syncing = true;
    fs.fdatasync(this.fd, (error) => {
      this.syncing = false;
      for (const waiter of batch) {
        if (error) waiter.reject(error);
        else waiter.resolve();
      }
      this.compactIfLarge();
      this.flush();
    });
  }

  /** Compacts between flushes only: an fdatasync in flight must not see its file descriptor closed. */
  private compactIfLarge(): void {
    if (this.closed || this.syncing || this.bytes < this.nextCompactionAt) return;
    fs.closeSync(this.fd);
    this.fd = this.rewrite();
    // Every waiting promise is in the rewritten file, which is on the disk now.
    this.waiting.splice(0).forEach((waiter) => waiter.resolve());
  }

  /**
   * Writes what is owed to a new file, syncs it and renames it over the journal: a crash leaves
   * either the old journal or the new one, never a mix. Returns a descriptor open for appending.
   */
  private rewrite(): number {
    const lines = [...this.owed.values()].map((promised) => `${JSON.stringify(promisedLine(promised))}\n`).join('');
    replaceFile(this.file, lines, { sync: true });
    this.bytes = Buffer.byteLength(lines);
    this.nextCompactionAt = Math.max(this.compactAtBytes, 2 * this.bytes);
    return fs.openSync(this.file, 'a');
  }
}

/** Reads a journal file without changing it: what is owed, and how many bytes a crash left torn at its end. */
export function readJournal(file: string): JournalContents {
  if (!fs.existsSync(file)) return { unfinished: [], tornBytes: 0 };
  const text = fs.readFileSync(file, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const owed = new Map<string, PromisedEvent>();
  complete.split('\n').forEach((raw, index) => {
    if (!raw.trim()) return;
    const line = parseLine(raw, file, index + 1);
    if ('promised' in line) {
      owed.set(line.promised, {
        key: line.promised,
        busName: line.busName,
        event: line.event,
        targets: [...line.targets],
      });
      return;
    }
    const promised = owed.get(line.finished);
    if (!promised) return;
    promised.targets = promised.targets.filter((target) => target !== line.target);
    if (promised.targets.length === 0) owed.delete(line.finished);
  });
  return { unfinished: [...owed.values()], tornBytes: Buffer.byteLength(text) - Buffer.byteLength(complete) };
}

/** A complete line that is not a journal line is damage no crash of ours can cause: fail loudly rather than drop a promise. */
function parseLine(raw: string, file: string, lineNumber: number): JournalLine {
  try {
    const line = JSON.parse(raw) as Partial<Record<string, unknown>>;
    if (typeof line.promised === 'string' && Array.isArray(line.targets) && typeof line.event === 'object')
      return line as JournalLine;
    if (typeof line.finished === 'string' && typeof line.target === 'string') return line as JournalLine;
  } catch {
    // reported below
  }
  throw new Error(`${file}:${lineNumber}: not a delivery journal line; move the file aside to start without it`);
}

function promisedLine(promised: PromisedEvent): JournalLine {
  return { promised: promised.key, busName: promised.busName, event: promised.event, targets: promised.targets };
}
