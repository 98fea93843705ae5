import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Archive, DeadLetterQueues } from './stores';
import type { BusEnvelope } from './putEvents';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-stores-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const event = (id: string): BusEnvelope => ({
  version: '0',
  id,
  'detail-type': 't',
  source: 's',
  account: '0',
  time: '2026-11-23T10:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
});

describe('archive file', () => {
  it('loads past a last line a crash cut short, cuts it off, and appends on a line of its own', () => {
    const file = path.join(dir, 'archive.jsonl');
    fs.writeFileSync(
      file,
      `${JSON.stringify({ busName: 'b', event: event('one') })}\n${JSON.stringify({ busName: 'b', event: event('torn') }).slice(0, 30)}`,
    );
    const archive = new Archive(file);
    expect(archive.list().map((entry) => entry.event.id)).toEqual(['one']);
    archive.append({ busName: 'b', event: event('two') });
    archive.ensure({ busName: 'b', event: event('one') });
    expect(new Archive(file).list().map((entry) => entry.event.id)).toEqual(['one', 'two']);
  });
});

describe('dead-letter file', () => {
  it('is replaced whole on every change, leaving no temporary file behind', () => {
    const file = path.join(dir, 'dead-letters.json');
    const queues = new DeadLetterQueues(file);
    queues.send('q', '{"id":"a"}', {
      RULE_ARN: 'r',
      TARGET_ARN: 't',
      ERROR_CODE: 'E',
      ERROR_MESSAGE: 'm',
      ATTEMPTS: '1',
    });
    queues.send('q', '{"id":"b"}', {
      RULE_ARN: 'r',
      TARGET_ARN: 't',
      ERROR_CODE: 'E',
      ERROR_MESSAGE: 'm',
      ATTEMPTS: '1',
    });
    queues.take('q');
    queues.send('p', '{"id":"c"}', {
      RULE_ARN: 'r',
      TARGET_ARN: 't',
      ERROR_CODE: 'E',
      ERROR_MESSAGE: 'm',
      ATTEMPTS: '1',
    });
    expect(new DeadLetterQueues(file).list().map((message) => message.body)).toEqual(['{"id":"c"}']);
    expect(fs.readdirSync(dir)).toEqual(['dead-letters.json']);
  });
});
