import { DetailType, Source } from '@evote/shared';
import { ballotStatesAt, factsUpTo, talliesAt } from './asOf';

const election = {
  electionId: 'e1',
  description: 'Mayor',
  candidates: [
    { candidateId: 'a', fullName: 'A', voteCount: 9 },
    { candidateId: 'b', fullName: 'B', voteCount: 9 },
  ],
};
const cast = (voteId: string, candidateId: string, time = '2026-01-01T00:00:00Z') => ({
  detailType: DetailType.VoteCast,
  source: Source.Elections,
  time,
  detail: { ballotId: 'x', voteId, vote: { electionId: 'e1', candidateId } },
});

describe('point-in-time folds', () => {
  it('count each voteId once, ignoring other facts, whatever the live voteCount says', () => {
    const facts = [
      cast('v1', 'a'),
      cast('v1', 'a'),
      cast('v2', 'b'),
      cast('v3', 'b'),
      {
        detailType: DetailType.VoteRejected,
        source: Source.Elections,
        time: '2026-01-01T00:00:00Z',
        detail: { ballotId: 'x', voteId: 'v4', vote: { electionId: 'e1', candidateId: 'a' } },
      },
    ];
    expect(talliesAt([election], facts)[0]?.candidates.map((candidate) => candidate.voteCount)).toEqual([1, 2]);
  });

  it('leave a forged Vote Cast out of the tallies', () => {
    const forged = { ...cast('v9', 'a'), source: Source.Events };
    expect(
      talliesAt([election], [cast('v1', 'a'), forged])[0]?.candidates.map((candidate) => candidate.voteCount),
    ).toEqual([1, 0]);
  });

  it('show a ballot ISSUED before its verification and SUBMITTED from then on; a pre-log submission stays SUBMITTED', () => {
    const rows = [
      { voterId: 'v', fullName: 'V', ballotId: 'b1', ballotState: 'SUBMITTED' },
      { voterId: 'v', fullName: 'V', ballotId: 'old', ballotState: 'SUBMITTED' },
      { voterId: 'v', fullName: 'V', ballotId: 'b2', ballotState: 'ISSUED' },
    ];
    // `old` was submitted before the log began: the seed (the baseline) says so, not the live table.
    const baseline = [{ voterId: 'v', ballotId: 'old', ballotState: 'SUBMITTED' }];
    const facts = [
      {
        detailType: DetailType.BallotVerified,
        source: Source.Voters,
        time: '2026-01-01T00:00:10Z',
        detail: { voterId: 'v', ballotId: 'b1' },
      },
    ];
    expect(
      ballotStatesAt(rows, factsUpTo(facts, '2026-01-01T00:00:09Z'), baseline).map((row) => row.ballotState),
    ).toEqual(['ISSUED', 'SUBMITTED', 'ISSUED']);
    expect(
      ballotStatesAt(rows, factsUpTo(facts, '2026-01-01T00:00:10Z'), baseline).map((row) => row.ballotState),
    ).toEqual(['SUBMITTED', 'SUBMITTED', 'ISSUED']);
  });

  it('take a ballot the log never verified from the baseline, not from the live table', () => {
    const drifted = [{ voterId: 'v', fullName: 'V', ballotId: 'b3', ballotState: 'SUBMITTED' }];
    expect(ballotStatesAt(drifted, [], []).map((row) => row.ballotState)).toEqual(['ISSUED']);
  });
});
