/**
 * The direct path, the ceiling: the DynamoDB writes one ballot needs, sent straight to DynamoDB,
 * with no gateway, bus or function in between. Every request is built by the services' own
 * request builders, from the very payloads the pipeline carries (workload/facts.ts), so item
 * sizes are the same:
 *
 * - voters: the conditional ISSUED -> SUBMITTED update (`submitBallotRequest`);
 * - elections: per vote the conditional put (`putVoteRequest`) and the count transaction
 *   (`countVoteRequest`, retried on a transaction conflict as the store does);
 * - audit: per event the audit table adapter itself (`dynamoAuditLog`): the event item, then
 *   per ballot/voter stream a read of the stream and the conditional put of the next revision
 *   (again on a lost race), and the other entity entries.
 *
 * The order keeps the pipeline's real dependencies and nothing else: the ballot update and the
 * audit of Ballot Submitted go together; the vote writes and the other audit writes follow.
 * The pipeline's other reads (two Gets, one BatchGet) are not part of the ceiling; the audit's
 * stream reads are, since an append cannot be written without them.
 */
import { PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, type BusEvent } from '@evote/shared';
import { submitBallotRequest } from '@evote/voters';
import {
  classifyCountFailure,
  countRecord,
  countVoteRequest,
  putVoteRequest,
  retryPolicy,
  voteRecord,
} from '@evote/elections';
import { auditRecordOf, dynamoAuditLog, type AuditedEvent } from '@evote/audit';
import type { BenchTables } from '../stack';
import type { BallotFacts } from '../workload/facts';

/** The store's own retry policy for transaction conflicts (a hot candidate causes them). */
const conflicts = retryPolicy();

/** Writes everything one verified ballot writes; resolves when the last write is acknowledged. */
export async function writeBallotDirectly(
  db: DynamoDBDocumentClient,
  tables: BenchTables,
  facts: BallotFacts,
): Promise<void> {
  const { detail } = facts.submitted;
  const now = new Date();
  await Promise.all([
    db.send(
      new UpdateCommand(
        submitBallotRequest(tables.voters, {
          voterId: detail.voterId,
          ballotId: detail.ballotId,
          correlationId: detail.correlationId,
          submittedAt: now.toISOString(),
        }),
      ),
    ),
    audit(db, tables.audit, facts.submitted),
  ]);
  await Promise.all([
    ...facts.voteCasts.map((cast) =>
      db.send(new PutCommand(putVoteRequest(tables.elections, voteRecord(cast.detail, now)))),
    ),
    ...facts.voteCasts.map((cast) => count(db, tables.elections, cast)),
    audit(db, tables.audit, facts.verified),
    ...facts.voteCasts.map((cast) => audit(db, tables.audit, cast)),
  ]);
}

async function count(db: DynamoDBDocumentClient, table: string, cast: BallotFacts['voteCasts'][number]): Promise<void> {
  const request = countVoteRequest(table, countRecord(cast.detail, new Date()));
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) await conflicts.backoff(attempt);
    try {
      await db.send(new TransactWriteCommand(request));
      return;
    } catch (error) {
      if (classifyCountFailure(cancellationReasons(error)) !== 'conflict' || attempt >= conflicts.maxAttempts)
        throw error;
    }
  }
}

/** Exactly the audit function's writes: its own adapter. */
async function audit(db: DynamoDBDocumentClient, table: string, event: BusEvent): Promise<void> {
  await dynamoAuditLog({ tableName: table, client: db }).append(auditRecordOf(event as AuditedEvent));
}
