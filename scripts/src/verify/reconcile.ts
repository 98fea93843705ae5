/**
 * Reconciliation: what the live tables say against what the audit log says (the design's
 * invariant "state can be rebuilt": what the log implies equals the tables). Pure: it gets a snapshot of the three tables and
 * returns every difference, so the comparison is unit-tested without a database.
 *
 * - Tallies: every candidate's voteCount against the vote items of the elections table and
 *   against the Vote Cast events of the audit log.
 * - Votes: every saved vote against its Vote Cast, and every vote of a verified ballot against
 *   its Vote Cast or Vote Rejected (the fan-out lost nothing).
 * - Ballots: every ballot's state against the Ballot Verified events of the audit log.
 * - The audit log itself: an event whose source is not the service that emits its type is a
 *   forgery; it is reported and left out of every fold.
 *
 * What the audit log says is the audit service's fold (`foldAuditLog` of @evote/audit), the
 * same that `yarn run rebuild` and `inspect --as-of` use. The audit log starts at `yarn run init`,
 * which resets the voters table to the seed. A ballot the seed already marks SUBMITTED has no
 * event, so the seed's states are the starting point.
 *
 * Over 250 lines because it compares each table with the audit log item by item and words every kind of difference.
 */
import {
  ballotLabel,
  ballotStateOf,
  baselineOf,
  candidateLabel,
  foldAuditLog,
  forgeryOf,
  initialStateOf,
  talliesOf,
  type AuditFold,
  type CastVote,
  type LoggedFact,
} from '@evote/audit';
import { deriveVoteId } from '@evote/elections';

export interface CandidateRow {
  electionId: string;
  candidateId: string;
  voteCount: number;
}

export interface SavedVote {
  voteId: string;
  ballotId: string;
  electionId: string;
  candidateId: string;
}

/** A ballot's state as the voters table holds it (`inspect/queries.ts`'s `BallotRow` is the operator's view, with the name). */
export interface StoredBallot {
  voterId: string;
  ballotId: string;
  ballotState: string;
}

export interface Snapshot {
  candidates: readonly CandidateRow[];
  votes: readonly SavedVote[];
  ballots: readonly StoredBallot[];
  /** The event items of the audit table, as the fold reads them. */
  auditEvents: readonly LoggedFact[];
  /** Ballot states before the audit log began (the seed); a ballot not listed starts ISSUED. */
  baseline: readonly StoredBallot[];
}

export type DifferenceKind = 'tally' | 'vote' | 'ballot' | 'audit';

export interface Difference {
  kind: DifferenceKind;
  /** What differs: `candidate 6353a9/f5484e`, `vote <voteId>`, `ballot b7a42e/49aef2`, ... */
  subject: string;
  /** What was found, in words. */
  detail: string;
}

export interface TallyRow extends CandidateRow {
  fromVotes: number;
  fromAudit: number;
}

export interface Reconciliation {
  tallies: TallyRow[];
  counts: {
    candidates: number;
    votes: number;
    voteCasts: number;
    ballots: number;
    verifiedBallots: number;
    auditEvents: number;
  };
  differences: Difference[];
}

/** Every difference between the tables and the audit log, and the tallies computed three ways. */
export function reconcile(snapshot: Snapshot): Reconciliation {
  const differences: Difference[] = [];
  const fold = foldAuditLog(snapshot.auditEvents);
  for (const fact of fold.forged) {
    differences.push({
      kind: 'audit',
      subject: `${fact.detailType} ${describeFact(fact)}`,
      detail: `${forgeryOf(fact)} (left out of the reconciliation)`,
    });
  }
  for (const [kept, other] of fold.conflictingCasts) {
    differences.push({
      kind: 'audit',
      subject: `vote ${kept.voteId}`,
      detail: `two Vote Cast events disagree: ${candidateLabel(kept)} and ${candidateLabel(other)}`,
    });
  }
  const tallies = compareTallies(snapshot, fold, differences);
  compareVotes(snapshot.votes, fold.casts, differences);
  checkFanOut(fold, differences);
  compareBallots(snapshot, fold, differences);
  return {
    tallies,
    counts: {
      candidates: snapshot.candidates.length,
      votes: snapshot.votes.length,
      voteCasts: fold.casts.size,
      ballots: snapshot.ballots.length,
      verifiedBallots: fold.verifiedBallots.size,
      auditEvents: snapshot.auditEvents.length,
    },
    differences,
  };
}

function compareTallies(snapshot: Snapshot, fold: AuditFold, differences: Difference[]): TallyRow[] {
  const fromVotes = countBy(snapshot.votes.map(candidateLabel));
  const fromAudit = talliesOf(fold);
  const known = new Set(snapshot.candidates.map(candidateLabel));
  const tallies = snapshot.candidates.map((candidate) => ({
    ...candidate,
    fromVotes: fromVotes.get(candidateLabel(candidate)) ?? 0,
    fromAudit: fromAudit.get(candidateLabel(candidate)) ?? 0,
  }));
  for (const row of tallies) {
    if (row.voteCount === row.fromVotes && row.voteCount === row.fromAudit) continue;
    differences.push({
      kind: 'tally',
      subject: `candidate ${candidateLabel(row)}`,
      detail: `voteCount ${row.voteCount}, ${row.fromVotes} saved vote(s), ${row.fromAudit} Vote Cast event(s) in the audit log`,
    });
  }
  for (const candidate of new Set([...fromVotes.keys(), ...fromAudit.keys()])) {
    if (known.has(candidate)) continue;
    differences.push({
      kind: 'tally',
      subject: `candidate ${candidate}`,
      detail: `not in the elections table, yet ${fromVotes.get(candidate) ?? 0} saved vote(s) and ${fromAudit.get(candidate) ?? 0} Vote Cast event(s) name it`,
    });
  }
  return tallies;
}

function compareVotes(
  votes: readonly SavedVote[],
  casts: ReadonlyMap<string, CastVote>,
  differences: Difference[],
): void {
  const saved = new Map(votes.map((vote) => [vote.voteId, vote]));
  for (const vote of votes) {
    const cast = casts.get(vote.voteId);
    if (!cast)
      differences.push({
        kind: 'vote',
        subject: `vote ${vote.voteId}`,
        detail: `saved (ballot ${vote.ballotId}, ${candidateLabel(vote)}) but no Vote Cast in the audit log`,
      });
    else if (candidateLabel(cast) !== candidateLabel(vote) || cast.ballotId !== vote.ballotId) {
      differences.push({
        kind: 'vote',
        subject: `vote ${vote.voteId}`,
        detail: `saved as ballot ${vote.ballotId}, ${candidateLabel(vote)}; the audit log says ballot ${cast.ballotId}, ${candidateLabel(cast)}`,
      });
    }
  }
  for (const cast of casts.values()) {
    if (!saved.has(cast.voteId))
      differences.push({
        kind: 'vote',
        subject: `vote ${cast.voteId}`,
        detail: `Vote Cast in the audit log (ballot ${cast.ballotId}, ${candidateLabel(cast)}) but no saved vote`,
      });
  }
}

/** Every vote of a verified ballot ends in a Vote Cast or a Vote Rejected; every Vote Cast has a verified ballot. */
function checkFanOut(fold: AuditFold, differences: Difference[]): void {
  const decided = new Set([...fold.casts.keys(), ...fold.rejectedVotes]);
  const verifiedBallots = new Set(fold.verifications.map((verification) => verification.ballotId));
  const expected = new Set<string>();
  for (const verification of fold.verifications) {
    for (const electionId of verification.electionIds) {
      const voteId = deriveVoteId(verification.ballotId, electionId);
      if (expected.has(voteId)) continue;
      expected.add(voteId);
      if (!decided.has(voteId))
        differences.push({
          kind: 'vote',
          subject: `vote ${voteId}`,
          detail: `ballot ${verification.ballotId} was verified, but its vote in election ${electionId} has no Vote Cast or Vote Rejected`,
        });
    }
  }
  for (const cast of fold.casts.values()) {
    if (!verifiedBallots.has(cast.ballotId))
      differences.push({
        kind: 'vote',
        subject: `vote ${cast.voteId}`,
        detail: `Vote Cast for ballot ${cast.ballotId}, which has no Ballot Verified in the audit log`,
      });
  }
}

function compareBallots(snapshot: Snapshot, fold: AuditFold, differences: Difference[]): void {
  const submissions = new Map<string, Set<string>>();
  for (const verification of fold.verifications) {
    const key = ballotLabel(verification);
    submissions.set(key, (submissions.get(key) ?? new Set()).add(verification.correlationId));
  }
  const baseline = baselineOf(snapshot.baseline);
  const live = new Map(snapshot.ballots.map((ballot) => [ballotLabel(ballot), ballot.ballotState]));
  for (const [key, requests] of submissions) {
    if (requests.size > 1)
      differences.push({
        kind: 'ballot',
        subject: `ballot ${key}`,
        detail: `verified ${requests.size} times (requests ${[...requests].sort().join(', ')}); a ballot counts once`,
      });
    if (!live.has(key))
      differences.push({
        kind: 'ballot',
        subject: `ballot ${key}`,
        detail: 'verified in the audit log but not in the voters table',
      });
  }
  for (const [key, state] of live) {
    const expected = ballotStateOf(key, fold, baseline);
    if (state === expected) continue;
    const why = fold.verifiedBallots.has(key)
      ? 'the audit log holds its Ballot Verified'
      : `the audit log holds no Ballot Verified and it was ${initialStateOf(key, baseline)} when the log began`;
    differences.push({
      kind: 'ballot',
      subject: `ballot ${key}`,
      detail: `${state} in the voters table, expected ${expected}: ${why}`,
    });
  }
}

function describeFact(fact: LoggedFact): string {
  const { voteId, ballotId, correlationId } = fact.detail;
  return String(voteId ?? ballotId ?? correlationId ?? '');
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
