/**
 * Rebuild: the state the audit log alone implies, folded stream by stream, compared with the
 * live tables (DESIGN.md, invariant 6, "state can be rebuilt"). Pure: it gets the audit table's
 * items and the live rows and returns the rebuilt state and every difference, so the fold is
 * unit-tested without a database.
 *
 * Each ballot's stream is read in revision order (1, 2, 3 ... without gaps); every event names
 * its ballot, so the ballot streams together hold every fact exactly once:
 * - a ballot is SUBMITTED once its stream holds a Ballot Verified, otherwise it is in the state
 *   it had when the log began (the seed, which `yarn run init` restores), else ISSUED;
 * - a candidate's tally is the number of Vote Cast facts for it.
 * A gap in a stream with revisions, an entry whose event item is missing, an event item no
 * ballot stream holds, and an event whose source does not emit its type (a forgery, left out
 * of the fold) are differences of kind `audit`.
 */
import { DetailType, SourceOf } from '@evote/shared';
import { entityPartition, eventKeyOfEntry, REVISIONED_STREAMS } from '@evote/audit/src/store/dynamodb/keys';
import { EntityType } from '@evote/audit/src/domain/entities';
import type { BallotRow, CandidateRow, Difference } from '../verify/reconcile';

type Item = Record<string, unknown>;

export interface RebuildInput {
  /** Every item of the audit table. */
  auditItems: readonly Item[];
  /** Ballot states when the log began (the seed). */
  baseline: readonly BallotRow[];
  /** The live tables. */
  candidates: readonly CandidateRow[];
  ballots: readonly BallotRow[];
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

const SUBMITTED = 'SUBMITTED';
const ISSUED = 'ISSUED';
const BALLOT_PREFIX = entityPartition(EntityType.Ballot, '');
const REVISIONED_PREFIXES = REVISIONED_STREAMS.map((type) => entityPartition(type, ''));

interface Entry {
  pk: string;
  revision?: number;
  detailType: string;
  correlationId: string;
  voteId?: string;
}

export function rebuild(input: RebuildInput): RebuildReport {
  const differences: Difference[] = [];
  const events = new Map(input.auditItems.filter((item) => item.entity === 'AuditEvent').map((item) => [String(item.pk), item]));
  const streams = groupStreams(input.auditItems);
  for (const [stream, entries] of streams) checkRevisions(stream, entries, differences);

  const verified = new Set<string>();
  const casts = new Map<string, string>();
  const folded = new Set<string>();
  const forged = new Set<string>();
  for (const [stream, entries] of streams) {
    if (!stream.startsWith(BALLOT_PREFIX)) continue;
    for (const entry of entries) {
      const eventKey = eventKeyOfEntry(entry).pk;
      const item = events.get(eventKey);
      if (!item) {
        differences.push({ kind: 'audit', subject: `stream ${stream}`, detail: `revision ${entry.revision ?? '?'} points to ${eventKey}, which is not in the audit table` });
        continue;
      }
      folded.add(eventKey);
      const detailType = String(item.detailType);
      if (SourceOf[detailType as DetailType] !== item.source) {
        if (!forged.has(eventKey)) differences.push({ kind: 'audit', subject: `${detailType} ${eventKey}`, detail: `came from ${String(item.source)}; only ${SourceOf[detailType as DetailType] ?? 'no service'} emits it (left out of the rebuild)` });
        forged.add(eventKey);
        continue;
      }
      const detail = ((item.event ?? {}) as { detail?: Record<string, unknown> }).detail ?? {};
      if (detailType === DetailType.BallotVerified) verified.add(ballotKey({ voterId: String(detail.voterId), ballotId: String(detail.ballotId) }));
      if (detailType === DetailType.VoteCast) {
        const vote = (detail.vote ?? {}) as Record<string, unknown>;
        casts.set(String(detail.voteId), candidateKey({ electionId: String(vote.electionId), candidateId: String(vote.candidateId) }));
      }
    }
  }
  for (const key of events.keys()) {
    if (!folded.has(key)) differences.push({ kind: 'audit', subject: key, detail: 'an event item that no ballot stream holds' });
  }

  const tallies = rebuildTallies(input.candidates, casts, differences);
  const ballots = rebuildBallots(input, verified, differences);
  return { tallies, ballots, counts: { streams: streams.size, events: events.size, voteCasts: casts.size, verifiedBallots: verified.size }, differences };
}

/** Entries of the streams with revisions, each stream in revision order. */
function groupStreams(items: readonly Item[]): Map<string, Entry[]> {
  const streams = new Map<string, Entry[]>();
  for (const item of items) {
    const pk = String(item.pk);
    if (item.entity !== 'AuditEntry' || !REVISIONED_PREFIXES.some((prefix) => pk.startsWith(prefix))) continue;
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
  differences.push({ kind: 'audit', subject: `stream ${stream}`, detail: `revisions are not 1..${entries.length} without gaps: ${found}` });
}

function rebuildTallies(candidates: readonly CandidateRow[], casts: ReadonlyMap<string, string>, differences: Difference[]): RebuiltTally[] {
  const counts = new Map<string, number>();
  for (const candidate of casts.values()) counts.set(candidate, (counts.get(candidate) ?? 0) + 1);
  const tallies = candidates.map((row) => ({ electionId: row.electionId, candidateId: row.candidateId, live: row.voteCount, rebuilt: counts.get(candidateKey(row)) ?? 0 }));
  for (const row of tallies) {
    if (row.live !== row.rebuilt) differences.push({ kind: 'tally', subject: `candidate ${candidateKey(row)}`, detail: `voteCount ${row.live}, rebuilt from the audit log ${row.rebuilt}` });
  }
  const known = new Set(candidates.map(candidateKey));
  for (const [candidate, count] of counts) {
    if (!known.has(candidate)) differences.push({ kind: 'tally', subject: `candidate ${candidate}`, detail: `not in the elections table, yet the audit log holds ${count} Vote Cast for it` });
  }
  return tallies;
}

function rebuildBallots(input: RebuildInput, verified: ReadonlySet<string>, differences: Difference[]): RebuiltBallot[] {
  const baseline = new Map(input.baseline.map((row) => [ballotKey(row), row.ballotState]));
  const live = new Map(input.ballots.map((row) => [ballotKey(row), row]));
  const keys = [...new Set([...live.keys(), ...verified])].sort();
  return keys.map((key) => {
    const [voterId = '', ballotId = ''] = key.split('/');
    const rebuilt = verified.has(key) ? SUBMITTED : (baseline.get(key) ?? ISSUED);
    const state = live.get(key)?.ballotState;
    if (state === undefined) differences.push({ kind: 'ballot', subject: `ballot ${key}`, detail: `${rebuilt} from the audit log, but not in the voters table` });
    else if (state !== rebuilt) differences.push({ kind: 'ballot', subject: `ballot ${key}`, detail: `${state} in the voters table, rebuilt from the audit log ${rebuilt}` });
    return { voterId, ballotId, ...(state === undefined ? {} : { live: state }), rebuilt };
  });
}

function candidateKey(row: { electionId: string; candidateId: string }): string {
  return `${row.electionId}/${row.candidateId}`;
}

function ballotKey(row: { voterId: string; ballotId: string }): string {
  return `${row.voterId}/${row.ballotId}`;
}
