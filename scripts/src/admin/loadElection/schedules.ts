/**
 * The EventBridge Scheduler one-time schedules that emit an election's Election Opened and
 * Election Closed: built here as plain requests (unit-tested without a scheduler), sent by
 * `applySchedules` with the unchanged SDK client, to AWS or to the local stack's scheduler.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { DetailType, Source, type ElectionClosed, type ElectionOpened } from '@evote/shared';
import type { DefinedElection } from '@evote/elections';

/** Where a stage's schedules live and what they may do: from the elections stack's exports. */
export interface ScheduleTarget {
  /** The schedule group `evote-<stage>`. */
  groupName: string;
  /** The stage's bus: every schedule puts its event there. */
  busArn: string;
  /** The execution role the scheduler assumes: PutEvents on the bus, as evote.elections only. */
  roleArn: string;
  /** Where an event that could not be put after every retry is parked. */
  deadLetterArn: string;
}

/**
 * Retries: EventBridge Scheduler's own maximum attempts, for a day. An opening delivered late is
 * still right (its payload carries the scheduled instant); one never delivered is in the queue.
 */
export const SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 } as const;

/** The two moments of an election's polls, with the event each one emits. */
const MOMENTS = [
  { suffix: 'opens', instant: 'opensAt', detailType: DetailType.ElectionOpened },
  { suffix: 'closes', instant: 'closesAt', detailType: DetailType.ElectionClosed },
] as const;

/** `<electionId>-opens` / `<electionId>-closes`: ids are at most 64 characters, names may have 64. */
export const scheduleName = (electionId: string, moment: 'opens' | 'closes') => `${electionId}-${moment}`;

/**
 * `at(yyyy-mm-ddThh:mm:ss)` in UTC, rounded UP to the second (the expression has no fraction):
 * a schedule must never fire before its instant, or an election would open early.
 */
export function atExpression(instant: string): string {
  const seconds = Math.ceil(Date.parse(instant) / 1000);
  return `at(${new Date(seconds * 1000).toISOString().slice(0, 19)})`;
}

/** What a schedule does with one election's moment: create (or replace) it, or remove it (its instant has passed). */
export type ScheduleChange =
  { action: 'put'; request: CreateScheduleCommandInput } | { action: 'delete'; name: string; groupName: string };

/**
 * The schedule changes that make an election's schedules match its definition at `now`: a
 * moment still ahead gets its schedule; a moment already past gets none (a schedule created
 * for an earlier definition is removed, so it cannot fire at the old time).
 */
export function scheduleChanges(election: DefinedElection, target: ScheduleTarget, now: Date): ScheduleChange[] {
  return MOMENTS.map(({ suffix, instant, detailType }) => {
    const name = scheduleName(election.electionId, suffix);
    const scheduledAt = election[instant];
    if (Date.parse(scheduledAt) <= now.getTime()) return { action: 'delete', name, groupName: target.groupName };
    const detail: ElectionOpened | ElectionClosed = {
      correlationId: election.electionId,
      electionId: election.electionId,
      scheduledAt,
    };
    return {
      action: 'put',
      request: {
        Name: name,
        GroupName: target.groupName,
        Description: `${detailType} of election ${election.electionId} at ${scheduledAt}`,
        ScheduleExpression: atExpression(scheduledAt),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: target.busArn,
          RoleArn: target.roleArn,
          EventBridgeParameters: { DetailType: detailType, Source: Source.Elections },
          Input: JSON.stringify(detail),
          RetryPolicy: { ...SCHEDULE_RETRY_POLICY },
          DeadLetterConfig: { Arn: target.deadLetterArn },
        },
      },
    };
  });
}

/** What `applySchedules` did, for the summary. */
export interface ScheduleOutcome {
  created: string[];
  updated: string[];
  removed: string[];
}

/**
 * Sends the changes: CreateSchedule, or UpdateSchedule when one of that name exists already (a
 * changed definition, or a load interrupted after its schedules); DeleteSchedule of a schedule
 * that is not there is not an error.
 */
export async function applySchedules(
  scheduler: SchedulerClient,
  changes: readonly ScheduleChange[],
): Promise<ScheduleOutcome> {
  const outcome: ScheduleOutcome = { created: [], updated: [], removed: [] };
  for (const change of changes) {
    if (change.action === 'delete') {
      try {
        await scheduler.send(new DeleteScheduleCommand({ Name: change.name, GroupName: change.groupName }));
        outcome.removed.push(change.name);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException) && (error as Error).name !== 'ResourceNotFoundException')
          throw error;
      }
      continue;
    }
    const name = change.request.Name as string;
    try {
      await scheduler.send(new CreateScheduleCommand(change.request));
      outcome.created.push(name);
    } catch (error) {
      if (!(error instanceof ConflictException) && (error as Error).name !== 'ConflictException') throw error;
      await scheduler.send(new UpdateScheduleCommand(change.request));
      outcome.updated.push(name);
    }
  }
  return outcome;
}
