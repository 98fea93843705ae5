import { randomUUID } from 'node:crypto';
import { matchesPattern, validatePattern } from './pattern';
import { injectedFailure, type Knobs } from './knobs';
import { putEvents, type BusEnvelope, type PutEventsOutcome } from './putEvents';
import type { Archive, DeadLetter, DeadLetterQueues } from './stores';
import type { RuleModel } from '../model/types';

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
}

export class InjectedFault extends Error {
  override name = 'InjectedFault';
}

/**
 * The local EventBridge: accepts PutEvents, archives every event, matches each rule's pattern
 * and delivers to its target asynchronously, each rule x target on its own, retrying per the
 * rule's retry policy and parking what still fails in the rule's dead-letter queue.
 */
export class LocalEventBus {
  readonly deliveries: DeliveryRecord[] = [];
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private observers: BusObserver[] = [];
  knobs: Knobs;

  constructor(private readonly options: LocalEventBusOptions) {
    this.knobs = options.knobs;
    for (const { rule } of options.routes) {
      const reason = validatePattern(rule.pattern);
      if (reason) throw new Error(`rule ${rule.name}: ${reason}`);
      if (!options.buses.includes(rule.busName)) throw new Error(`rule ${rule.name}: event bus ${rule.busName} does not exist`);
    }
  }

  /** Handles one PutEvents request: validates, archives and routes the accepted entries. */
  putEvents(request: unknown): PutEventsOutcome['response'] {
    const outcome = putEvents(request, { region: this.options.region, accountId: this.options.accountId, knownBuses: new Set(this.options.buses) });
    for (const accepted of outcome.accepted) {
      this.options.archive.append(accepted);
      for (const observer of this.observers) observer.accepted?.(accepted.event, accepted.busName);
      this.route(accepted.busName, accepted.event);
    }
    return outcome.response;
  }

  /** Replays archived events in [from, to] to all rules of their bus, or to the named rules. */
  replay(options: { from?: string; to?: string; rules?: readonly string[]; name?: string } = {}): { replayName: string; events: number } {
    const replayName = options.name ?? `replay-${randomUUID().slice(0, 8)}`;
    const archived = this.options.archive.list({ from: options.from, to: options.to });
    for (const { busName, event } of archived) this.route(busName, { ...event, 'replay-name': replayName }, options.rules);
    return { replayName, events: archived.length };
  }

  /** Delivers the dead-lettered events (of one queue, or all) to their rule's target again. */
  redrive(queue?: string): { redriven: number } {
    const messages = this.options.deadLetters.take(queue);
    for (const message of messages) this.redriveOne(message);
    return { redriven: messages.length };
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

  private redriveOne(message: DeadLetter): void {
    const route = this.options.routes.find((candidate) => candidate.ruleArn === message.attributes.RULE_ARN);
    const event = JSON.parse(message.body) as BusEnvelope;
    if (!route) {
      this.options.deadLetters.send(message.queue, message.body, { ...message.attributes, ERROR_MESSAGE: 'rule no longer exists' });
      return;
    }
    this.schedule(route, event);
  }

  private route(busName: string, event: BusEnvelope, onlyRules?: readonly string[]): void {
    for (const route of this.options.routes) {
      if (route.rule.busName !== busName) continue;
      if (onlyRules && !onlyRules.includes(route.rule.name)) continue;
      if (!matchesPattern(route.rule.pattern, event)) continue;
      for (let copy = 0; copy < this.knobs.duplicates; copy++) this.schedule(route, event);
    }
  }

  private schedule(route: Route, event: BusEnvelope): void {
    this.pending++;
    void this.deliver(route, event).finally(() => {
      this.pending--;
      if (this.pending === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  private async deliver(route: Route, event: BusEnvelope): Promise<void> {
    const started = Date.now();
    if (this.knobs.shuffleMs > 0) await sleep(Math.random() * this.knobs.shuffleMs);
    const { maximumRetryAttempts, maximumEventAge } = route.rule.retryPolicy;
    let attempt = 0;
    let lastError: Error | undefined;
    let firstError: Error | undefined;
    while (attempt <= maximumRetryAttempts && (Date.now() - started) / 1000 <= maximumEventAge) {
      attempt++;
      try {
        if (injectedFailure(this.knobs, route.target.names, event.id, attempt)) throw new InjectedFault(`injected failure of attempt ${attempt}`);
        await route.target.invoke(event);
        this.record(route, event, { outcome: 'delivered', attempts: attempt, ms: Date.now() - started, ...(firstError ? { firstError: firstError.message } : {}) });
        return;
      } catch (error) {
        lastError = error as Error;
        firstError ??= lastError;
        if (attempt <= maximumRetryAttempts) await sleep(this.backoff(attempt));
      }
    }
    this.deadLetter(route, event, lastError, attempt, Date.now() - started);
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
    this.record(route, event, { outcome: 'dead-lettered', attempts, ms, error: queue ? message : `${message} (rule has no dead-letter queue: event dropped, as in AWS)` });
  }

  private record(route: Route, event: BusEnvelope, result: Pick<DeliveryRecord, 'outcome' | 'attempts' | 'ms' | 'error' | 'firstError'>): void {
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
    this.options.log(`deliver rule=${record.rule} target=${record.target} event=${record.eventId} type="${record.detailType}" outcome=${record.outcome} attempts=${record.attempts} ${record.ms}ms${extra}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
