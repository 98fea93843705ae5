/**
 * Point-in-time views folded from the audit log alone: the tallies and ballot states as they
 * stood at an instant. The facts logged up to the instant go through the audit service's fold
 * (the one `yarn run rebuild` and `yarn verify` use), from the same baseline: the seed, the state
 * the voters table had when the log began. Names and the list of elections, candidates and
 * issued ballots come from the live tables (they are reference data, not events).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  AuditEntity,
  ballotLabel,
  ballotStateOf,
  baselineOf,
  candidateLabel,
  foldAuditLog,
  loggedFactOf,
  talliesOf,
  type BaselineBallot,
  type LoggedFact,
} from '@evote/audit';
import { seedBallots } from '../verify/snapshot';
import { ballots, electionResults, readItems, type BallotRow, type ElectionResult } from './queries';

/** A fact and the time its event was logged with. */
export interface TimedFact extends LoggedFact {
  time: string;
}

/** Every fact of the audit log, with its event time. */
export async function readTimedFacts(db: DynamoDBDocumentClient, auditTable: string): Promise<TimedFact[]> {
  const items = await readItems(db, auditTable);
  return items
    .filter((item) => item.entity === AuditEntity.Event)
    .map((item) => ({ ...loggedFactOf(item), time: String(item.time) }));
}

/** The facts whose event time is at or before `asOf` (EventBridge times are to the second). */
export function factsUpTo(facts: readonly TimedFact[], asOf: string): TimedFact[] {
  const limit = Date.parse(asOf);
  return facts.filter((fact) => Date.parse(fact.time) <= limit);
}

/** Tallies after `facts` (those up to the instant): the live voteCounts are not used. */
export function talliesAt(current: readonly ElectionResult[], facts: readonly LoggedFact[]): ElectionResult[] {
  const tallies = talliesOf(foldAuditLog(facts));
  return current.map((election) => ({
    ...election,
    candidates: election.candidates.map((candidate) => ({
      ...candidate,
      voteCount:
        tallies.get(candidateLabel({ electionId: election.electionId, candidateId: candidate.candidateId })) ?? 0,
    })),
  }));
}

/** Ballot states after `facts` (those up to the instant), from the states the ballots had when the log began. */
export function ballotStatesAt(
  current: readonly BallotRow[],
  facts: readonly LoggedFact[],
  baseline: readonly BaselineBallot[],
): BallotRow[] {
  const fold = foldAuditLog(facts);
  const initial = baselineOf(baseline);
  return current.map((row) => ({ ...row, ballotState: ballotStateOf(ballotLabel(row), fold, initial) }));
}

export async function resultsAsOf(
  db: DynamoDBDocumentClient,
  tables: { elections: string; audit: string },
  asOf: string,
  electionId?: string,
): Promise<ElectionResult[]> {
  const [current, facts] = await Promise.all([
    electionResults(db, tables.elections, electionId),
    readTimedFacts(db, tables.audit),
  ]);
  return talliesAt(current, factsUpTo(facts, asOf));
}

export async function ballotsAsOf(
  db: DynamoDBDocumentClient,
  tables: { voters: string; audit: string },
  asOf: string,
): Promise<BallotRow[]> {
  const [current, facts] = await Promise.all([ballots(db, tables.voters), readTimedFacts(db, tables.audit)]);
  return ballotStatesAt(current, factsUpTo(facts, asOf), seedBallots());
}
