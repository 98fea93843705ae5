import { ballotStatesAt, talliesAt } from './asOf';

const election = { electionId: 'e1', description: 'Mayor', candidates: [{ candidateId: 'a', fullName: 'A', voteCount: 9 }, { candidateId: 'b', fullName: 'B', voteCount: 9 }] };
const cast = (voteId: string, candidateId: string, time = '2026-01-01T00:00:00Z') => ({ detailType: 'Vote Cast', time, detail: { ballotId: 'x', voteId, vote: { electionId: 'e1', candidateId } } });

describe('point-in-time folds', () => {
  it('count each voteId once, ignoring other facts, whatever the live voteCount says', () => {
    const facts = [cast('v1', 'a'), cast('v1', 'a'), cast('v2', 'b'), cast('v3', 'b'), { detailType: 'Vote Rejected', time: '2026-01-01T00:00:00Z', detail: { ballotId: 'x', voteId: 'v4', vote: { electionId: 'e1', candidateId: 'a' } } }];
    expect(talliesAt([election], facts)[0]?.candidates.map((candidate) => candidate.voteCount)).toEqual([1, 2]);
  });

  it('show a ballot ISSUED before its verification and SUBMITTED from then on; a pre-log submission stays SUBMITTED', () => {
    const rows = [
      { voterId: 'v', fullName: 'V', ballotId: 'b1', ballotState: 'SUBMITTED' },
      { voterId: 'v', fullName: 'V', ballotId: 'old', ballotState: 'SUBMITTED' },
      { voterId: 'v', fullName: 'V', ballotId: 'b2', ballotState: 'ISSUED' },
    ];
    const facts = [{ detailType: 'Ballot Verified', time: '2026-01-01T00:00:10Z', detail: { ballotId: 'b1' } }];
    expect(ballotStatesAt(rows, facts, '2026-01-01T00:00:09Z').map((row) => row.ballotState)).toEqual(['ISSUED', 'SUBMITTED', 'ISSUED']);
    expect(ballotStatesAt(rows, facts, '2026-01-01T00:00:10Z').map((row) => row.ballotState)).toEqual(['SUBMITTED', 'SUBMITTED', 'ISSUED']);
  });
});
