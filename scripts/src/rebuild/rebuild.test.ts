import { DetailType, Source, type BusEvent } from '@evote/shared';
import { deriveVoteId } from '@evote/elections';
import {
  auditRecordOf,
  entityEntryItem,
  eventItem,
  hasRevisions,
  streamEntryItem,
  type AuditedEvent,
} from '@evote/audit';
import { rebuild, type RebuildInput } from './rebuild';

type Item = Record<string, unknown>;
const voter = { voterId: 'v1', fullName: 'Ada Lovelace' };
const votes = [
  { electionId: 'e1', candidateId: 'c1' },
  { electionId: 'e2', candidateId: 'c3' },
];

let sequence = 0;
function envelope(detailType: DetailType, source: string, detail: Record<string, unknown>): AuditedEvent {
  sequence += 1;
  return {
    version: '0',
    id: `evt-${sequence}`,
    'detail-type': detailType,
    source,
    account: '1',
    time: '2025-11-04T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  } as unknown as BusEvent as AuditedEvent;
}

/** The audit table's items after appending `events` in order, built with the audit service's own item builders. */
function appended(events: readonly AuditedEvent[]): Item[] {
  const heads = new Map<string, number>();
  return events.flatMap((event) => {
    const record = auditRecordOf(event);
    const kept = { eventId: event.id, time: event.time };
    return [
      eventItem(record),
      ...record.entities.map((entity) => {
        if (!hasRevisions(entity.type)) return entityEntryItem(record, entity, kept);
        const revision = (heads.get(`${entity.type}#${entity.id}`) ?? 0) + 1;
        heads.set(`${entity.type}#${entity.id}`, revision);
        return streamEntryItem(record, { entity, revision }, kept);
      }),
    ];
  });
}

function ballotEvents(ballotId: string, voterId: string): AuditedEvent[] {
  const correlationId = `corr-${ballotId}`;
  return [
    envelope(DetailType.BallotSubmitted, Source.Events, { correlationId, ballotId, voterId, votes }),
    envelope(DetailType.BallotVerified, Source.Voters, {
      correlationId,
      ballotId,
      voterId,
      votes,
      voter: { ...voter, voterId },
    }),
    ...votes.map((vote) =>
      envelope(DetailType.VoteCast, Source.Elections, {
        correlationId,
        voteId: deriveVoteId(ballotId, vote.electionId),
        ballotId,
        voter: { ...voter, voterId },
        vote,
      }),
    ),
  ];
}

/** b1 of v1 and b2 of v2 verified, both voting c1 and c3; `old` was SUBMITTED before the log began. */
function consistent(): RebuildInput {
  return {
    auditItems: appended([...ballotEvents('b1', 'v1'), ...ballotEvents('b2', 'v2')]),
    baseline: [{ voterId: 'v1', ballotId: 'old', ballotState: 'SUBMITTED' }],
    candidates: [
      { electionId: 'e1', candidateId: 'c1', voteCount: 2 },
      { electionId: 'e1', candidateId: 'c2', voteCount: 0 },
      { electionId: 'e2', candidateId: 'c3', voteCount: 2 },
    ],
    ballots: [
      { voterId: 'v1', ballotId: 'b1', ballotState: 'SUBMITTED' },
      { voterId: 'v2', ballotId: 'b2', ballotState: 'SUBMITTED' },
      { voterId: 'v1', ballotId: 'old', ballotState: 'SUBMITTED' },
      { voterId: 'v3', ballotId: 'b3', ballotState: 'ISSUED' },
    ],
  };
}

describe('rebuild', () => {
  it('folds the ballot streams into the tallies and ballot states the tables hold', () => {
    const report = rebuild(consistent());
    expect(report.differences).toEqual([]);
    expect(report.tallies.map((row) => [row.candidateId, row.rebuilt])).toEqual([
      ['c1', 2],
      ['c2', 0],
      ['c3', 2],
    ]);
    expect(Object.fromEntries(report.ballots.map((row) => [row.ballotId, row.rebuilt]))).toEqual({
      b1: 'SUBMITTED',
      b2: 'SUBMITTED',
      old: 'SUBMITTED',
      b3: 'ISSUED',
    });
    expect(report.counts).toEqual({ streams: 4, events: 8, voteCasts: 4, verifiedBallots: 2 });
  });

  it('reports a tally or a ballot state the log does not support', () => {
    const input = consistent();
    const report = rebuild({
      ...input,
      candidates: input.candidates.map((row) => (row.candidateId === 'c3' ? { ...row, voteCount: 3 } : row)),
      ballots: input.ballots.map((row) => (row.ballotId === 'b3' ? { ...row, ballotState: 'SUBMITTED' } : row)),
    });
    expect(report.differences).toEqual([
      { kind: 'tally', subject: 'candidate e2/c3', detail: 'voteCount 3, rebuilt from the audit log 2' },
      {
        kind: 'ballot',
        subject: 'ballot v3/b3',
        detail: 'SUBMITTED in the voters table, rebuilt from the audit log ISSUED',
      },
    ]);
  });

  it('reports a gap in a stream and an entry whose event is gone', () => {
    const input = consistent();
    const gone = input.auditItems.find((item) => item.pk === 'BALLOT#b1' && item.revision === 2);
    const lostEvent = `EVENT#Vote Cast#${deriveVoteId('b2', 'e1')}`;
    const report = rebuild({
      ...input,
      auditItems: input.auditItems.filter((item) => item !== gone && item.pk !== lostEvent),
    });
    expect(report.differences).toEqual(
      expect.arrayContaining([
        { kind: 'audit', subject: 'stream BALLOT#b1', detail: 'revisions are not 1..3 without gaps: 1, 3, 4' },
        expect.objectContaining({
          kind: 'audit',
          subject: 'stream BALLOT#b2',
          detail: expect.stringMatching(/^revision 3 points to EVENT#Vote Cast#/),
        }),
        // b1's Ballot Verified is no longer in its stream, so b1 rebuilds as ISSUED.
        {
          kind: 'ballot',
          subject: 'ballot v1/b1',
          detail: 'SUBMITTED in the voters table, rebuilt from the audit log ISSUED',
        },
        {
          kind: 'audit',
          subject: 'EVENT#Ballot Verified#corr-b1',
          detail: 'an event item that no ballot stream holds',
        },
      ]),
    );
  });

  it('leaves a forged event out of the fold and reports it', () => {
    const forged = envelope(DetailType.VoteCast, Source.Events, {
      correlationId: 'x',
      voteId: deriveVoteId('b9', 'e1'),
      ballotId: 'b9',
      voter,
      vote: votes[0],
    });
    const report = rebuild({
      ...consistent(),
      auditItems: appended([...ballotEvents('b1', 'v1'), ...ballotEvents('b2', 'v2'), forged]),
    });
    expect(report.tallies.find((row) => row.candidateId === 'c1')?.rebuilt).toBe(2);
    expect(report.differences).toEqual([
      expect.objectContaining({
        kind: 'audit',
        detail: expect.stringMatching(/^came from evote.events; only evote.elections emits it/),
      }),
    ]);
  });

  it("holds an election's lifecycle events, which name no ballot, without a difference", () => {
    const lifecycle = [
      envelope(DetailType.ElectionOpened, Source.Elections, {
        correlationId: 'e1',
        electionId: 'e1',
        scheduledAt: '2026-11-03T08:00:00.000Z',
      }),
      envelope(DetailType.ElectionClosed, Source.Elections, {
        correlationId: 'e1',
        electionId: 'e1',
        scheduledAt: '2026-11-03T20:00:00.000Z',
      }),
    ];
    const report = rebuild({
      ...consistent(),
      auditItems: appended([...ballotEvents('b1', 'v1'), ...ballotEvents('b2', 'v2'), ...lifecycle]),
    });
    expect(report.differences).toEqual([]);
  });
});
