/** The audit log stored in the DynamoDB audit table. */
import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, EvoteError, isConditionalCheckFailed } from '@evote/shared';
import type { AuditLog, AuditRecord, RecordOutcome } from '../../domain/auditLog';
import type { EntityType } from '../../domain/entities';
import { appendTransaction, entryPutRequests, lastRevisionQuery, replayUpdateRequest, type RecordedCopy, type StreamPosition } from './items';
import { hasRevisions, REVISIONED_STREAMS } from './keys';

/** Only `send` is used, so tests can pass a fake client. */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

/** Some audit items could not be written; the event must be delivered again. */
export class AuditWriteError extends EvoteError {
  constructor(message: string, cause: unknown) {
    super('AUDIT_WRITE_FAILED', message, { cause });
    this.name = 'AuditWriteError';
  }
}

/**
 * How often an append re-reads the stream heads after losing a race for a revision before it
 * gives up and throws (the event is then retried by Lambda/EventBridge). Each round one of the
 * racing appends wins, so this bounds the appends one stream can take at the same moment; a
 * ballot's stream sees its Vote Casts at once (one per election on the ballot), plus redeliveries.
 */
const MAX_APPEND_ROUNDS = 50;

export interface AuditLogOptions {
  tableName: string;
  client: DocumentSender;
  /** Streams whose entries carry gapless revisions (default: ballot and voter). */
  revisioned?: readonly EntityType[];
  /** Pause before re-reading the heads after a lost race (default: a few ms, with jitter). */
  pause?: (round: number) => Promise<void>;
}

/**
 * Appends in two steps. First one transaction: the event item (it decides which copy of the
 * fact is kept) together with the fact's entry in every stream with revisions, at the revision
 * after that stream's last. Then the entries of the other streams, in parallel. Every write is
 * conditional, so a retry after a partial failure, a redelivery, or another copy of the fact
 * completes the same items and never duplicates one; a race for a revision is lost by a
 * condition, never by an overwrite, and the loser reads the heads again and retries.
 */
export function dynamoAuditLog(options: AuditLogOptions): AuditLog {
  const { tableName, client, revisioned = REVISIONED_STREAMS, pause = jitteredPause } = options;
  return {
    async append(record: AuditRecord): Promise<RecordOutcome> {
      const streams = record.entities.filter((entity) => hasRevisions(entity.type, revisioned));
      const others = record.entities.filter((entity) => !hasRevisions(entity.type, revisioned));
      const { kept, isNew } = await appendFact(client, tableName, record, streams, pause);
      const replayName = record.event['replay-name'];
      if (!isNew && replayName !== undefined) await recordReplay(client, tableName, record, replayName);
      const requests = entryPutRequests(tableName, record, kept, others);
      // Every entry is attempted even if one fails, so a retry has as little left to do as possible.
      const results = await Promise.allSettled(requests.map((input) => client.send(new PutCommand(input))));
      const inTransaction = 1 + streams.length;
      const outcome: RecordOutcome = {
        written: isNew ? inTransaction : 0,
        alreadyPresent: isNew ? 0 : inTransaction,
        recordedEventId: kept.eventId,
        ...(replayName === undefined ? {} : { replayName }),
      };
      const failures: unknown[] = [];
      for (const result of results) {
        if (result.status === 'fulfilled') outcome.written += 1;
        else if (isConditionalCheckFailed(result.reason)) outcome.alreadyPresent += 1;
        else failures.push(result.reason);
      }
      if (failures.length > 0) {
        throw new AuditWriteError(`${failures.length} of ${requests.length} audit entries could not be written`, failures[0]);
      }
      return outcome;
    },
  };
}

/** The event item and the stream entries of a new fact in one transaction, retried on a lost race. */
async function appendFact(
  client: DocumentSender,
  tableName: string,
  record: AuditRecord,
  streams: AuditRecord['entities'],
  pause: (round: number) => Promise<void>,
): Promise<{ kept: RecordedCopy; isNew: boolean }> {
  for (let round = 1; ; round++) {
    const positions = await nextPositions(client, tableName, streams);
    try {
      await client.send(new TransactWriteCommand(appendTransaction(tableName, record, positions)));
      return { kept: { eventId: record.event.id, time: record.event.time }, isNew: true };
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw new AuditWriteError('the event could not be appended', error);
      if (reasons[0] === 'ConditionalCheckFailed') return { kept: keptCopy(error), isNew: false };
      const lostRace = reasons.some((code) => code === 'ConditionalCheckFailed' || code === 'TransactionConflict');
      if (!lostRace) throw new AuditWriteError(`the event could not be appended (${reasons.join(', ')})`, error);
      if (round >= MAX_APPEND_ROUNDS) throw new AuditWriteError(`lost the race for a stream revision ${round} times`, error);
      await pause(round);
    }
  }
}

/** The revision after each stream's last (1 for a new stream). */
async function nextPositions(client: DocumentSender, tableName: string, streams: AuditRecord['entities']): Promise<StreamPosition[]> {
  try {
    return await Promise.all(
      streams.map(async (entity) => {
        const page = await client.send(new QueryCommand(lastRevisionQuery(tableName, entity)));
        const last = Number(page.Items?.[0]?.revision ?? 0);
        return { entity, revision: last + 1 };
      }),
    );
  } catch (error) {
    throw new AuditWriteError('the stream revisions could not be read', error);
  }
}

/** Random, growing up to 50 ms: spreads the losers of a race so the next round has fewer. */
function jitteredPause(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** round)));
}

async function recordReplay(client: DocumentSender, tableName: string, record: AuditRecord, replayName: string): Promise<void> {
  try {
    await client.send(new UpdateCommand(replayUpdateRequest(tableName, record, replayName)));
  } catch (error) {
    throw new AuditWriteError('the replay could not be recorded', error);
  }
}

/**
 * The kept copy's id and time from the item a refused event put returns (raw attribute values: the
 * document client does not unmarshall errors). DynamoDB always returns it when asked; without
 * it we cannot know which entries to write, so the event is retried rather than guessed.
 */
function keptCopy(error: unknown): RecordedCopy {
  const reasons = (error as { CancellationReasons?: { Item?: Record<string, { S?: unknown }> }[] }).CancellationReasons;
  const item = reasons?.[0]?.Item;
  const eventId = item?.eventId?.S;
  const time = item?.time?.S;
  if (typeof eventId === 'string' && typeof time === 'string') return { eventId, time };
  throw new AuditWriteError('the event is recorded, but the refused write did not return the kept copy', error);
}
