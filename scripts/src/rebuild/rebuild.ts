/**
 * Rebuild: the state the audit log alone implies, compared with the live tables (the design's
 * invariant "state can be rebuilt": tallies and ballot states recomputed from the log equal the tables). Pure: it gets the audit table's items and the live rows
 * and returns the rebuilt state and every difference, so it is unit-tested without a database.
 *
 * Each ballot's stream is read in revision order (1, 2, 3 ... without gaps); every event names
 * its ballot, so the ballot streams together hold every fact exactly once. Those facts, in that
 * order, go through the audit log's own fold (`foldAuditLog` of @evote/audit), which says what
 * a ballot's state and a candidate's tally are. A gap in a stream with revisions, an entry
 * whose event item is missing, an event item no ballot stream holds (but an election's
 * lifecycle events, which name no ballot), and a forged event (left out of the fold) are
 * differences of kind `audit`.
 */
import {
  AuditEntity,
  ballotLabel,
  ballotStateOf,
  baselineOf,
  candidateLabel,
  entityPartition,
  EntityType,
  eventKeyOfEntry,
  foldAuditLog,
  forgeryOf,
  loggedFactOf,
  REVISIONED_STREAMS,
  talliesOf,
  type AuditFold,
  type FactName,
  type LoggedFact,
} from '@evote/audit';
import { DetailType } from '@evote/shared';
import type { StoredBallot, CandidateRow, Difference } from '../verify/reconcile';
import { auditEventItems } from '../verify/snapshot';

type Item = Record<string, unknown>;

export interface RebuildInput {
  /** Every item of the audit table. */
  auditItems: readonly Item[];
  /** Ballot states when the log began (the seed). */
  baseline: readonly StoredBallot[];
  /** The live tables. */
  candidates: readonly CandidateRow[];
  ballots: readonly StoredBallot[];
}

export interface RebuiltTally {
  electionId: string;
  candidateId: string;
  live: number;
  rebuilt: number;
}

export interface RebuiltBallot {
  voterId: string;
  ballotId: string;
  /** Absent when the voters table does not hold the ballot. */
  live?: string;
  rebuilt: string;
}

export interface RebuildReport {
  tallies: RebuiltTally[];
  ballots: RebuiltBallot[];
  counts: { streams: number; events: number; voteCasts: number; verifiedBallots: number };
  differences: Difference[];
}

const BALLOT_PREFIX = entityPartition(EntityType.Ballot, '');
const LIFECYCLE_TYPES: ReadonlySet<string> = new Set([
  DetailType.ElectionOpened,
  DetailType.ElectionClosed,
  DetailType.ElectionCertified,
]);
const REVISIONED_PREFIXES = REVISIONED_STREAMS.map((type) => entityPartition(type, ''));

/** A stream entry: where it is, and the name of the fact it points to. */
interface Entry extends FactName {
  pk: string;
  revision?: number;
}

export function rebuild(input: RebuildInput): RebuildReport {
  const differences: Difference[] = [];
  const events = new Map(auditEventItems(input.auditItems).map((item) => [String(item.pk), item]));
  const streams = groupStreams(input.auditItems);
  for (const [stream, entries] of streams) checkRevisions(stream, entries, differences);

  const facts = ballotStreamFacts(streams, events, differences);
  for (const [key, item] of events) {
    // An election's lifecycle (Election Opened, Closed, Certified) names no ballot: its stream is the election's.
    if (!facts.has(key) && !LIFECYCLE_TYPES.has(loggedFactOf(item).detailType))
      differences.push({ kind: 'audit', subject: key, detail: 'an event item that no ballot stream holds' });
  }
  const fold = foldAuditLog(facts.values());
  const eventKeys = new Map([...facts].map(([key, fact]) => [fact, key]));
  for (const fact of fold.forged) {
    differences.push({
      kind: 'audit',
      subject: `${fact.detailType} ${eventKeys.get(fact) ?? ''}`,
      detail: `${forgeryOf(fact)} (left out of the rebuild)`,
    });
  }

  const tallies = rebuildTallies(input.candidates, fold, differences);
  const ballots = rebuildBallots(input, fold, differences);
  return {
    tallies,
    ballots,
    counts: {
      streams: streams.size,
      events: events.size,
      voteCasts: fold.casts.size,
      verifiedBallots: fold.verifiedBallots.size,
    },
    differences,
  };
}

/** The facts of the ballot streams by event key, each once, in stream order; reports entries whose event item is missing. */
function ballotStreamFacts(
  streams: ReadonlyMap<string, Entry[]>,
  events: ReadonlyMap<string, Item>,
  differences: Difference[],
): Map<string, LoggedFact> {
  const facts = new Map<string, LoggedFact>();
  for (const [stream, entries] of streams) {
    if (!stream.startsWith(BALLOT_PREFIX)) continue;
    for (const entry of entries) {
      const eventKey = eventKeyOfEntry(entry).pk;
      const item = events.get(eventKey);
      if (!item)
        differences.push({
          kind: 'audit',
          subject: `stream ${stream}`,
          detail: `revision ${entry.revision ?? '?'} points to ${eventKey}, which is not in the audit table`,
        });
      else if (!facts.has(eventKey)) facts.set(eventKey, loggedFactOf(item));
    }
  }
  return facts;
}

/** Entries of the streams with revisions, each stream in revision order. */
function groupStreams(items: readonly Item[]): Map<string, Entry[]> {
  const streams = new Map<string, Entry[]>();
  for (const item of items) {
    const pk = String(item.pk);
    if (item.entity !== AuditEntity.Entry || !REVISIONED_PREFIXES.some((prefix) => pk.startsWith(prefix))) continue;
    const entry: Entry = {
      pk,
      detailType: String(item.detailType),
      correlationId: String(item.correlationId),
      ...(item.revision === undefined ? {} : { revision: Number(item.revision) }),
      ...(item.voteId === undefined ? {} : { voteId: String(item.voteId) }),
    };
    streams.set(pk, [...(streams.get(pk) ?? []), entry]);
  }
  for (const entries of streams.values()) entries.sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  return streams;
}

/** Revisions 1..n, each once. Reports the first break of a stream only. */
function checkRevisions(stream: string, entries: readonly Entry[], differences: Difference[]): void {
  const broken = entries.findIndex((entry, index) => entry.revision !== index + 1);
  if (broken < 0) return;
  const found = entries.map((entry) => entry.revision ?? 'none').join(', ');
  differences.push({
    kind: 'audit',
    subject: `stream ${stream}`,
    detail: `revisions are not 1..${entries.length} without gaps: ${found}`,
  });
}

function rebuildTallies(
  candidates: readonly CandidateRow[],
  fold: AuditFold,
  differences: Difference[],
): RebuiltTally[] {
  const counts = talliesOf(fold);
  const tallies = candidates.map((row) => ({
    electionId: row.electionId,
    candidateId: row.candidateId,
    live: row.voteCount,
    rebuilt: counts.get(candidateLabel(row)) ?? 0,
  }));
  for (const row of tallies) {
    if (row.live !== row.rebuilt)
      differences.push({
        kind: 'tally',
        subject: `candidate ${candidateLabel(row)}`,
        detail: `voteCount ${row.live}, rebuilt from the audit log ${row.rebuilt}`,
      });
  }
  const known = new Set(candidates.map(candidateLabel));
  for (const [candidate, count] of counts) {
    if (!known.has(candidate))
      differences.push({
        kind: 'tally',
        subject: `candidate ${candidate}`,
        detail: `not in the elections table, yet the audit log holds ${count} Vote Cast for it`,
      });
  }
  return tallies;
}

function rebuildBallots(input: RebuildInput, fold: AuditFold, differences: Difference[]): RebuiltBallot[] {
  const baseline = baselineOf(input.baseline);
  const live = new Map(input.ballots.map((row) => [ballotLabel(row), row]));
  const named = new Map(
    [...input.ballots, ...fold.verifications].map((ballot) => [
      ballotLabel(ballot),
      { voterId: ballot.voterId, ballotId: ballot.ballotId },
    ]),
  );
  return [...named.keys()].sort().map((key) => {
    const { voterId, ballotId } = named.get(key) as { voterId: string; ballotId: string };
    const rebuilt = ballotStateOf(key, fold, baseline);
    const state = live.get(key)?.ballotState;
    if (state === undefined)
      differences.push({
        kind: 'ballot',
        subject: `ballot ${key}`,
        detail: `${rebuilt} from the audit log, but not in the voters table`,
      });
    else if (state !== rebuilt)
      differences.push({
        kind: 'ballot',
        subject: `ballot ${key}`,
        detail: `${state} in the voters table, rebuilt from the audit log ${rebuilt}`,
      });
    return { voterId, ballotId, ...(state === undefined ? {} : { live: state }), rebuilt };
  });
}
