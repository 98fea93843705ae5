/**
 * The local EventBridge Scheduler: one-time `at()` schedules whose target is an event bus, which
 * is what `yarn admin load-election` creates. At its instant a schedule puts its Input as one
 * event (the target's Source and DetailType) through the local bus's PutEvents, so rules, the
 * archive and the audit see it like any event. A schedule already due when it is created (or
 * when a persistent stack starts again) fires at once. A failed put is retried, then parked in
 * the schedule's dead-letter queue; `ActionAfterCompletion: DELETE` removes the schedule after it
 * fired. Differences from AWS, on purpose: exact to the millisecond (AWS fires within its
 * minute), at most LOCAL_MAX_ATTEMPTS attempts whatever the RetryPolicy says, and any group
 * name is accepted (AWS requires the group to exist).
 *
 * Over 250 lines because the API's operations, the timers and a firing with its retries, dead
 * letter and completion all work on one store of schedules, kept consistent in one class.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DeadLetterQueues } from '../eventbridge/stores';
import { replaceFile } from '../files';

/** A schedule as the API describes it (GetSchedule's shape, dates as ISO strings here). */
export interface LocalSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  Description?: string;
  State: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion: 'NONE' | 'DELETE';
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: ScheduleTargetShape;
  CreationDate: string;
  LastModificationDate: string;
  /** Local bookkeeping: when it fired (a one-time schedule fires once). */
  completedAt?: string;
}

export interface ScheduleTargetShape {
  Arn: string;
  RoleArn: string;
  Input?: string;
  EventBridgeParameters?: { DetailType: string; Source: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
}

/** An API error as the SDK expects it: the exception's name and its HTTP status. */
export class SchedulerApiError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException',
    message: string,
  ) {
    super(message);
    this.name = type;
  }

  get status(): number {
    return { ValidationException: 400, ConflictException: 409, ResourceNotFoundException: 404 }[this.type];
  }
}

/** The fields of CreateSchedule / UpdateSchedule the local scheduler reads. */
export interface ScheduleRequest {
  GroupName?: string;
  ScheduleExpression?: string;
  ScheduleExpressionTimezone?: string;
  Description?: string;
  State?: string;
  ActionAfterCompletion?: string;
  FlexibleTimeWindow?: { Mode?: string; MaximumWindowInMinutes?: number };
  Target?: Partial<ScheduleTargetShape>;
}

/** Attempts of one firing, locally (AWS retries up to RetryPolicy, for up to a day). */
export const LOCAL_MAX_ATTEMPTS = 3;
/** setTimeout's longest delay; a schedule further ahead is re-armed when this elapses. */
const MAX_TIMER_MS = 2_147_483_647;
const NAME_PATTERN = /^[0-9a-zA-Z._-]{1,64}$/;

export interface LocalSchedulerOptions {
  region: string;
  accountId: string;
  /** The local bus's PutEvents (what the scheduler's execution role would call in AWS). */
  putEvents(request: unknown): Promise<{ FailedEntryCount: number; Entries: unknown[] }>;
  deadLetters: DeadLetterQueues;
  /** Keeps schedules across restarts when set (a persistent stack). */
  file?: string;
  log?: (line: string) => void;
  /** Pause before retry n (1-based). Default 100 ms doubling. */
  backoffMs?: (attempt: number) => number;
}

export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly firing = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: LocalSchedulerOptions) {
    if (options.file && fs.existsSync(options.file)) {
      for (const schedule of JSON.parse(fs.readFileSync(options.file, 'utf8')) as LocalSchedule[])
        this.schedules.set(keyOf(schedule.GroupName, schedule.Name), schedule);
    }
    for (const schedule of this.schedules.values()) this.arm(schedule);
  }

  create(name: string, request: ScheduleRequest): string {
    const group = request.GroupName ?? 'default';
    if (this.schedules.has(keyOf(group, name)))
      throw new SchedulerApiError('ConflictException', `Schedule ${name} already exists.`);
    return this.store(this.validated(name, request, undefined)).Arn;
  }

  update(name: string, request: ScheduleRequest): string {
    const existing = this.get(name, request.GroupName);
    return this.store(this.validated(name, request, existing)).Arn;
  }

  get(name: string, groupName: string | undefined): LocalSchedule {
    const schedule = this.schedules.get(keyOf(groupName ?? 'default', name));
    if (!schedule) throw new SchedulerApiError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    return schedule;
  }

  delete(name: string, groupName: string | undefined): void {
    const schedule = this.get(name, groupName);
    this.remove(schedule);
  }

  list(filter: { groupName?: string; namePrefix?: string } = {}): LocalSchedule[] {
    return [...this.schedules.values()].filter(
      (schedule) =>
        (filter.groupName === undefined || schedule.GroupName === filter.groupName) &&
        (filter.namePrefix === undefined || schedule.Name.startsWith(filter.namePrefix)),
    );
  }

  /** Waits for firings in progress (tests read the bus after). */
  async idle(): Promise<void> {
    while (this.firing.size > 0) await Promise.all([...this.firing]);
  }

  /** Stops every timer; schedules not yet fired stay in the file for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.idle();
  }

  private validated(name: string, request: ScheduleRequest, existing: LocalSchedule | undefined): LocalSchedule {
    if (!NAME_PATTERN.test(name))
      throw new SchedulerApiError('ValidationException', `Name ${name} must match [0-9a-zA-Z-_.]{1,64}.`);
    const group = request.GroupName ?? 'default';
    if (!request.ScheduleExpression)
      throw new SchedulerApiError('ValidationException', 'ScheduleExpression is required.');
    instantOf(request.ScheduleExpression, request.ScheduleExpressionTimezone);
    if (!request.FlexibleTimeWindow?.Mode)
      throw new SchedulerApiError('ValidationException', 'FlexibleTimeWindow.Mode is required.');
    const target = request.Target;
    if (!target?.Arn || !target.RoleArn)
      throw new SchedulerApiError('ValidationException', 'Target.Arn and Target.RoleArn are required.');
    if (
      !target.Arn.includes(':event-bus/') ||
      !target.EventBridgeParameters?.Source ||
      !target.EventBridgeParameters.DetailType
    )
      throw new SchedulerApiError(
        'ValidationException',
        'The local scheduler targets event buses only: Target.Arn must be an event bus ARN, with EventBridgeParameters {DetailType, Source}.',
      );
    const now = new Date().toISOString();
    return {
      Name: name,
      GroupName: group,
      Arn: `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule/${group}/${name}`,
      ScheduleExpression: request.ScheduleExpression,
      ...(request.ScheduleExpressionTimezone ? { ScheduleExpressionTimezone: request.ScheduleExpressionTimezone } : {}),
      ...(request.Description ? { Description: request.Description } : {}),
      State: request.State === 'DISABLED' ? 'DISABLED' : 'ENABLED',
      ActionAfterCompletion: request.ActionAfterCompletion === 'DELETE' ? 'DELETE' : 'NONE',
      FlexibleTimeWindow: { Mode: request.FlexibleTimeWindow.Mode },
      Target: target as ScheduleTargetShape,
      CreationDate: existing?.CreationDate ?? now,
      LastModificationDate: now,
    };
  }

  private store(schedule: LocalSchedule): LocalSchedule {
    const key = keyOf(schedule.GroupName, schedule.Name);
    this.disarm(key);
    this.schedules.set(key, schedule);
    this.save();
    this.arm(schedule);
    return schedule;
  }

  private remove(schedule: LocalSchedule): void {
    const key = keyOf(schedule.GroupName, schedule.Name);
    this.disarm(key);
    this.schedules.delete(key);
    this.save();
  }

  private arm(schedule: LocalSchedule): void {
    if (this.closed || schedule.State !== 'ENABLED' || schedule.completedAt) return;
    const key = keyOf(schedule.GroupName, schedule.Name);
    const due = instantOf(schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone);
    const delay = Math.max(0, due - Date.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        if (this.schedules.get(key) !== schedule) return;
        if (Date.now() < due) return this.arm(schedule);
        const firing = this.fire(schedule).finally(() => this.firing.delete(firing));
        this.firing.add(firing);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  private disarm(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** Puts the schedule's event, retrying, then parks it; then completes the schedule. */
  private async fire(schedule: LocalSchedule): Promise<void> {
    const { Target: target } = schedule;
    const entry = {
      EventBusName: target.Arn,
      Source: target.EventBridgeParameters?.Source,
      DetailType: target.EventBridgeParameters?.DetailType,
      Detail: target.Input ?? '{}',
    };
    const attempts = Math.max(1, Math.min(LOCAL_MAX_ATTEMPTS, (target.RetryPolicy?.MaximumRetryAttempts ?? 185) + 1));
    let failure = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const result = await this.options.putEvents({ Entries: [entry] });
        if (result.FailedEntryCount === 0) {
          this.options.log?.(`scheduler: ${schedule.GroupName}/${schedule.Name} put ${entry.DetailType}`);
          return this.complete(schedule);
        }
        failure = JSON.stringify(result.Entries[0]);
      } catch (error) {
        failure = (error as Error).message;
      }
      if (attempt < attempts) await sleep(this.options.backoffMs?.(attempt) ?? 100 * 2 ** (attempt - 1));
    }
    this.options.log?.(`scheduler: ${schedule.GroupName}/${schedule.Name} failed ${attempts} time(s): ${failure}`);
    const queue = target.DeadLetterConfig?.Arn?.split(':').pop();
    if (queue)
      this.options.deadLetters.send(queue, JSON.stringify(entry), {
        RULE_ARN: schedule.Arn,
        TARGET_ARN: target.Arn,
        ERROR_CODE: 'PutEventsFailed',
        ERROR_MESSAGE: failure,
        ATTEMPTS: String(attempts),
      });
    this.complete(schedule);
  }

  private complete(schedule: LocalSchedule): void {
    const key = keyOf(schedule.GroupName, schedule.Name);
    if (this.schedules.get(key) !== schedule) return;
    if (schedule.ActionAfterCompletion === 'DELETE') return this.remove(schedule);
    schedule.completedAt = new Date().toISOString();
    this.save();
  }

  private save(): void {
    if (!this.options.file) return;
    fs.mkdirSync(path.dirname(this.options.file), { recursive: true });
    replaceFile(this.options.file, JSON.stringify([...this.schedules.values()], null, 1), { sync: true });
  }
}

const keyOf = (group: string, name: string) => `${group}/${name}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The instant of `at(yyyy-mm-ddThh:mm:ss)` in UTC (the only time zone the local scheduler knows). */
export function instantOf(expression: string, timezone: string | undefined): number {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  if (!match)
    throw new SchedulerApiError(
      'ValidationException',
      `The local scheduler runs one-time schedules only: at(yyyy-mm-ddThh:mm:ss), not ${expression}.`,
    );
  if (timezone !== undefined && timezone !== 'UTC' && timezone !== 'Etc/UTC')
    throw new SchedulerApiError(
      'ValidationException',
      `The local scheduler knows the UTC time zone only, not ${timezone}.`,
    );
  const instant = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(instant)) throw new SchedulerApiError('ValidationException', `Invalid date in ${expression}.`);
  return instant;
}
