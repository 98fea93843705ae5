/**
 * The read model of the audit log: what its facts say about ballots and tallies. Every tool
 * that recomputes state from the log (rebuild, verify, a view at an instant) folds with this,
 * so the rules below are written once:
 *
 * - a ballot is SUBMITTED once the log holds a Ballot Verified for it; otherwise it is in the
 *   state it had when the log began (its baseline: the seed, which resets the voters table
 *   whenever the log is emptied), else ISSUED;
 * - a candidate's tally is the number of distinct Vote Casts naming it (one per voteId: a
 *   second copy of a vote counts once);
 * - a fact whose source is not the service that emits its type is a forgery: set apart and
 *   left out of every rule above.
 *
 * Pure: it gets the facts, in the order the caller chose, and returns what they imply.
 */
import { BallotState, DetailType, isFromItsSource, SourceOf } from '@evote/shared';

/** One fact as the log keeps it: the event item's detail-type and source, and the envelope's detail. */
export interface LoggedFact {
  detailType: string;
  source: string;
  detail: Record<string, unknown>;
}

/** A Vote Cast: which ballot voted for which candidate. */
export interface CastVote {
  voteId: string;
  ballotId: string;
  electionId: string;
  candidateId: string;
}

/** A Ballot Verified: which request submitted the ballot, and the elections it votes in. */
export interface BallotVerification {
  voterId: string;
  ballotId: string;
  correlationId: string;
  electionIds: string[];
}

export interface AuditFold {
  /** The Vote Casts by voteId, the first one folded of each. */
  casts: Map<string, CastVote>;
  /** A later Vote Cast whose voteId is in `casts` but names another candidate: `[kept, other]`. */
  conflictingCasts: [CastVote, CastVote][];
  /** Every Ballot Verified, in fold order (a ballot verified twice is here twice). */
  verifications: BallotVerification[];
  /** The ballots with a Ballot Verified, by `ballotLabel`. */
  verifiedBallots: Set<string>;
  /** The voteIds of the Vote Rejected facts. */
  rejectedVotes: Set<string>;
  /** Facts whose source does not emit their type, in fold order; none of them is folded. */
  forged: LoggedFact[];
}

/** A ballot's state before the log began; ballots not listed start ISSUED. */
export interface BaselineBallot {
  voterId: string;
  ballotId: string;
  ballotState: string;
}

export function foldAuditLog(facts: Iterable<LoggedFact>): AuditFold {
  const fold: AuditFold = {
    casts: new Map(),
    conflictingCasts: [],
    verifications: [],
    verifiedBallots: new Set(),
    rejectedVotes: new Set(),
    forged: [],
  };
  for (const fact of facts) {
    if (!isFromItsSource(fact.detailType, fact.source)) fold.forged.push(fact);
    else if (fact.detailType === DetailType.VoteCast) foldCast(fold, castOf(fact));
    else if (fact.detailType === DetailType.VoteRejected) fold.rejectedVotes.add(String(fact.detail.voteId));
    else if (fact.detailType === DetailType.BallotVerified) foldVerification(fold, verificationOf(fact));
  }
  return fold;
}

/** Why a forged fact is one, in words: `came from <source>; only <emitter> emits it`. */
export function forgeryOf(fact: LoggedFact): string {
  return `came from ${fact.source}; only ${SourceOf[fact.detailType as DetailType] ?? 'no service'} emits it`;
}

/** Tallies by `candidateLabel`: the distinct Vote Casts naming each candidate. */
export function talliesOf(fold: AuditFold): Map<string, number> {
  const tallies = new Map<string, number>();
  for (const cast of fold.casts.values())
    tallies.set(candidateLabel(cast), (tallies.get(candidateLabel(cast)) ?? 0) + 1);
  return tallies;
}

/** Baseline states by `ballotLabel`. */
export function baselineOf(ballots: readonly BaselineBallot[]): Map<string, string> {
  return new Map(ballots.map((ballot) => [ballotLabel(ballot), ballot.ballotState]));
}

/** A ballot's state when the log began. */
export function initialStateOf(key: string, baseline: ReadonlyMap<string, string>): string {
  return baseline.get(key) ?? BallotState.Issued;
}

/** A ballot's state as the log says: SUBMITTED once verified, else its state when the log began. */
export function ballotStateOf(key: string, fold: AuditFold, baseline: ReadonlyMap<string, string>): string {
  return fold.verifiedBallots.has(key) ? BallotState.Submitted : initialStateOf(key, baseline);
}

/** `<voterId>/<ballotId>`: a ballot is issued to one voter, so both name it. */
export function ballotLabel(ballot: { voterId: string; ballotId: string }): string {
  return `${ballot.voterId}/${ballot.ballotId}`;
}

/** `<electionId>/<candidateId>`. */
export function candidateLabel(candidate: { electionId: string; candidateId: string }): string {
  return `${candidate.electionId}/${candidate.candidateId}`;
}

function foldCast(fold: AuditFold, cast: CastVote): void {
  const kept = fold.casts.get(cast.voteId);
  if (!kept) fold.casts.set(cast.voteId, cast);
  else if (candidateLabel(kept) !== candidateLabel(cast)) fold.conflictingCasts.push([kept, cast]);
}

function foldVerification(fold: AuditFold, verification: BallotVerification): void {
  fold.verifications.push(verification);
  fold.verifiedBallots.add(ballotLabel(verification));
}

function castOf(fact: LoggedFact): CastVote {
  const vote = (fact.detail.vote ?? {}) as Record<string, unknown>;
  return {
    voteId: String(fact.detail.voteId),
    ballotId: String(fact.detail.ballotId),
    electionId: String(vote.electionId),
    candidateId: String(vote.candidateId),
  };
}

function verificationOf(fact: LoggedFact): BallotVerification {
  return {
    voterId: String(fact.detail.voterId),
    ballotId: String(fact.detail.ballotId),
    correlationId: String(fact.detail.correlationId),
    electionIds: ((fact.detail.votes ?? []) as { electionId?: unknown }[]).map((vote) => String(vote.electionId)),
  };
}
