/**
 * What the tables must hold after a scenario, for the ballots it submitted: one vote item per
 * vote, one audit event item per fact, one audit entry per entity each fact names, and tallies
 * that equal the votes verified so far (the ledger).
 */
import { DetailType } from '@evote/shared';
import { candidateLabelOf, deriveVoteId, electionSeed, sumTallyShards } from '@evote/elections';
import { auditIdOf, entitiesNamedBy, entryPartition, factNameOf, type AuditedEvent } from '@evote/audit';
import type { TestStack } from '../testing/harness';
import type { GeneratedBallot } from './population';

type Item = Record<string, unknown>;

export interface BallotCheck {
  /** Everything that is not as it must be, in words (empty when all is well). */
  problems: string[];
  /** Vote items, audit event items and audit entries that should exist and do not. */
  lost: number;
  voteItems: number;
  auditEvents: number;
  auditEntries: number;
}

/** The audit facts a verified ballot leaves: one Ballot Submitted, one Ballot Verified, one Vote Cast per vote. */
function expectedFacts(ballot: GeneratedBallot): Record<string, number> {
  return {
    [DetailType.BallotSubmitted]: 1,
    [DetailType.BallotVerified]: 1,
    [DetailType.VoteCast]: ballot.votes.length,
  };
}

/** Checks the elections and audit tables for `ballots`, each submitted once and verified. */
export async function checkVerifiedBallots(t: TestStack, ballots: readonly GeneratedBallot[]): Promise<BallotCheck> {
  const [elections, audit, voters] = await Promise.all([
    t.scan(t.tables.elections),
    t.scan(t.tables.audit),
    t.scan(t.tables.voters),
  ]);
  const mine = new Set(ballots.map((ballot) => ballot.ballotId));
  const problems: string[] = [];
  let lost = 0;

  const states = new Map(
    voters.filter((item) => item.entity === 'Ballot').map((item) => [String(item.ballotId), String(item.ballotState)]),
  );
  for (const ballot of ballots)
    if (states.get(ballot.ballotId) !== 'SUBMITTED')
      problems.push(`ballot ${ballot.ballotId} is ${states.get(ballot.ballotId)}, not SUBMITTED`);

  const votes = elections.filter((item) => item.entity === 'Vote' && mine.has(String(item.ballotId)));
  const votesById = groupBy(votes, (item) => String(item.voteId));
  let expectedVotes = 0;
  for (const ballot of ballots) {
    for (const [electionId, candidateId] of ballot.votes) {
      expectedVotes++;
      const found = votesById.get(deriveVoteId(ballot.ballotId, electionId)) ?? [];
      if (found.length === 0) {
        lost++;
        problems.push(`no vote item for ballot ${ballot.ballotId} in election ${electionId}`);
      } else if (found[0]?.candidateId !== candidateId)
        problems.push(
          `vote of ballot ${ballot.ballotId} in ${electionId} is for ${String(found[0]?.candidateId)}, not ${candidateId}`,
        );
    }
  }
  if (votes.length !== expectedVotes) problems.push(`${votes.length} vote items for ${expectedVotes} votes`);

  const events = audit.filter((item) => item.entity === 'AuditEvent' && mine.has(String(ballotIdOf(item))));
  const eventsByBallot = groupBy(events, (item) => String(ballotIdOf(item)));
  for (const ballot of ballots) {
    const counts = countBy(eventsByBallot.get(ballot.ballotId) ?? [], (item) => String(item.detailType));
    for (const [type, expected] of Object.entries(expectedFacts(ballot))) {
      const found = counts.get(type) ?? 0;
      if (found < expected) lost += expected - found;
      if (found !== expected)
        problems.push(`ballot ${ballot.ballotId}: ${found} ${type} audit event item(s), expected ${expected}`);
    }
    for (const [type, found] of counts)
      if (!(type in expectedFacts(ballot)))
        problems.push(`ballot ${ballot.ballotId}: unexpected ${found} ${type} audit event item(s)`);
  }

  const entriesByEvent = groupBy(
    audit.filter((item) => item.entity === 'AuditEntry'),
    (item) => String(item.eventId),
  );
  let entries = 0;
  for (const item of events) {
    // Each entry in its partition: the stream's, or for an election or candidate the fact's shard of it.
    const event = item.event as AuditedEvent;
    const auditId = auditIdOf(factNameOf(event));
    const named = entitiesNamedBy(event)
      .map((entity) => entryPartition(entity, auditId))
      .sort();
    const found = (entriesByEvent.get(String(item.eventId)) ?? []).map((entry) => String(entry.pk)).sort();
    entries += found.length;
    const missing = named.filter((pk) => !found.includes(pk));
    lost += missing.length;
    if (missing.length || found.length !== named.length)
      problems.push(
        `${String(item.detailType)} ${String(item.eventId)}: audit entries ${found.join(', ')}; expected one each for ${named.join(', ')}`,
      );
  }
  return { problems, lost, voteItems: votes.length, auditEvents: events.length, auditEntries: entries };
}

/** Votes per candidate the suite expects, across every scenario run so far. */
export class TallyLedger {
  private readonly tallies = new Map<string, number>();

  constructor() {
    for (const election of electionSeed())
      for (const candidate of election.candidates)
        this.tallies.set(candidateLabelOf(election.electionId, candidate.candidateId), 0);
  }

  /** Adds the votes of ballots that were verified. */
  add(ballots: readonly GeneratedBallot[]): void {
    for (const ballot of ballots)
      for (const [electionId, candidateId] of ballot.votes) {
        const label = candidateLabelOf(electionId, candidateId);
        this.tallies.set(label, (this.tallies.get(label) ?? 0) + 1);
      }
  }

  expected(): Record<string, number> {
    return Object.fromEntries([...this.tallies].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** The candidates' voteCounts in the elections table (their tally shards summed), in the same shape. */
  static async actual(t: TestStack): Promise<Record<string, number>> {
    const counts = sumTallyShards(await t.scan(t.tables.elections));
    return Object.fromEntries(
      [...counts].map(([label, count]) => [label, count.voteCount] as const).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
}

function ballotIdOf(item: Item): unknown {
  return (item.event as { detail?: { ballotId?: unknown } } | undefined)?.detail?.ballotId;
}

function groupBy(items: readonly Item[], key: (item: Item) => string): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function countBy(items: readonly Item[], key: (item: Item) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
