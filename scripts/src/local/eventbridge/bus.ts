/**
 * The local EventBridge bus. Over 250 lines because PutEvents, replay, redrive and resume all
 * feed one delivery loop (retries, dead letters, the journal) through the bus's private state;
 * what stands alone (patterns, PutEvents parsing, the journal, the stores) has files of its own.
 */
import { randomUUID } from 'node:crypto';
import { MetricName } from '@evote/shared';
import { matchesPattern, validatePattern } from './pattern';
import { deliveryDelay, injectedFailure, type Knobs } from './knobs';
import { putEvents, type BusEnvelope, type PutEventsOutcome } from './putEvents';
import { targetKey, type DeliveryJournal, type FinishOutcome, type PromisedEvent } from './journal';
import type { Archive, DeadLetter, DeadLetterQueues } from './stores';
import type { RuleModel } from '../model/types';
import type { LocalMetrics } from './metrics';

/** What a rule delivers to: a function, invoked with the event. */
export interface Target {
  /** Names the knobs may use for it: function key and function name. */
  names: readonly string[];
  arn: string;
  invoke(event: BusEnvelope): Promise<unknown>;
}

export interface Route {
  rule: RuleModel;
  ruleArn: string;
  target: Target;
}

export type DeliveryOutcome = 'delivered' | 'dead-lettered';

/** One delivery of one event to one target, after all its attempts. */
export interface DeliveryRecord {
  rule: string;
  target: string;
  eventId: string;
  detailType: string;
  source: string;
  replayName?: string;
  outcome: DeliveryOutcome;
  attempts: number;
  error?: string;
  /** Why the first attempt failed, when a later one was needed. */
  firstError?: string;
  ms: number;
}

/**
 * Watches the bus without changing it (benchmarks, tools): every accepted PutEvents entry and
 * every finished delivery, with the event itself. Called synchronously; keep it cheap.
 */
export interface BusObserver {
  accepted?(event: BusEnvelope, busName: string): void;
  delivered?(record: DeliveryRecord, event: BusEnvelope): void;
}

export interface LocalEventBusOptions {
  region: string;
  accountId: string;
  buses: readonly string[];
  routes: readonly Route[];
  archive: Archive;
  deadLetters: DeadLetterQueues;
  knobs: Knobs;
  /** One line per delivery (rule, target, event id, outcome). */
  log: (line: string) => void;
  /**
   * Where the bus writes down what it owes before PutEvents answers, and what each rule x target
   * has finished; `resume` delivers what a killed run left owed. Omitted: nothing is kept.
   */
  journal?: DeliveryJournal;
  /** Counts the events this bus dead-letters and redrives. Omitted: not counted. */
  metrics?: LocalMetrics;
}

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

/**
 * The local EventBridge: accepts PutEvents, archives every event, matches each rule's pattern
 * and delivers to its target asynchronously, each rule x target on its own, retrying per the
 * rule's retry policy and parking what still fails in the rule's dead-letter queue. With a
 * journal, an accepted event is on the disk before PutEvents answers, and a restart finishes
 * every delivery a killed run left unfinished.
 */
export class LocalEventBus {
  readonly deliveries: DeliveryRecord[] = [];
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private observers: BusObserver[] = [];
  private readonly routesByTarget: ReadonlyMap<string, Route>;
  private closed = false;
  knobs: Knobs;

  constructor(private readonly options: LocalEventBusOptions) {
    this.knobs = options.knobs;
    for (const { rule } of options.routes) {
      const reason = validatePattern(rule.pattern);
      if (reason) throw new Error(`rule ${rule.name}: ${reason}`);
      if (!options.buses.includes(rule.busName))
        throw new Error(`rule ${rule.name}: event bus ${rule.busName} does not exist`);
    }
    this.routesByTarget = new Map(options.routes.map((route) => [keyOf(route), route]));
  }

  /**
   * Handles one PutEvents request: validates, journals, archives and routes the accepted
   * entries. It answers only once the journal holds them: a 200 is a promise to deliver.
   */
  async putEvents(request: unknown): Promise<PutEventsOutcome['response']> {
    const outcome = putEvents(request, {
      region: this.options.region,
      accountId: this.options.accountId,
      knownBuses: new Set(this.options.buses),
    });
    const promises = outcome.accepted.map(({ busName, event }) => this.promiseOf(busName, event));
    await this.options.journal?.promise(promises);
    for (const promised of promises) {
      this.options.archive.append({ busName: promised.busName, event: promised.event });
      for (const observer of this.observers) observer.accepted?.(promised.event, promised.busName);
      this.dispatch(promised);
    }
    return outcome.response;
  }

  /** Replays archived events in [from, to] to all rules of their bus, or to the named rules. */
  replay(options: { from?: string; to?: string; rules?: readonly string[]; name?: string } = {}): {
    replayName: string;
    events: number;
  } {
    const replayName = options.name ?? `replay-${randomUUID().slice(0, 8)}`;
    const archived = this.options.archive.list({ from: options.from, to: options.to });
    const promises = archived.map(({ busName, event }) =>
      this.promiseOf(busName, { ...event, 'replay-name': replayName }, options.rules),
    );
    this.options.journal?.promiseNow(promises);
    for (const promised of promises) this.dispatch(promised);
    return { replayName, events: archived.length };
  }

  /**
   * Delivers the dead-lettered events (of one queue, or all) to their rule's target again. The
   * journal takes them over before they leave the queue, so a crash in between loses none.
   */
  redrive(queue?: string): { redriven: number } {
    const messages = this.options.deadLetters.list(queue);
    const promises = messages.flatMap((message) => this.redrivePromiseOf(message));
    this.options.journal?.promiseNow(promises);
    this.options.deadLetters.take(queue);
    for (const message of messages) {
      if (!this.routeOfMessage(message))
        this.options.deadLetters.send(message.queue, message.body, {
          ...message.attributes,
          ERROR_MESSAGE: 'rule no longer exists',
        });
    }
    for (const promised of promises) this.dispatch(promised);
    this.options.metrics?.countBus(MetricName.EventsRedriven, messages.length);
    return { redriven: messages.length };
  }

  /**
   * Delivers, through the usual retries and dead-letter queues, every delivery the journal says
   * a previous run accepted and did not finish. A pair whose dead-letter queue already holds the
   * event was parked just before the crash: it counts as finished.
   */
  resume(): { events: number; deliveries: number } {
    const journal = this.options.journal;
    if (!journal) return { events: 0, deliveries: 0 };
    const parked = new Set(this.options.deadLetters.list().map(parkedKeyOfMessage));
    const owed = journal.unfinished();
    let deliveries = 0;
    for (const promised of owed) {
      if (!promised.event['replay-name'])
        this.options.archive.ensure({ busName: promised.busName, event: promised.event });
      for (const target of promised.targets) {
        const route = this.routesByTarget.get(target);
        if (!route) {
          journal.finish(promised.key, target, 'dropped');
          this.options.log(`resume: ${target} no longer exists; event ${promised.event.id} is not delivered to it`);
        } else if (parked.has(parkedKey(route, promised.event))) {
          journal.finish(promised.key, target, 'dead-lettered');
        } else {
          deliveries++;
          this.schedule(route, promised.event, promised.key);
        }
      }
    }
    if (owed.length) this.options.log(`resume: ${deliveries} unfinished deliveries of ${owed.length} accepted events`);
    return { events: owed.length, deliveries };
  }

  /**
   * Stops delivering: what is in flight or waiting for a retry is neither recorded nor
   * dead-lettered (the targets are going away), so the journal still owes it to the next start.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.options.journal?.close();
  }

  /** Adds an observer; returns the function that removes it. */
  observe(observer: BusObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((candidate) => candidate !== observer);
    };
  }

  /** Resolves when no delivery is pending or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  get pendingDeliveries(): number {
    return this.pending;
  }

  /** The promise to deliver `event` to every rule x target of its bus whose pattern matches (of `onlyRules`, if given). */
  private promiseOf(busName: string, event: BusEnvelope, onlyRules?: readonly string[]): PromisedEvent {
    const targets = this.options.routes
      .filter(
        (route) =>
          route.rule.busName === busName &&
          (!onlyRules || onlyRules.includes(route.rule.name)) &&
          matchesPattern(route.rule.pattern, event),
      )
      .map(keyOf);
    return { key: randomUUID(), busName, event, targets };
  }

  private redrivePromiseOf(message: DeadLetter): PromisedEvent[] {
    const route = this.routeOfMessage(message);
    if (!route) return [];
    return [
      {
        key: randomUUID(),
        busName: route.rule.busName,
        event: JSON.parse(message.body) as BusEnvelope,
        targets: [keyOf(route)],
      },
    ];
  }

  private routeOfMessage(message: DeadLetter): Route | undefined {
    return this.options.routes.find((candidate) => candidate.ruleArn === message.attributes.RULE_ARN);
  }

  /** Starts the deliveries of a promise (each made `duplicates` times with that knob). */
  private dispatch(promised: PromisedEvent): void {
    for (const target of promised.targets) {
      const route = this.routesByTarget.get(target) as Route;
      for (let copy = 0; copy < this.knobs.duplicates; copy++) this.schedule(route, promised.event, promised.key);
    }
  }

  private schedule(route: Route, event: BusEnvelope, promiseKey: string): void {
    this.pending++;
    void this.deliver(route, event, promiseKey).finally(() => {
      this.pending--;
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  private async deliver(route: Route, event: BusEnvelope, promiseKey: string): Promise<void> {
    const started = Date.now();
    if (this.knobs.shuffleMs > 0) await sleep(Math.random() * this.knobs.shuffleMs);
    const delayMs = deliveryDelay(this.knobs, route.target.names);
    if (delayMs > 0) await sleep(delayMs);
    const { maximumRetryAttempts, maximumEventAge } = route.rule.retryPolicy;
    let attempt = 0;
    let lastError: Error | undefined;
    let firstError: Error | undefined;
    while (attempt <= maximumRetryAttempts && (Date.now() - started) / 1000 <= maximumEventAge) {
      if (this.closed) return;
      attempt++;
      try {
        if (injectedFailure(this.knobs, route.target.names, event.id, attempt))
          throw new InjectedFault(`injected failure of attempt ${attempt}`);
        await route.target.invoke(event);
        if (this.closed) return;
        this.record(route, event, {
          outcome: 'delivered',
          attempts: attempt,
          ms: Date.now() - started,
          ...(firstError ? { firstError: firstError.message } : {}),
        });
        this.finish(route, promiseKey, 'delivered');
        return;
      } catch (error) {
        lastError = error as Error;
        firstError ??= lastError;
        if (attempt <= maximumRetryAttempts) await sleep(this.backoff(attempt));
      }
    }
    if (this.closed) return;
    this.deadLetter(route, event, lastError, attempt, Date.now() - started);
    this.finish(route, promiseKey, 'dead-lettered');
  }

  private finish(route: Route, promiseKey: string, outcome: FinishOutcome): void {
    this.options.journal?.finish(promiseKey, keyOf(route), outcome);
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.knobs.backoffMaxMs, this.knobs.backoffBaseMs * 2 ** (attempt - 1));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  private deadLetter(route: Route, event: BusEnvelope, error: Error | undefined, attempts: number, ms: number): void {
    const message = error?.message ?? 'maximum event age exceeded';
    const queue = route.rule.deadLetterQueue;
    if (queue) {
      this.options.deadLetters.send(queue, JSON.stringify(event), {
        RULE_ARN: route.ruleArn,
        TARGET_ARN: route.target.arn,
        ERROR_CODE: error?.name ?? 'MaxEventAgeExceeded',
        ERROR_MESSAGE: message,
        ATTEMPTS: String(attempts),
      });
    }
    const reported = queue ? message : `${message} (rule has no dead-letter queue: event dropped, as in AWS)`;
    this.record(route, event, { outcome: 'dead-lettered', attempts, ms, error: reported });
    this.options.metrics?.countBus(MetricName.EventsDeadLettered, 1);
    // The local twin of the dead-letter queue's alarm: a line nobody can miss in `yarn start`.
    this.options.log(
      `WARNING dead-lettered rule=${route.rule.name} event=${event.id} type="${event['detail-type']}" queue=${queue ?? 'none'} error="${reported}"`,
    );
  }

  private record(
    route: Route,
    event: BusEnvelope,
    result: Pick<DeliveryRecord, 'outcome' | 'attempts' | 'ms' | 'error' | 'firstError'>,
  ): void {
    const record: DeliveryRecord = {
      rule: route.rule.name,
      target: route.target.names[0] ?? route.target.arn,
      eventId: event.id,
      detailType: event['detail-type'],
      source: event.source,
      ...(event['replay-name'] ? { replayName: event['replay-name'] } : {}),
      ...result,
    };
    this.deliveries.push(record);
    for (const observer of this.observers) observer.delivered?.(record, event);
    const extra = record.error ? ` error="${record.error}"` : '';
    this.options.log(
      `deliver rule=${record.rule} target=${record.target} event=${record.eventId} type="${record.detailType}" outcome=${record.outcome} attempts=${record.attempts} ${record.ms}ms${extra}`,
    );
  }
}

function keyOf(route: Route): string {
  return targetKey(route.ruleArn, route.target.arn);
}

/** Names one event parked by one rule x target: a replayed event is another delivery than the original. */
function parkedKey(route: Route, event: BusEnvelope): string {
  return JSON.stringify([route.ruleArn, route.target.arn, event.id, event['replay-name'] ?? null]);
}

function parkedKeyOfMessage(message: DeadLetter): string {
  const event = JSON.parse(message.body) as BusEnvelope;
  return JSON.stringify([
    message.attributes.RULE_ARN,
    message.attributes.TARGET_ARN,
    event.id,
    event['replay-name'] ?? null,
  ]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
