import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { replaceFile } from '../files';
import type { BusEnvelope } from './putEvents';

/** An archived event, with the bus it was put on. */
export interface ArchivedEvent {
  busName: string;
  event: BusEnvelope;
}

/**
 * Every accepted event of every bus, in arrival order (AWS keeps an archive per bus; the events
 * service declares ours). Kept in a JSON-lines file when the stack keeps its data.
 */
export class Archive {
  private readonly events: ArchivedEvent[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly file?: string) {
    if (file && fs.existsSync(file)) {
      for (const line of completeLines(file)) this.remember(JSON.parse(line) as ArchivedEvent);
    }
    if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  append(entry: ArchivedEvent): void {
    this.remember(entry);
    if (this.file) fs.appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }

  /** Appends the event unless it is archived already (an accepted event the bus still owes, found after a crash). */
  ensure(entry: ArchivedEvent): void {
    if (!this.ids.has(entry.event.id)) this.append(entry);
  }

  /** Events whose time lies in [from, to] (ISO strings, inclusive), optionally of one bus. */
  list(filter: { busName?: string; from?: string; to?: string } = {}): ArchivedEvent[] {
    const from = filter.from ? Date.parse(filter.from) : -Infinity;
    const to = filter.to ? Date.parse(filter.to) : Infinity;
    return this.events.filter(({ busName, event }) => {
      const time = Date.parse(event.time);
      return (!filter.busName || busName === filter.busName) && time >= from && time <= to;
    });
  }

  private remember(entry: ArchivedEvent): void {
    this.events.push(entry);
    this.ids.add(entry.event.id);
  }
}

/** A message in a dead-letter queue, shaped like what EventBridge sends to SQS. */
export interface DeadLetter {
  messageId: string;
  queue: string;
  /** The event, intact, as the body EventBridge writes. */
  body: string;
  attributes: { RULE_ARN: string; TARGET_ARN: string; ERROR_CODE: string; ERROR_MESSAGE: string; ATTEMPTS: string };
  sentAt: string;
}

/** Dead-letter queues by name. Kept in a JSON file when the stack keeps its data. */
export class DeadLetterQueues {
  private messages: DeadLetter[] = [];

  constructor(private readonly file?: string) {
    if (file && fs.existsSync(file)) this.messages = JSON.parse(fs.readFileSync(file, 'utf8')) as DeadLetter[];
    if (file) fs.mkdirSync(path.dirname(file), { recursive: true });
  }

  send(queue: string, body: string, attributes: DeadLetter['attributes']): DeadLetter {
    const message = { messageId: randomUUID(), queue, body, attributes, sentAt: new Date().toISOString() };
    this.messages.push(message);
    this.save();
    return message;
  }

  list(queue?: string): DeadLetter[] {
    return this.messages.filter((message) => !queue || message.queue === queue);
  }

  /** Takes the messages out (all, or one queue's) for a redrive; failures are sent back in. */
  take(queue?: string): DeadLetter[] {
    const taken = this.list(queue);
    this.messages = this.messages.filter((message) => !taken.includes(message));
    this.save();
    return taken;
  }

  /** Replaces the file whole (write, sync, rename): a crash mid-save leaves the old queues, never a torn file. */
  private save(): void {
    if (!this.file) return;
    replaceFile(this.file, JSON.stringify(this.messages, null, 1), { sync: true });
  }
}

/**
 * The lines of a JSON-lines file that end in a newline. A crash can cut the last append short;
 * that tail is cut off the file too, so the next append starts on a line of its own.
 */
function completeLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.length < text.length) fs.truncateSync(file, Buffer.byteLength(complete));
  return complete.split('\n').filter((line) => line.trim());
}
