/**
 * Pass 2 of an import: reads the roll again and enrols its voters, 50 to a DynamoDB transaction
 * (requests.ts), a few transactions at a time. Nothing of the file is kept: rows are read as the
 * transactions free up room, so memory stays flat however long the roll.
 */
import type { Readable } from 'node:stream';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoffMs } from '@evote/shared';
import { newBallotId, type RollVoter } from '@evote/voters';
import { readRoll } from './rollFile';
import { importVotersRequest, MAX_TRANSACTION_VOTERS, readCancellation, type Enrolment } from './requests';

/** Transactions in flight at once; measured on DynamoDB Local (docs/voter-roll.md). */
export const DEFAULT_CONCURRENCY = 4;
/** Rounds for a transaction that keeps colliding with another one on the same voters. */
const MAX_CONFLICT_ROUNDS = 6;
/**
 * Rounds for a transaction throttled by a partition over its throughput, the pause doubling from
 * `throttledBaseDelayMs` (500 ms, the SDK's own base for throttles) up to 20 s: under two
 * minutes in all before the import stops and says so (running it again resumes it).
 */
const MAX_THROTTLED_ROUNDS = 10;
const MAX_THROTTLED_DELAY_MS = 20_000;
/** How many voters whose stored profile differs from the roll are listed by line. */
const DIFFERING_LISTED = 20;

export interface ImportProgress {
  rows: number;
  written: number;
  present: number;
}

export interface ImportResult extends ImportProgress {
  /** Voters already in the table whose name or e-mail differs from the roll's; kept as stored. */
  differing: number;
  /** The first of their lines, in order. */
  differingLines: number[];
}

export interface WriteRollOptions {
  db: Pick<DynamoDBDocumentClient, 'send'>;
  tableName: string;
  source: Readable;
  concurrency?: number;
  /** Voters per transaction, 1 to 50 (default 50). */
  transactionSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Called for each voter written; a throw stops the import there (tests interrupt with it). */
  afterWrite?: (written: number) => void;
  /** Random bytes for ballot ids (tests may pin them). */
  random?: (size: number) => Buffer;
  /** First pause after a throttled transaction, doubling each round (default 500 ms; tests shorten it). */
  throttledBaseDelayMs?: number;
}

interface RollEntry {
  readonly line: number;
  readonly voter: RollVoter;
}

/**
 * Enrols every voter of a checked roll. A voter already in the table is left as it is (counted
 * as present), so importing again changes nothing and importing after an interruption writes
 * only the rest. The first failure stops reading, lets the transactions in flight finish, and
 * is thrown: nothing is swallowed, and running the import again completes it.
 */
export async function writeRoll(options: WriteRollOptions): Promise<ImportResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const size = Math.min(options.transactionSize ?? MAX_TRANSACTION_VOTERS, MAX_TRANSACTION_VOTERS);
  const result: ImportResult = { rows: 0, written: 0, present: 0, differing: 0, differingLines: [] };
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let chunk: RollEntry[] = [];
  const launch = async (entries: RollEntry[]) => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (failure) return;
    const task: Promise<void> = enrolChunk(options, entries, result)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
  };
  for await (const row of readRoll(options.source)) {
    if (failure) break;
    if (!row.verdict.ok)
      throw new Error(
        `line ${row.line} is no longer valid: the roll changed since it was checked; run the import again`,
      );
    result.rows++;
    chunk.push({ line: row.line, voter: row.verdict.voter });
    if (chunk.length >= size) {
      await launch(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0 && !failure) await launch(chunk);
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  result.differingLines.sort((a, b) => a - b);
  return result;
}

/**
 * One transaction for the chunk; when it is cancelled because some voters are there already,
 * those are counted as present and the rest is tried again without them (nothing was written).
 */
async function enrolChunk(options: WriteRollOptions, entries: RollEntry[], result: ImportResult): Promise<void> {
  let pending = withoutRepeats(entries, result);
  const throttledBase = options.throttledBaseDelayMs ?? 500;
  for (let conflicts = 0, throttles = 0; pending.length > 0;) {
    const enrolments: Enrolment[] = pending.map(({ voter }) => ({ voter, ballotId: newBallotId(options.random) }));
    try {
      await options.db.send(new TransactWriteCommand(importVotersRequest(options.tableName, enrolments)));
    } catch (error) {
      const cancellation = readCancellation(error);
      if (cancellation?.kind === 'present') {
        for (const [index, stored] of cancellation.present) notePresent(result, pending[index] as RollEntry, stored);
        pending = pending.filter((_, index) => !cancellation.present.has(index));
        continue;
      }
      if (cancellation?.kind === 'conflict' && ++conflicts <= MAX_CONFLICT_ROUNDS) {
        await pause(backoffMs({ baseMs: 40, jitter: 'none' }, conflicts));
        continue;
      }
      if (cancellation?.kind === 'throttled' && ++throttles <= MAX_THROTTLED_ROUNDS) {
        await pause(backoffMs({ baseMs: throttledBase, capMs: MAX_THROTTLED_DELAY_MS, jitter: 'equal' }, throttles));
        continue;
      }
      const detail = failureDetail(cancellation);
      const lines = `lines ${pending[0]?.line}-${pending[pending.length - 1]?.line}`;
      throw new Error(`the voters of ${lines} could not be written${detail}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    for (let count = 0; count < pending.length; count++) {
      result.written++;
      options.afterWrite?.(result.written);
    }
    options.onProgress?.({ rows: result.rows, written: result.written, present: result.present });
    return;
  }
  options.onProgress?.({ rows: result.rows, written: result.written, present: result.present });
}

/** A checked roll names each voter once; should the file have changed since, a repeat is present. */
function withoutRepeats(entries: RollEntry[], result: ImportResult): RollEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    if (!seen.has(entry.voter.voterId)) return seen.add(entry.voter.voterId);
    result.present++;
    return false;
  });
}

/** Unknown (no item came back) counts as the same: only a visible difference is reported. */
function notePresent(result: ImportResult, entry: RollEntry, stored: Record<string, unknown> | undefined): void {
  result.present++;
  const same = stored === undefined || (stored.fullName === entry.voter.fullName && stored.email === entry.voter.email);
  if (same) return;
  result.differing++;
  if (result.differingLines.length < DIFFERING_LISTED) result.differingLines.push(entry.line);
}

/** Why the last cancellation ended the chunk, in words (nothing for a failure that was not a cancellation). */
function failureDetail(cancellation: ReturnType<typeof readCancellation>): string {
  if (cancellation?.kind === 'other') return ` (${cancellation.reasons})`;
  if (cancellation?.kind === 'throttled')
    return ` (throttled ${MAX_THROTTLED_ROUNDS + 1} times: the table is over its throughput; run the import again to resume)`;
  return '';
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
