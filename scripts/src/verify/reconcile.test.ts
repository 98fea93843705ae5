import { DetailType, Source } from '@evote/shared';
import type { LoggedFact } from '@evote/audit';
import { deriveVoteId } from '@evote/elections';
import { reconcile, type Snapshot } from './reconcile';

const voter = { voterId: 'v1', fullName: 'Ada Lovelace' };
const votes = [
  { electionId: 'e1', candidateId: 'c1' },
  { electionId: 'e2', candidateId: 'c3' },
];

function verifiedEvent(ballotId: string, voterId: string, correlationId = `corr-${ballotId}`): LoggedFact {
  return {
    detailType: DetailType.BallotVerified,
    source: Source.Voters,
    detail: { correlationId, ballotId, voterId, votes, voter: { ...voter, voterId } },
  };
}

function castEvent(
  ballotId: string,
  vote: { electionId: string; candidateId: string },
  source: string = Source.Elections,
): LoggedFact {
  return {
    detailType: DetailType.VoteCast,
    source,
    detail: {
      correlationId: `corr-${ballotId}`,
      voteId: deriveVoteId(ballotId, vote.electionId),
      ballotId,
      voter,
      vote,
    },
  };
}

/** Two ballots (b1 of v1, b2 of v2), both verified, both voting c1 and c3: every count agrees. */
function consistent(): Snapshot {
  return {
    candidates: [
      { electionId: 'e1', candidateId: 'c1', voteCount: 2 },
      { electionId: 'e1', candidateId: 'c2', voteCount: 0 },
      { electionId: 'e2', candidateId: 'c3', voteCount: 2 },
    ],
    votes: ['b1', 'b2'].flatMap((ballotId) =>
      votes.map((vote) => ({ voteId: deriveVoteId(ballotId, vote.electionId), ballotId, ...vote })),
    ),
    ballots: [
      { voterId: 'v1', ballotId: 'b1', ballotState: 'SUBMITTED' },
      { voterId: 'v2', ballotId: 'b2', ballotState: 'SUBMITTED' },
      { voterId: 'v1', ballotId: 'old', ballotState: 'SUBMITTED' },
      { voterId: 'v3', ballotId: 'b3', ballotState: 'ISSUED' },
    ],
    auditEvents: [
      {
        detailType: DetailType.BallotSubmitted,
        source: Source.Events,
        detail: { correlationId: 'corr-b1', ballotId: 'b1', voterId: 'v1', votes },
      },
      verifiedEvent('b1', 'v1'),
      verifiedEvent('b2', 'v2'),
      ...votes.flatMap((vote) => [castEvent('b1', vote), castEvent('b2', vote)]),
    ],
    baseline: [{ voterId: 'v1', ballotId: 'old', ballotState: 'SUBMITTED' }],
  };
}

const subjects = (snapshot: Snapshot) => reconcile(snapshot).differences.map((difference) => difference.subject);

describe('reconcile', () => {
  it('finds no difference when the tables and the audit log agree (a seed ballot SUBMITTED before the log began included)', () => {
    const result = reconcile(consistent());
    expect(result.differences).toEqual([]);
    expect(result.tallies).toEqual([
      { electionId: 'e1', candidateId: 'c1', voteCount: 2, fromVotes: 2, fromAudit: 2 },
      { electionId: 'e1', candidateId: 'c2', voteCount: 0, fromVotes: 0, fromAudit: 0 },
      { electionId: 'e2', candidateId: 'c3', voteCount: 2, fromVotes: 2, fromAudit: 2 },
    ]);
    expect(result.counts).toEqual({
      candidates: 3,
      votes: 4,
      voteCasts: 4,
      ballots: 4,
      verifiedBallots: 2,
      auditEvents: 7,
    });
  });

  it('reports a drifted tally: a voteCount that is neither the saved votes nor the audit log', () => {
    const snapshot = consistent();
    const drifted = {
      ...snapshot,
      candidates: snapshot.candidates.map((candidate) =>
        candidate.candidateId === 'c1' ? { ...candidate, voteCount: 3 } : candidate,
      ),
    };
    expect(reconcile(drifted).differences).toEqual([
      {
        kind: 'tally',
        subject: 'candidate e1/c1',
        detail: 'voteCount 3, 2 saved vote(s), 2 Vote Cast event(s) in the audit log',
      },
    ]);
  });

  it('reports a lost vote item: the tally from the saved votes and the vote itself', () => {
    const snapshot = consistent();
    const lost = { ...snapshot, votes: snapshot.votes.slice(1) };
    expect(subjects(lost)).toEqual(['candidate e1/c1', `vote ${deriveVoteId('b1', 'e1')}`]);
  });

  it('reports a Vote Cast missing from the audit log: the tally from the log, the saved vote and the fan-out', () => {
    const snapshot = consistent();
    const voteId = deriveVoteId('b2', 'e2');
    const missing = {
      ...snapshot,
      auditEvents: snapshot.auditEvents.filter((event) => event.detail.voteId !== voteId),
    };
    expect(subjects(missing)).toEqual(['candidate e2/c3', `vote ${voteId}`, `vote ${voteId}`]);
  });

  it('reports a saved vote whose candidate differs from its Vote Cast', () => {
    const snapshot = consistent();
    const changed = {
      ...snapshot,
      votes: snapshot.votes.map((vote, index) => (index === 0 ? { ...vote, candidateId: 'c2' } : vote)),
    };
    const result = reconcile(changed);
    expect(result.differences.map((difference) => difference.subject)).toEqual([
      'candidate e1/c1',
      'candidate e1/c2',
      `vote ${deriveVoteId('b1', 'e1')}`,
    ]);
  });

  it('reports ballot states that the audit log does not explain', () => {
    const snapshot = consistent();
    const ballots = snapshot.ballots.map((ballot) =>
      ballot.ballotId === 'b1'
        ? { ...ballot, ballotState: 'ISSUED' }
        : ballot.ballotId === 'b3'
          ? { ...ballot, ballotState: 'SUBMITTED' }
          : ballot,
    );
    expect(reconcile({ ...snapshot, ballots }).differences).toEqual([
      {
        kind: 'ballot',
        subject: 'ballot v1/b1',
        detail: 'ISSUED in the voters table, expected SUBMITTED: the audit log holds its Ballot Verified',
      },
      {
        kind: 'ballot',
        subject: 'ballot v3/b3',
        detail:
          'SUBMITTED in the voters table, expected ISSUED: the audit log holds no Ballot Verified and it was ISSUED when the log began',
      },
    ]);
  });

  it('reports a ballot verified twice and a verified ballot the voters table does not hold', () => {
    const snapshot = consistent();
    const events = [...snapshot.auditEvents, verifiedEvent('b2', 'v2', 'corr-again'), verifiedEvent('b9', 'v9')];
    // b9's two votes were never fanned out either.
    expect(subjects({ ...snapshot, auditEvents: events })).toEqual([
      `vote ${deriveVoteId('b9', 'e1')}`,
      `vote ${deriveVoteId('b9', 'e2')}`,
      'ballot v2/b2',
      'ballot v9/b9',
    ]);
    expect(
      reconcile({ ...snapshot, auditEvents: events }).differences.find(
        (difference) => difference.subject === 'ballot v2/b2',
      )?.detail,
    ).toMatch(/verified 2 times/);
  });

  it('reports a forged event and leaves it out of the tallies', () => {
    const snapshot = consistent();
    const forged = castEvent('b3', { electionId: 'e1', candidateId: 'c2' }, Source.Events);
    const result = reconcile({ ...snapshot, auditEvents: [...snapshot.auditEvents, forged] });
    expect(result.differences).toEqual([
      {
        kind: 'audit',
        subject: `Vote Cast ${deriveVoteId('b3', 'e1')}`,
        detail: 'came from evote.events; only evote.elections emits it (left out of the reconciliation)',
      },
    ]);
    expect(result.tallies.find((row) => row.candidateId === 'c2')?.fromAudit).toBe(0);
  });

  it('reports a Vote Cast whose ballot was never verified, and votes naming an unknown candidate', () => {
    const snapshot = consistent();
    const stray = castEvent('b3', { electionId: 'e1', candidateId: 'c9' });
    const vote = { voteId: String(stray.detail.voteId), ballotId: 'b3', electionId: 'e1', candidateId: 'c9' };
    expect(
      subjects({ ...snapshot, votes: [...snapshot.votes, vote], auditEvents: [...snapshot.auditEvents, stray] }),
    ).toEqual(['candidate e1/c9', `vote ${vote.voteId}`]);
  });

  it('accepts a vote the elections service rejected as the end of that vote', () => {
    const snapshot = consistent();
    const voteId = deriveVoteId('b2', 'e2');
    const rejected: LoggedFact = { ...castEvent('b2', votes[1]!), detailType: DetailType.VoteRejected };
    const withoutCast = {
      ...snapshot,
      candidates: snapshot.candidates.map((candidate) =>
        candidate.candidateId === 'c3' ? { ...candidate, voteCount: 1 } : candidate,
      ),
      votes: snapshot.votes.filter((vote) => vote.voteId !== voteId),
      auditEvents: [...snapshot.auditEvents.filter((event) => event.detail.voteId !== voteId), rejected],
    };
    expect(reconcile(withoutCast).differences).toEqual([]);
  });
});
