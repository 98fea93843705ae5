/** The audit log stored in the DynamoDB audit table. */
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EvoteError, isConditionalCheckFailed } from '@evote/shared';
import type { AuditLog, AuditRecord, RecordOutcome } from '../../domain/auditLog';
import { entryPutRequests, eventPutRequest, replayUpdateRequest, type RecordedCopy } from './items';

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
 * Appends in two steps: the event item first (it decides which copy of the fact is kept), then
 * the entity entries of the kept copy, in parallel. Every step is conditional, so a retry after
 * a partial failure, a redelivery, or another copy of the fact completes the same items and
 * never duplicates one.
 */
export function dynamoAuditLog(options: { tableName: string; client: DocumentSender }): AuditLog {
  const { tableName, client } = options;
  return {
    async append(record: AuditRecord): Promise<RecordOutcome> {
      const { kept, isNew } = await putEvent(client, tableName, record);
      const replayName = record.event['replay-name'];
      if (!isNew && replayName !== undefined) await recordReplay(client, tableName, record, replayName);
      const requests = entryPutRequests(tableName, record, kept);
      // Every entry is attempted even if one fails, so a retry has as little left to do as possible.
      const results = await Promise.allSettled(requests.map((input) => client.send(new PutCommand(input))));
      const outcome: RecordOutcome = { written: isNew ? 1 : 0, alreadyPresent: isNew ? 0 : 1, recordedEventId: kept.eventId, ...(replayName === undefined ? {} : { replayName }) };
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

async function recordReplay(client: DocumentSender, tableName: string, record: AuditRecord, replayName: string): Promise<void> {
  try {
    await client.send(new UpdateCommand(replayUpdateRequest(tableName, record, replayName)));
  } catch (error) {
    throw new AuditWriteError('the replay could not be recorded', error);
  }
}

async function putEvent(client: DocumentSender, tableName: string, record: AuditRecord): Promise<{ kept: RecordedCopy; isNew: boolean }> {
  try {
    await client.send(new PutCommand(eventPutRequest(tableName, record)));
    return { kept: { eventId: record.event.id, time: record.event.time }, isNew: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw new AuditWriteError('the event item could not be written', error);
    return { kept: keptCopy(error), isNew: false };
  }
}

/**
 * The kept copy's id and time from the item a refused put returns (raw attribute values: the
 * document client does not unmarshall errors). DynamoDB always returns it when asked; without
 * it we cannot know which entries to write, so the event is retried rather than guessed.
 */
function keptCopy(error: unknown): RecordedCopy {
  const item = (error as { Item?: Record<string, { S?: unknown }> }).Item;
  const eventId = item?.eventId?.S;
  const time = item?.time?.S;
  if (typeof eventId === 'string' && typeof time === 'string') return { eventId, time };
  throw new AuditWriteError('the event is recorded, but the refused write did not return the kept copy', error);
}
