import { DetailType, VoteRejectionReason } from '@evote/shared';
import { verifiedBallot, VOTE_ID_B1_E1 } from '../testing/fixtures';
import { catalogOf } from './catalog';
import { decideVote, decideVotes, rejectionMessage, voteCast } from './fanOut';
import { deriveVoteId } from './voteId';

const e1c1 = { electionId: 'e00001', candidateId: 'c00001' };
const e2c2 = { electionId: 'e00002', candidateId: 'c00002' };
const everything = catalogOf({
  elections: [{ electionId: 'e00001' }, { electionId: 'e00002' }],
  candidates: [e1c1, e2c2],
});

describe('voteCast', () => {
  it('carries the derived voteId, the ballot, the voter and the vote', () => {
    expect(voteCast(verifiedBallot(), e1c1)).toEqual({
      correlationId: 'corr-1',
      voteId: VOTE_ID_B1_E1,
      ballotId: 'b00001',
      voter: { voterId: 'v00001', fullName: 'Ada Lovelace' },
      vote: e1c1,
    });
  });
});

describe('decideVote', () => {
  const ballot = verifiedBallot();

  it('casts a vote for a candidate standing in an existing election', () => {
    expect(decideVote(ballot, e1c1, everything)).toEqual({
      outcome: 'cast',
      detailType: DetailType.VoteCast,
      detail: voteCast(ballot, e1c1),
    });
  });

  it('rejects with ELECTION_NOT_FOUND a vote in an unknown election', () => {
    const catalog = catalogOf({ elections: [{ electionId: 'e00002' }], candidates: [e2c2] });
    expect(decideVote(ballot, e1c1, catalog)).toEqual({
      outcome: 'rejected',
      detailType: DetailType.VoteRejected,
      detail: { ...voteCast(ballot, e1c1), reason: 'ELECTION_NOT_FOUND', message: 'Election e00001 does not exist.' },
    });
  });

  it('prefers ELECTION_NOT_FOUND when neither the election nor the candidate exists', () => {
    const decision = decideVote(ballot, e1c1, catalogOf({ elections: [], candidates: [] }));
    expect(decision.detail).toMatchObject({ reason: 'ELECTION_NOT_FOUND' });
  });

  it('rejects with CANDIDATE_NOT_FOUND a candidate that does not stand in the election', () => {
    const catalog = catalogOf({ elections: [{ electionId: 'e00001' }], candidates: [] });
    expect(decideVote(ballot, e1c1, catalog)).toEqual({
      outcome: 'rejected',
      detailType: DetailType.VoteRejected,
      detail: {
        ...voteCast(ballot, e1c1),
        reason: 'CANDIDATE_NOT_FOUND',
        message: 'Candidate c00001 is not standing in election e00001.',
      },
    });
  });

  it('gives a rejected vote the same voteId a cast one would have', () => {
    const decision = decideVote(ballot, e1c1, catalogOf({ elections: [], candidates: [] }));
    expect(decision.detail.voteId).toBe(deriveVoteId('b00001', 'e00001'));
  });
});

describe('decideVotes', () => {
  it('decides every vote, in ballot order, mixing casts and rejections', () => {
    const catalog = catalogOf({ elections: [{ electionId: 'e00001' }], candidates: [e1c1] });
    const decisions = decideVotes(verifiedBallot(), catalog);
    expect(decisions.map((d) => [d.outcome, d.detail.vote.electionId])).toEqual([
      ['cast', 'e00001'],
      ['rejected', 'e00002'],
    ]);
  });

  it('gives each vote of a ballot its own voteId', () => {
    const ids = decideVotes(verifiedBallot(), everything).map((d) => d.detail.voteId);
    expect(new Set(ids).size).toBe(2);
  });

  it('decides the same way on a redelivery', () => {
    expect(decideVotes(verifiedBallot(), everything)).toEqual(decideVotes(verifiedBallot(), everything));
  });
});

describe('rejectionMessage', () => {
  it('stays within the 500 characters the contract allows, even for the longest ids', () => {
    const long = { electionId: 'x'.repeat(64), candidateId: 'y'.repeat(64) };
    for (const reason of Object.values(VoteRejectionReason)) {
      expect(rejectionMessage(long, reason).length).toBeLessThanOrEqual(500);
      const instants = { acceptedAt: '2026-11-03T20:00:00.000+14:00', opensAt: '2026-11-03T08:00:00.000+14:00' };
      expect(rejectionMessage(long, reason, { ...instants, closesAt: instants.acceptedAt }).length).toBeLessThanOrEqual(
        500,
      );
    }
  });
});

describe('decideVote and the polls', () => {
  // The fixture ballot was accepted at 2026-11-03T14:00:00.000Z.
  const ballot = verifiedBallot();
  const withWindow = (opensAt: string, closesAt: string) =>
    catalogOf({ elections: [{ electionId: 'e00001', window: { opensAt, closesAt } }], candidates: [e1c1] });
  const reasonOf = (decision: ReturnType<typeof decideVote>) =>
    decision.outcome === 'rejected' ? decision.detail.reason : 'cast';

  it('casts a vote accepted in the window, judged by acceptedAt only', () => {
    expect(reasonOf(decideVote(ballot, e1c1, withWindow('2026-11-03T14:00:00.000Z', '2026-11-03T14:00:00.001Z')))).toBe(
      'cast',
    );
  });

  it('rejects with POLLS_CLOSED a vote accepted at the closing instant, naming both instants', () => {
    const decision = decideVote(ballot, e1c1, withWindow('2026-11-03T08:00:00.000Z', '2026-11-03T14:00:00.000Z'));
    expect(decision).toMatchObject({
      outcome: 'rejected',
      detailType: DetailType.VoteRejected,
      detail: {
        reason: VoteRejectionReason.PollsClosed,
        message:
          'The polls of election e00001 closed at 2026-11-03T14:00:00.000Z; the ballot was accepted at 2026-11-03T14:00:00.000Z.',
      },
    });
  });

  it('rejects with POLLS_NOT_OPEN a vote accepted before the opening instant', () => {
    const decision = decideVote(ballot, e1c1, withWindow('2026-11-03T14:00:00.001Z', '2026-11-03T20:00:00.000Z'));
    expect(reasonOf(decision)).toBe(VoteRejectionReason.PollsNotOpen);
    expect(decision.outcome === 'rejected' && decision.detail.message).toMatch(/open at 2026-11-03T14:00:00.001Z/);
  });

  it('gives ELECTION_NOT_FOUND before the polls, and the polls before CANDIDATE_NOT_FOUND', () => {
    const stranger = { electionId: 'e00001', candidateId: 'c99999' };
    const closed = withWindow('2026-11-03T08:00:00.000Z', '2026-11-03T09:00:00.000Z');
    expect(reasonOf(decideVote(ballot, stranger, closed))).toBe(VoteRejectionReason.PollsClosed);
    expect(reasonOf(decideVote(ballot, e2c2, closed))).toBe(VoteRejectionReason.ElectionNotFound);
  });
});
