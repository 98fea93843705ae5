import { BallotState, DetailType, Source } from '@evote/shared';
import { ballotLabel, ballotStateOf, baselineOf, foldAuditLog, forgeryOf, talliesOf, type LoggedFact } from './fold';

const votes = [
  { electionId: 'e1', candidateId: 'c1' },
  { electionId: 'e2', candidateId: 'c3' },
];

function verified(ballotId: string, voterId: string, correlationId = `corr-${ballotId}`): LoggedFact {
  return {
    detailType: DetailType.BallotVerified,
    source: Source.Voters,
    detail: { correlationId, ballotId, voterId, votes },
  };
}

function cast(voteId: string, candidateId: string, source: string = Source.Elections): LoggedFact {
  return {
    detailType: DetailType.VoteCast,
    source,
    detail: { correlationId: 'corr', voteId, ballotId: 'b1', vote: { electionId: 'e1', candidateId } },
  };
}

describe('the audit log fold', () => {
  it('counts each voteId once: a second copy of a vote is the same vote', () => {
    const fold = foldAuditLog([cast('v1', 'c1'), cast('v1', 'c1'), cast('v2', 'c1'), cast('v3', 'c2')]);
    expect(Object.fromEntries(talliesOf(fold))).toEqual({ 'e1/c1': 2, 'e1/c2': 1 });
    expect(fold.conflictingCasts).toEqual([]);
  });

  it('keeps the first of two Vote Casts that disagree, and says so', () => {
    const fold = foldAuditLog([cast('v1', 'c1'), cast('v1', 'c2')]);
    expect(Object.fromEntries(talliesOf(fold))).toEqual({ 'e1/c1': 1 });
    expect(fold.conflictingCasts.map(([kept, other]) => [kept.candidateId, other.candidateId])).toEqual([['c1', 'c2']]);
  });

  it('sets apart a fact whose source does not emit its type, and a type no service emits', () => {
    const forged = cast('v9', 'c1', Source.Events);
    const unknown = { detailType: 'Ballot Shredded', source: Source.Voters, detail: {} };
    const fold = foldAuditLog([forged, unknown, cast('v1', 'c1')]);
    expect(fold.forged).toEqual([forged, unknown]);
    expect(Object.fromEntries(talliesOf(fold))).toEqual({ 'e1/c1': 1 });
    expect(forgeryOf(forged)).toBe('came from evote.events; only evote.elections emits it');
    expect(forgeryOf(unknown)).toBe('came from evote.voters; only no service emits it');
  });

  it('makes a ballot SUBMITTED once verified, else its state when the log began, else ISSUED', () => {
    const fold = foldAuditLog([verified('b1', 'v1')]);
    const baseline = baselineOf([{ voterId: 'v1', ballotId: 'old', ballotState: BallotState.Submitted }]);
    const stateOf = (voterId: string, ballotId: string) =>
      ballotStateOf(ballotLabel({ voterId, ballotId }), fold, baseline);
    expect([stateOf('v1', 'b1'), stateOf('v1', 'old'), stateOf('v1', 'b2'), stateOf('v2', 'b1')]).toEqual([
      'SUBMITTED',
      'SUBMITTED',
      'ISSUED',
      'ISSUED',
    ]);
  });

  it('keeps every verification (a ballot verified twice shows twice) and the rejected votes', () => {
    const rejected = { ...cast('v5', 'c1'), detailType: DetailType.VoteRejected };
    const fold = foldAuditLog([verified('b1', 'v1'), verified('b1', 'v1', 'corr-again'), rejected]);
    expect(fold.verifications.map((verification) => verification.correlationId)).toEqual(['corr-b1', 'corr-again']);
    expect(fold.verifications[0]?.electionIds).toEqual(['e1', 'e2']);
    expect([...fold.verifiedBallots]).toEqual(['v1/b1']);
    expect([...fold.rejectedVotes]).toEqual(['v5']);
    expect(fold.casts.size).toBe(0);
  });
});
