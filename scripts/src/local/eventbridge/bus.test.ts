import { LocalEventBus, type Route, type Target } from './bus';
import { DEFAULT_KNOBS, parseFailFirst, type Knobs } from './knobs';
import { Archive, DeadLetterQueues } from './stores';
import type { BusEnvelope } from './putEvents';
import type { RuleModel } from '../model/types';

interface Harness {
  bus: LocalEventBus;
  received: Record<string, BusEnvelope[]>;
  deadLetters: DeadLetterQueues;
  faults: Record<string, boolean>;
}

function rule(name: string, pattern: Record<string, unknown>, maximumRetryAttempts = 2): RuleModel {
  return {
    name,
    busName: 'evote-test',
    pattern,
    retryPolicy: { maximumRetryAttempts, maximumEventAge: 3600 },
    deadLetterQueue: `${name}-dlq`,
  };
}

function harness(rules: RuleModel[], knobs: Partial<Knobs> = {}): Harness {
  const received: Record<string, BusEnvelope[]> = {};
  const faults: Record<string, boolean> = {};
  const deadLetters = new DeadLetterQueues();
  const routes: Route[] = rules.map((model) => {
    received[model.name] = [];
    const target: Target = {
      names: [model.name],
      arn: `arn:fn:${model.name}`,
      invoke: async (event) => {
        if (faults[model.name]) throw new Error(`${model.name} is broken`);
        received[model.name]?.push(event);
      },
    };
    return { rule: model, ruleArn: `arn:rule:${model.name}`, target };
  });
  const bus = new LocalEventBus({
    region: 'us-east-1',
    accountId: '000000000000',
    buses: ['evote-test'],
    routes,
    archive: new Archive(),
    deadLetters,
    knobs: { ...DEFAULT_KNOBS, backoffBaseMs: 1, backoffMaxMs: 2, ...knobs },
    log: () => undefined,
  });
  return { bus, received, deadLetters, faults };
}

const put = (bus: LocalEventBus, source: string, detailType: string, detail: object = { n: 1 }) =>
  bus.putEvents({
    Entries: [{ EventBusName: 'evote-test', Source: source, DetailType: detailType, Detail: JSON.stringify(detail) }],
  });

describe('local bus routing', () => {
  it('delivers to every rule whose pattern matches source and detail-type, and to no other', async () => {
    const h = harness([
      rule('votes', { source: ['evote.elections'], 'detail-type': ['Vote Cast'] }),
      rule('audit', { source: [{ prefix: 'evote.' }] }),
    ]);
    await put(h.bus, 'evote.elections', 'Vote Cast');
    await put(h.bus, 'evote.events', 'Vote Cast');
    await h.bus.idle();
    expect(h.received.votes).toHaveLength(1);
    expect(h.received.audit).toHaveLength(2);
  });

  it('refuses an invalid pattern at start-up with the reason', () => {
    expect(() => harness([rule('bad', { source: 'evote.events' })])).toThrow(/rule bad: .+/);
  });

  it('delivers the same event id K times with the duplicates knob', async () => {
    const h = harness([rule('votes', { source: ['s'] })], { duplicates: 3 });
    const { Entries } = await put(h.bus, 's', 't');
    await h.bus.idle();
    const id = (Entries[0] as { EventId: string }).EventId;
    expect(h.received.votes?.map((event) => event.id)).toEqual([id, id, id]);
  });
});

describe('local bus retries and dead letters', () => {
  it('retries a failing target and succeeds within the retry policy', async () => {
    const h = harness([rule('votes', { source: ['s'] }, 2)], { failFirst: parseFailFirst('votes=2') });
    await put(h.bus, 's', 't');
    await h.bus.idle();
    expect(h.received.votes).toHaveLength(1);
    expect(h.bus.deliveries[0]).toMatchObject({ outcome: 'delivered', attempts: 3 });
    expect(h.deadLetters.list()).toHaveLength(0);
  });

  it('dead-letters the intact event after 1 + maximumRetryAttempts attempts, and redrive delivers it once', async () => {
    const h = harness([rule('votes', { source: ['s'] }, 2), rule('other', { source: ['s'] })]);
    h.faults.votes = true;
    await put(h.bus, 's', 't', { ballot: 'b1' });
    await h.bus.idle();
    const [message] = h.deadLetters.list('votes-dlq');
    expect(h.deadLetters.list()).toHaveLength(1);
    expect(JSON.parse(message?.body ?? '{}')).toMatchObject({
      source: 's',
      'detail-type': 't',
      detail: { ballot: 'b1' },
    });
    expect(message?.attributes).toMatchObject({
      RULE_ARN: 'arn:rule:votes',
      ERROR_MESSAGE: 'votes is broken',
      ATTEMPTS: '3',
    });
    expect(h.received.other).toHaveLength(1);

    h.faults.votes = false;
    expect(h.bus.redrive('votes-dlq')).toEqual({ redriven: 1 });
    await h.bus.idle();
    expect(h.received.votes).toHaveLength(1);
    expect(h.received.votes?.[0]?.id).toBe(JSON.parse(message?.body ?? '{}').id);
    expect(h.received.other).toHaveLength(1);
    expect(h.deadLetters.list()).toHaveLength(0);
  });

  it('a redrive that fails again goes back to the queue', async () => {
    const h = harness([rule('votes', { source: ['s'] }, 0)]);
    h.faults.votes = true;
    await put(h.bus, 's', 't');
    await h.bus.idle();
    h.bus.redrive();
    await h.bus.idle();
    expect(h.deadLetters.list('votes-dlq')).toHaveLength(1);
  });
});

describe('local bus archive and replay', () => {
  it('replays archived events to the chosen rules with replay-name and the original id', async () => {
    const h = harness([rule('votes', { source: ['s'] }), rule('audit', { source: ['s'] })]);
    await put(h.bus, 's', 't');
    await put(h.bus, 's', 't');
    await h.bus.idle();
    expect(h.bus.replay({ rules: ['audit'], name: 'again' })).toEqual({ replayName: 'again', events: 2 });
    await h.bus.idle();
    expect(h.received.votes).toHaveLength(2);
    expect(h.received.audit).toHaveLength(4);
    expect(h.received.audit?.slice(2).map((event) => event['replay-name'])).toEqual(['again', 'again']);
    expect(h.received.audit?.[2]?.id).toBe(h.received.audit?.[0]?.id);
  });
});

describe('local bus observers', () => {
  it('see every accepted event and every finished delivery with its event, until removed', async () => {
    const h = harness([rule('votes', { source: ['s'] }), rule('audit', { source: ['s'] })]);
    const accepted: string[] = [];
    const delivered: string[] = [];
    const stop = h.bus.observe({
      accepted: (event, busName) => accepted.push(`${busName} ${event.id}`),
      delivered: (record, event) =>
        delivered.push(`${record.rule} ${record.outcome} ${String(event.detail.n)} ${record.eventId === event.id}`),
    });
    const { Entries } = await put(h.bus, 's', 't', { n: 7 });
    await h.bus.idle();
    expect(accepted).toEqual([`evote-test ${(Entries[0] as { EventId: string }).EventId}`]);
    expect(delivered.sort()).toEqual(['audit delivered 7 true', 'votes delivered 7 true']);
    stop();
    await put(h.bus, 's', 't');
    await h.bus.idle();
    expect(accepted).toHaveLength(1);
    expect(delivered).toHaveLength(2);
  });
});
