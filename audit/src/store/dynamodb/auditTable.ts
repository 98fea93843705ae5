/** The audit log stored in the DynamoDB audit table. */
import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffMs, EvoteError, isConditionalCheckFailed } from '@evote/shared';
import type { AuditLog, AuditRecord, RecordOutcome } from '../../domain/auditLog';
import type { EntityRef, EntityType } from '../../domain/entities';
import {
  entryPutRequests,
  eventPutRequest,
  replayUpdateRequest,
  streamEntryPutRequest,
  streamQuery,
  type RecordedCopy,
} from './items';
import { auditIdOf, type FactName } from '../../domain/auditId';
import { hasRevisions, REVISIONED_STREAMS, type Key } from '../../domain/keys';

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
 * How often an append reads a stream again after losing the race for a revision before it
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
  /** Pause before reading a stream again after a lost race (default: a few ms, with jitter). */
  pause?: (round: number) => Promise<void>;
}

type Step = 'written' | 'present';

/**
 * Appends in two steps, every write conditional, so a retry after a partial failure, a
 * redelivery, or another copy of the fact completes the same items and never duplicates one:
 *
 * 1. the event item (it decides which copy of the fact is kept);
 * 2. in parallel: the fact's entry in each stream with revisions (read the stream; if it holds
 *    the fact already, done; otherwise put the entry at the revision after the last, on the
 *    condition that no other append took it, else read again and retry), and the entries of
 *    the other streams.
 *
 * A race for a revision is lost by a condition, never by an overwrite. Reading the stream
 * before each attempt is also what keeps a fact from being appended twice: two copies racing
 * for the same revision cannot both win, and the loser then finds the fact in the stream.
 */
export function dynamoAuditLog(options: AuditLogOptions): AuditLog {
  const { tableName, client, revisioned = REVISIONED_STREAMS, pause = jitteredPause } = options;
  return {
    async append(record: AuditRecord): Promise<RecordOutcome> {
      const { kept, isNew } = await putEvent(client, tableName, record);
      const replayName = record.event['replay-name'];
      if (!isNew && replayName !== undefined) await recordReplay(client, tableName, record, replayName);
      const streams = record.entities.filter((entity) => hasRevisions(entity.type, revisioned));
      const others = record.entities.filter((entity) => !hasRevisions(entity.type, revisioned));
      let revisionRacesLost = 0;
      const afterLostRace = (round: number) => {
        revisionRacesLost += 1;
        return pause(round);
      };
      // Every entry is attempted even if one fails, so a retry has as little left to do as possible.
      const results = await Promise.allSettled([
        ...streams.map((entity) => appendToStream(client, tableName, record, entity, kept, afterLostRace)),
        ...entryPutRequests(tableName, record, kept, others).map((input) => putEntry(client, input)),
      ]);
      const outcome: RecordOutcome = {
        written: isNew ? 1 : 0,
        alreadyPresent: isNew ? 0 : 1,
        recordedEventId: kept.eventId,
        revisionRacesLost,
        ...(replayName === undefined ? {} : { replayName }),
      };
      const failures: unknown[] = [];
      for (const result of results) {
        if (result.status === 'rejected') failures.push(result.reason);
        else if (result.value === 'written') outcome.written += 1;
        else outcome.alreadyPresent += 1;
      }
      if (failures.length > 0) {
        throw new AuditWriteError(
          `${failures.length} of ${results.length} audit entries could not be written`,
          failures[0],
        );
      }
      return outcome;
    },
  };
}

async function putEntry(client: DocumentSender, input: ReturnType<typeof entryPutRequests>[number]): Promise<Step> {
  try {
    await client.send(new PutCommand(input));
    return 'written';
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'present';
    throw error;
  }
}

/**
 * The fact's entry in one stream with revisions: found there already, or put at the next free
 * revision. A refused put returns the entry that holds the revision (ALL_OLD): this fact's means
 * done; another fact's means the next revision is tried without reading the stream again (the
 * revisions up to this one are all taken and entries are never removed, so the fact cannot be
 * further back). Only a refusal that names no holder reads the stream again.
 */
async function appendToStream(
  client: DocumentSender,
  tableName: string,
  record: AuditRecord,
  entity: EntityRef,
  kept: RecordedCopy,
  pause: (round: number) => Promise<void>,
): Promise<Step> {
  let revision: number | undefined;
  for (let round = 1; ; round++) {
    if (revision === undefined) {
      const stream = await readStream(client, tableName, entity, record.auditId);
      if (stream.holdsFact) return 'present';
      revision = stream.lastRevision + 1;
    }
    try {
      await client.send(new PutCommand(streamEntryPutRequest(tableName, record, { entity, revision }, kept)));
      return 'written';
    } catch (error) {
      if (!isConditionalCheckFailed(error))
        throw new AuditWriteError(`the ${entity.type} stream entry could not be written`, error);
      const holder = holderOf(error);
      if (holder === record.auditId) return 'present';
      if (round >= MAX_APPEND_ROUNDS)
        throw new AuditWriteError(`lost the race for a revision of ${entity.type} ${entity.id} ${round} times`, error);
      revision = holder === undefined ? undefined : revision + 1;
      await pause(round);
    }
  }
}

/** The audit id of the entry a refused stream put found in its place, if returned. */
function holderOf(error: unknown): string | undefined {
  const { detailType, correlationId, voteId } = refusedItemStrings(error);
  if (detailType === undefined || correlationId === undefined) return undefined;
  return auditIdOf({ detailType, correlationId, ...(voteId === undefined ? {} : { voteId }) });
}

/**
 * The string attributes of the item a refused conditional write returned (ALL_OLD), read from
 * the raw attribute values: the document client does not unmarshall errors.
 */
function refusedItemStrings(error: unknown): Partial<Record<string, string>> {
  const item = (error as { Item?: Record<string, { S?: unknown }> }).Item ?? {};
  return Object.fromEntries(
    Object.entries(item).flatMap(([name, value]) => (typeof value?.S === 'string' ? [[name, value.S]] : [])),
  );
}

type StreamEntry = FactName & { revision: number };

/** The stream's last revision (0 when empty) and whether one of its entries is this fact's. */
async function readStream(
  client: DocumentSender,
  tableName: string,
  entity: EntityRef,
  auditId: string,
): Promise<{ lastRevision: number; holdsFact: boolean }> {
  let lastRevision = 0;
  let holdsFact = false;
  let startKey: Key | undefined;
  do {
    const page = await client.send(new QueryCommand(streamQuery(tableName, entity, startKey)));
    for (const entry of (page.Items ?? []) as StreamEntry[]) {
      lastRevision = Math.max(lastRevision, Number(entry.revision));
      if (auditIdOf(entry) === auditId) holdsFact = true;
    }
    startKey = page.LastEvaluatedKey as Key | undefined;
  } while (startKey);
  return { lastRevision, holdsFact };
}

/** Random, growing up to 50 ms: spreads the losers of a race so the next round has fewer. */
function jitteredPause(round: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, backoffMs({ baseMs: 1, capMs: 50, jitter: 'full' }, round + 1)));
}

async function recordReplay(
  client: DocumentSender,
  tableName: string,
  record: AuditRecord,
  replayName: string,
): Promise<void> {
  try {
    await client.send(new UpdateCommand(replayUpdateRequest(tableName, record, replayName)));
  } catch (error) {
    throw new AuditWriteError('the replay could not be recorded', error);
  }
}

async function putEvent(
  client: DocumentSender,
  tableName: string,
  record: AuditRecord,
): Promise<{ kept: RecordedCopy; isNew: boolean }> {
  try {
    await client.send(new PutCommand(eventPutRequest(tableName, record)));
    return { kept: { eventId: record.event.id, time: record.event.time }, isNew: true };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw new AuditWriteError('the event item could not be written', error);
    return { kept: keptCopy(error), isNew: false };
  }
}

/**
 * The kept copy's id and time from the item a refused put returns. DynamoDB always returns it
 * when asked; without it we cannot know which entries to write, so the event is retried rather
 * than guessed.
 */
function keptCopy(error: unknown): RecordedCopy {
  const { eventId, time } = refusedItemStrings(error);
  if (eventId !== undefined && time !== undefined) return { eventId, time };
  throw new AuditWriteError('the event is recorded, but the refused write did not return the kept copy', error);
}
