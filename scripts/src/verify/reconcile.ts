/**
 * Reconciliation: what the live tables say against what the audit log says (DESIGN.md,
 * invariant 6, "state can be rebuilt"). Pure: it gets a snapshot of the three tables and
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
 * The audit log starts at `yarn run init`, which resets the voters table to the seed. A ballot
 * the seed already marks SUBMITTED has no event, so the seed's states are the starting point.
 */
import { DetailType, SourceOf } from '@evote/shared';
import { deriveVoteId } from '@evote/elections/src/domain/voteId';

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

export interface BallotRow {
  voterId: string;
  ballotId: string;
  ballotState: string;
}

/** One event item of the audit table: its detail-type, source and detail (the envelope's). */
export interface AuditedEvent {
  detailType: string;
  source: string;
  detail: Record<string, unknown>;
}

export interface Snapshot {
  candidates: readonly CandidateRow[];
  votes: readonly SavedVote[];
  ballots: readonly BallotRow[];
  auditEvents: readonly AuditedEvent[];
  /** Ballot states before the audit log began (the seed); a ballot not listed starts ISSUED. */
  baseline: readonly BallotRow[];
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
  counts: { candidates: number; votes: number; voteCasts: number; ballots: number; verifiedBallots: number; auditEvents: number };
  differences: Difference[];
}

const SUBMITTED = 'SUBMITTED';
const ISSUED = 'ISSUED';

interface CastFact {
  voteId: string;
  ballotId: string;
  electionId: string;
  candidateId: string;
}

interface VerifiedFact {
  voterId: string;
  ballotId: string;
  correlationId: string;
  electionIds: string[];
}

/** Every difference between the tables and the audit log, and the tallies computed three ways. */
export function reconcile(snapshot: Snapshot): Reconciliation {
  const differences: Difference[] = [];
  const trusted = snapshot.auditEvents.filter((event) => {
    const expected = SourceOf[event.detailType as DetailType];
    if (expected === undefined || event.source === expected) return true;
    differences.push({ kind: 'audit', subject: `${event.detailType} ${describeEvent(event)}`, detail: `came from ${event.source}; only ${expected} emits it (left out of the reconciliation)` });
    return false;
  });
  const casts = castFacts(trusted, differences);
  const verified = verifiedFacts(trusted);
  const tallies = compareTallies(snapshot, casts, differences);
  compareVotes(snapshot.votes, casts, differences);
  checkFanOut(trusted, verified, casts, differences);
  compareBallots(snapshot, verified, differences);
  return {
    tallies,
    counts: {
      candidates: snapshot.candidates.length,
      votes: snapshot.votes.length,
      voteCasts: casts.size,
      ballots: snapshot.ballots.length,
      verifiedBallots: new Set(verified.map((fact) => ballotKey(fact))).size,
      auditEvents: snapshot.auditEvents.length,
    },
    differences,
  };
}

/** The Vote Cast facts by voteId (the audit log keys them so; two disagreeing copies are a difference). */
function castFacts(events: readonly AuditedEvent[], differences: Difference[]): Map<string, CastFact> {
  const casts = new Map<string, CastFact>();
  for (const event of events.filter((candidate) => candidate.detailType === DetailType.VoteCast)) {
    const vote = (event.detail.vote ?? {}) as Record<string, unknown>;
    const fact = { voteId: String(event.detail.voteId), ballotId: String(event.detail.ballotId), electionId: String(vote.electionId), candidateId: String(vote.candidateId) };
    const known = casts.get(fact.voteId);
    if (known && (known.candidateId !== fact.candidateId || known.electionId !== fact.electionId)) {
      differences.push({ kind: 'audit', subject: `vote ${fact.voteId}`, detail: `two Vote Cast events disagree: ${known.electionId}/${known.candidateId} and ${fact.electionId}/${fact.candidateId}` });
    }
    if (!known) casts.set(fact.voteId, fact);
  }
  return casts;
}

function verifiedFacts(events: readonly AuditedEvent[]): VerifiedFact[] {
  return events
    .filter((event) => event.detailType === DetailType.BallotVerified)
    .map((event) => ({
      voterId: String(event.detail.voterId),
      ballotId: String(event.detail.ballotId),
      correlationId: String(event.detail.correlationId),
      electionIds: ((event.detail.votes ?? []) as { electionId?: unknown }[]).map((vote) => String(vote.electionId)),
    }));
}

function compareTallies(snapshot: Snapshot, casts: ReadonlyMap<string, CastFact>, differences: Difference[]): TallyRow[] {
  const fromVotes = countBy(snapshot.votes.map(candidateOf));
  const fromAudit = countBy([...casts.values()].map(candidateOf));
  const known = new Set(snapshot.candidates.map(candidateOf));
  const tallies = snapshot.candidates.map((candidate) => ({ ...candidate, fromVotes: fromVotes.get(candidateOf(candidate)) ?? 0, fromAudit: fromAudit.get(candidateOf(candidate)) ?? 0 }));
  for (const row of tallies) {
    if (row.voteCount === row.fromVotes && row.voteCount === row.fromAudit) continue;
    differences.push({ kind: 'tally', subject: `candidate ${candidateOf(row)}`, detail: `voteCount ${row.voteCount}, ${row.fromVotes} saved vote(s), ${row.fromAudit} Vote Cast event(s) in the audit log` });
  }
  for (const candidate of new Set([...fromVotes.keys(), ...fromAudit.keys()])) {
    if (known.has(candidate)) continue;
    differences.push({ kind: 'tally', subject: `candidate ${candidate}`, detail: `not in the elections table, yet ${fromVotes.get(candidate) ?? 0} saved vote(s) and ${fromAudit.get(candidate) ?? 0} Vote Cast event(s) name it` });
  }
  return tallies;
}

function compareVotes(votes: readonly SavedVote[], casts: ReadonlyMap<string, CastFact>, differences: Difference[]): void {
  const saved = new Map(votes.map((vote) => [vote.voteId, vote]));
  for (const vote of votes) {
    const cast = casts.get(vote.voteId);
    if (!cast) differences.push({ kind: 'vote', subject: `vote ${vote.voteId}`, detail: `saved (ballot ${vote.ballotId}, ${candidateOf(vote)}) but no Vote Cast in the audit log` });
    else if (candidateOf(cast) !== candidateOf(vote) || cast.ballotId !== vote.ballotId) {
      differences.push({ kind: 'vote', subject: `vote ${vote.voteId}`, detail: `saved as ballot ${vote.ballotId}, ${candidateOf(vote)}; the audit log says ballot ${cast.ballotId}, ${candidateOf(cast)}` });
    }
  }
  for (const cast of casts.values()) {
    if (!saved.has(cast.voteId)) differences.push({ kind: 'vote', subject: `vote ${cast.voteId}`, detail: `Vote Cast in the audit log (ballot ${cast.ballotId}, ${candidateOf(cast)}) but no saved vote` });
  }
}

/** Every vote of a verified ballot ends in a Vote Cast or a Vote Rejected; every Vote Cast has a verified ballot. */
function checkFanOut(events: readonly AuditedEvent[], verified: readonly VerifiedFact[], casts: ReadonlyMap<string, CastFact>, differences: Difference[]): void {
  const decided = new Set([...casts.keys(), ...events.filter((event) => event.detailType === DetailType.VoteRejected).map((event) => String(event.detail.voteId))]);
  const verifiedBallots = new Set(verified.map((fact) => fact.ballotId));
  const expected = new Set<string>();
  for (const fact of verified) {
    for (const electionId of fact.electionIds) {
      const voteId = deriveVoteId(fact.ballotId, electionId);
      if (expected.has(voteId)) continue;
      expected.add(voteId);
      if (!decided.has(voteId)) differences.push({ kind: 'vote', subject: `vote ${voteId}`, detail: `ballot ${fact.ballotId} was verified, but its vote in election ${electionId} has no Vote Cast or Vote Rejected` });
    }
  }
  for (const cast of casts.values()) {
    if (!verifiedBallots.has(cast.ballotId)) differences.push({ kind: 'vote', subject: `vote ${cast.voteId}`, detail: `Vote Cast for ballot ${cast.ballotId}, which has no Ballot Verified in the audit log` });
  }
}

function compareBallots(snapshot: Snapshot, verified: readonly VerifiedFact[], differences: Difference[]): void {
  const submissions = new Map<string, Set<string>>();
  for (const fact of verified) {
    const key = ballotKey(fact);
    submissions.set(key, (submissions.get(key) ?? new Set()).add(fact.correlationId));
  }
  const baseline = new Map(snapshot.baseline.map((ballot) => [ballotKey(ballot), ballot.ballotState]));
  const live = new Map(snapshot.ballots.map((ballot) => [ballotKey(ballot), ballot.ballotState]));
  for (const [key, requests] of submissions) {
    if (requests.size > 1) differences.push({ kind: 'ballot', subject: `ballot ${key}`, detail: `verified ${requests.size} times (requests ${[...requests].sort().join(', ')}); a ballot counts once` });
    if (!live.has(key)) differences.push({ kind: 'ballot', subject: `ballot ${key}`, detail: 'verified in the audit log but not in the voters table' });
  }
  for (const [key, state] of live) {
    const expected = submissions.has(key) ? SUBMITTED : (baseline.get(key) ?? ISSUED);
    if (state === expected) continue;
    const why = submissions.has(key) ? 'the audit log holds its Ballot Verified' : `the audit log holds no Ballot Verified and it was ${baseline.get(key) ?? ISSUED} when the log began`;
    differences.push({ kind: 'ballot', subject: `ballot ${key}`, detail: `${state} in the voters table, expected ${expected}: ${why}` });
  }
}

function candidateOf(row: { electionId: string; candidateId: string }): string {
  return `${row.electionId}/${row.candidateId}`;
}

function ballotKey(row: { voterId: string; ballotId: string }): string {
  return `${row.voterId}/${row.ballotId}`;
}

function describeEvent(event: AuditedEvent): string {
  const { voteId, ballotId, correlationId } = event.detail;
  return String(voteId ?? ballotId ?? correlationId ?? '');
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
