/**
 * Knows when each ballot is done, from the bus's own delivery records (an observer, called as
 * each delivery finishes): no polling and no reads, so observing costs the pipeline nothing
 * worth measuring. A ballot of N votes is
 * - counted when countVote has finished its N Vote Cast deliveries,
 * - saved when saveVote has finished them,
 * - audited when auditEvent has finished Ballot Submitted, Ballot Verified and the N Vote Casts.
 */
import type { BusEnvelope } from '../../local/eventbridge/putEvents';
import type { DeliveryRecord, LocalEventBus } from '../../local/eventbridge/bus';

/** Milliseconds (performance.now()) at which each stage of a ballot finished. */
export interface BallotTimes {
  countedAt: number;
  auditedAt: number;
  doneAt: number;
}

interface Tracked {
  votes: number;
  counted: number;
  saved: number;
  audited: number;
  countedAt?: number;
  auditedAt?: number;
  resolve(times: BallotTimes): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class BallotTracker {
  private readonly ballots = new Map<string, Tracked>();
  private readonly stopObserving: () => void;

  constructor(
    bus: LocalEventBus,
    private readonly timeoutMs = 120_000,
  ) {
    this.stopObserving = bus.observe({ delivered: (record, event) => this.delivered(record, event) });
  }

  /** Starts following a ballot; call before POSTing it. Rejects if a delivery dead-letters or it takes too long. */
  track(ballotId: string, votes: number): Promise<BallotTimes> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(ballotId, new Error(`ballot ${ballotId} not done after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      this.ballots.set(ballotId, { votes, counted: 0, saved: 0, audited: 0, resolve, reject, timer });
    });
  }

  stop(): void {
    this.stopObserving();
    for (const ballotId of this.ballots.keys()) this.fail(ballotId, new Error('tracker stopped'));
  }

  private delivered(record: DeliveryRecord, event: BusEnvelope): void {
    const ballotId = event.detail.ballotId;
    const ballot = typeof ballotId === 'string' ? this.ballots.get(ballotId) : undefined;
    if (!ballot) return;
    if (record.outcome !== 'delivered')
      return this.fail(
        ballotId as string,
        new Error(
          `${record.target} dead-lettered ${record.detailType} of ballot ${String(ballotId)}: ${record.error ?? ''}`,
        ),
      );
    const now = performance.now();
    if (record.target === 'countVote' && ++ballot.counted === ballot.votes) ballot.countedAt = now;
    if (record.target === 'saveVote') ballot.saved++;
    if (record.target === 'auditEvent' && ++ballot.audited === ballot.votes + 2) ballot.auditedAt = now;
    if (ballot.countedAt !== undefined && ballot.auditedAt !== undefined && ballot.saved === ballot.votes) {
      this.finish(ballotId as string, ballot);
      ballot.resolve({ countedAt: ballot.countedAt, auditedAt: ballot.auditedAt, doneAt: now });
    }
  }

  private fail(ballotId: string, error: Error): void {
    const ballot = this.ballots.get(ballotId);
    if (!ballot) return;
    this.finish(ballotId, ballot);
    ballot.reject(error);
  }

  private finish(ballotId: string, ballot: Tracked): void {
    clearTimeout(ballot.timer);
    this.ballots.delete(ballotId);
  }
}
