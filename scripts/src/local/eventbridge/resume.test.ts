import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalEventBus, type Route } from './bus';
import { DEFAULT_KNOBS } from './knobs';
import { DeliveryJournal, readJournal, targetKey } from './journal';
import { Archive, DeadLetterQueues } from './stores';
import type { BusEnvelope } from './putEvents';
import type { RuleModel } from '../model/types';

/** How a target behaves in one run of the bus: take the event, fail, or never answer (the run is killed meanwhile). */
type Behaviour = 'deliver' | 'fail' | 'hang';

interface Run {
  bus: LocalEventBus;
  journal: DeliveryJournal;
  archive: Archive;
  deadLetters: DeadLetterQueues;
  received: Record<string, string[]>;
  /** The events that reached a `hang` target. */
  hanging: BusEnvelope[];
}

const RULES = ['votes', 'audit'];

let dir: string;
const runs: Run[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evote-resume-'));
});
afterEach(async () => {
  for (const run of runs.splice(0)) await run.bus.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function rule(name: string): RuleModel {
  return {
    name,
    busName: 'evote-test',
    pattern: { source: ['s'] },
    retryPolicy: { maximumRetryAttempts: 1, maximumEventAge: 3600 },
    deadLetterQueue: `${name}-dlq`,
  };
}

/** One run of the bus over the files in `dir`, as the stack starts it: stores, journal, then resume. */
function start(behaviour: Record<string, Behaviour>, options: { resume?: boolean } = {}): Run {
  const received: Record<string, string[]> = {};
  const hanging: BusEnvelope[] = [];
  const routes: Route[] = RULES.map((name) => {
    received[name] = [];
    return {
      rule: rule(name),
      ruleArn: `arn:rule:${name}`,
      target: {
        names: [name],
        arn: `arn:fn:${name}`,
        invoke: async (event: BusEnvelope) => {
          const how = behaviour[name] ?? 'deliver';
          if (how === 'hang') {
            hanging.push(event);
            return new Promise<never>(() => undefined);
          }
          if (how === 'fail') throw new Error(`${name} is broken`);
          received[name]?.push(`${event.id}${event['replay-name'] ? `@${event['replay-name']}` : ''}`);
        },
      },
    };
  });
  const journal = DeliveryJournal.open(path.join(dir, 'journal.jsonl'));
  const archive = new Archive(path.join(dir, 'archive.jsonl'));
  const deadLetters = new DeadLetterQueues(path.join(dir, 'dead-letters.json'));
  const bus = new LocalEventBus({
    region: 'us-east-1',
    accountId: '000000000000',
    buses: ['evote-test'],
    routes,
    archive,
    deadLetters,
    journal,
    knobs: { ...DEFAULT_KNOBS, backoffBaseMs: 1, backoffMaxMs: 2 },
    log: () => undefined,
  });
  const run = { bus, journal, archive, deadLetters, received, hanging };
  runs.push(run);
  if (options.resume !== false) bus.resume();
  return run;
}

async function put(bus: LocalEventBus, detail: object = { n: 1 }): Promise<string> {
  const { Entries } = await bus.putEvents({
    Entries: [{ EventBusName: 'evote-test', Source: 's', DetailType: 't', Detail: JSON.stringify(detail) }],
  });
  return (Entries[0] as { EventId: string }).EventId;
}

/** What a kill -9 leaves: the files as they are. The abandoned run's hanging deliveries never finish. */
function kill(run: Run): void {
  runs.splice(runs.indexOf(run), 1);
}

const owed = () =>
  readJournal(path.join(dir, 'journal.jsonl')).unfinished.map(({ event, targets }) => [event.id, targets]);

describe('local bus journal: a restart finishes what a killed run accepted', () => {
  it('journals an accepted event before answering and forgets it once every target has it', async () => {
    const run = start({});
    let atAcceptance: unknown[] = [];
    run.bus.observe({ accepted: () => (atAcceptance = owed()) });
    const id = await put(run.bus);
    expect(atAcceptance).toEqual([
      [id, [targetKey('arn:rule:votes', 'arn:fn:votes'), targetKey('arn:rule:audit', 'arn:fn:audit')]],
    ]);
    await run.bus.idle();
    expect(owed()).toEqual([]);
  });

  it('delivers, after a kill, exactly the rule x target pairs that had not finished', async () => {
    const first = start({ votes: 'hang' });
    const ids = [await put(first.bus), await put(first.bus)];
    while (first.hanging.length < 2 || first.received.audit?.length !== 2)
      await new Promise((resolve) => setTimeout(resolve, 2));
    kill(first);
    expect(owed().map(([id]) => id)).toEqual(ids);

    const second = start({});
    await second.bus.idle();
    expect(second.received.votes).toEqual(ids);
    expect(second.received.audit).toEqual([]);
    expect(owed()).toEqual([]);
    expect(second.archive.list().map(({ event }) => event.id)).toEqual(ids);
  });

  it('resumes through the retry policy and the dead-letter queue', async () => {
    const first = start({ votes: 'hang' });
    const id = await put(first.bus);
    kill(first);

    const second = start({ votes: 'fail' });
    await second.bus.idle();
    expect(
      second.bus.deliveries.map(({ rule: name, outcome, attempts }) => ({ rule: name, outcome, attempts })),
    ).toEqual([{ rule: 'votes', outcome: 'dead-lettered', attempts: 2 }]);
    expect(second.deadLetters.list('votes-dlq').map((message) => (JSON.parse(message.body) as BusEnvelope).id)).toEqual(
      [id],
    );
    expect(owed()).toEqual([]);
  });

  it('counts a pair whose event is already in its dead-letter queue as finished (parked just before the kill)', async () => {
    const first = start({ votes: 'hang', audit: 'hang' }, { resume: false });
    const id = await put(first.bus);
    const event = first.hanging[0] as BusEnvelope;
    first.deadLetters.send('votes-dlq', JSON.stringify(event), {
      RULE_ARN: 'arn:rule:votes',
      TARGET_ARN: 'arn:fn:votes',
      ERROR_CODE: 'Error',
      ERROR_MESSAGE: 'votes is broken',
      ATTEMPTS: '2',
    });
    kill(first);

    const second = start({});
    await second.bus.idle();
    expect(second.received.votes).toEqual([]);
    expect(second.received.audit).toEqual([id]);
    expect(second.deadLetters.list()).toHaveLength(1);
    expect(owed()).toEqual([]);
  });

  it('archives an owed event the kill kept out of the archive', async () => {
    const first = start({ votes: 'hang', audit: 'hang' });
    const id = await put(first.bus);
    kill(first);
    fs.writeFileSync(path.join(dir, 'archive.jsonl'), ''); // as if killed between the journal and the archive

    const second = start({});
    await second.bus.idle();
    expect(second.archive.list().map(({ event }) => event.id)).toEqual([id]);
    expect(new Archive(path.join(dir, 'archive.jsonl')).list().map(({ event }) => event.id)).toEqual([id]);
  });

  it('keeps a redrive owed from the moment it leaves the dead-letter queue', async () => {
    const first = start({ votes: 'fail' });
    const id = await put(first.bus);
    await first.bus.idle();
    kill(first);

    const second = start({ votes: 'hang' });
    expect(second.bus.redrive()).toEqual({ redriven: 1 });
    expect(second.deadLetters.list()).toEqual([]);
    expect(owed()).toEqual([[id, [targetKey('arn:rule:votes', 'arn:fn:votes')]]]);
    kill(second);

    const third = start({});
    await third.bus.idle();
    expect(third.received.votes).toEqual([id]);
    expect(third.deadLetters.list()).toEqual([]);
    expect(owed()).toEqual([]);
  });

  it('keeps a replay owed until delivered', async () => {
    const first = start({});
    const id = await put(first.bus);
    await first.bus.idle();
    await first.bus.close();
    runs.splice(0);

    const second = start({ audit: 'hang' });
    second.bus.replay({ rules: ['audit'], name: 'again' });
    kill(second);

    const third = start({});
    await third.bus.idle();
    expect(third.received.audit).toEqual([`${id}@again`]);
    expect(third.received.votes).toEqual([]);
  });

  it('leaves what is in flight at a clean stop owed, neither recorded nor dead-lettered', async () => {
    const first = start({ votes: 'fail' });
    first.bus.knobs = { ...first.bus.knobs, backoffBaseMs: 200, backoffMaxMs: 200 };
    const id = await put(first.bus);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first attempt failed; waiting to retry
    await first.bus.close();
    await first.bus.idle();
    runs.splice(0);
    expect(first.deadLetters.list()).toEqual([]);
    expect(owed()).toEqual([[id, [targetKey('arn:rule:votes', 'arn:fn:votes')]]]);
  });
});
