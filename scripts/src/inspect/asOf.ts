/**
 * Point-in-time views folded from the audit log alone: the tallies and ballot states as they
 * stood at an instant. Names and the list of elections, candidates and issued ballots come from
 * the live tables (they are reference data, not events).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ballots, electionResults, readItems, type BallotRow, type ElectionResult } from './queries';

interface AuditedFact {
  detailType: string;
  time: string;
  detail: { ballotId: string; voteId?: string; vote?: { electionId: string; candidateId: string } };
}

/** Every fact of the audit log whose event time is at or before `asOf` (EventBridge times are to the second). */
export async function factsUpTo(db: DynamoDBDocumentClient, auditTable: string, asOf: string): Promise<AuditedFact[]> {
  const limit = Date.parse(asOf);
  const items = await readItems(db, auditTable);
  return items
    .filter((item) => item.entity === 'AuditEvent' && Date.parse(String(item.time)) <= limit)
    .map((item) => ({ detailType: String(item.detailType), time: String(item.time), detail: (item.event as { detail: AuditedFact['detail'] }).detail }));
}

/** Tallies at `asOf`: one vote per distinct voteId of the Vote Cast facts up to then. */
export function talliesAt(current: readonly ElectionResult[], facts: readonly AuditedFact[]): ElectionResult[] {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const fact of facts) {
    if (fact.detailType !== 'Vote Cast' || !fact.detail.vote || !fact.detail.voteId || seen.has(fact.detail.voteId)) continue;
    seen.add(fact.detail.voteId);
    const key = `${fact.detail.vote.electionId}#${fact.detail.vote.candidateId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return current.map((election) => ({
    ...election,
    candidates: election.candidates.map((candidate) => ({ ...candidate, voteCount: counts.get(`${election.electionId}#${candidate.candidateId}`) ?? 0 })),
  }));
}

/**
 * Ballot states at `asOf`: SUBMITTED once a Ballot Verified for it was logged by then. A ballot
 * that is SUBMITTED now but was never verified in the log was submitted before the log began
 * (the seed's 2a8c1e): it stays SUBMITTED at every instant.
 */
export function ballotStatesAt(current: readonly BallotRow[], allFacts: readonly AuditedFact[], asOf: string): BallotRow[] {
  const limit = Date.parse(asOf);
  const verifiedAt = new Map<string, number>();
  for (const fact of allFacts) {
    if (fact.detailType !== 'Ballot Verified') continue;
    const time = Date.parse(fact.time);
    verifiedAt.set(fact.detail.ballotId, Math.min(time, verifiedAt.get(fact.detail.ballotId) ?? Infinity));
  }
  return current.map((row) => {
    const verified = verifiedAt.get(row.ballotId);
    if (verified === undefined) return row;
    return { ...row, ballotState: verified <= limit ? 'SUBMITTED' : 'ISSUED' };
  });
}

export async function resultsAsOf(db: DynamoDBDocumentClient, tables: { elections: string; audit: string }, asOf: string, electionId?: string): Promise<ElectionResult[]> {
  return talliesAt(await electionResults(db, tables.elections, electionId), await factsUpTo(db, tables.audit, asOf));
}

export async function ballotsAsOf(db: DynamoDBDocumentClient, tables: { voters: string; audit: string }, asOf: string): Promise<BallotRow[]> {
  const everything = await factsUpTo(db, tables.audit, '9999-12-31T23:59:59Z');
  return ballotStatesAt(await ballots(db, tables.voters), everything, asOf);
}
