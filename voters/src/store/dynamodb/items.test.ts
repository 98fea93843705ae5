import { BallotState, EvoteError } from '@evote/shared';
import { itemFromConditionFailure, toIssuedBallot, toVoter } from './items';

describe('toVoter', () => {
  it('keeps only the voter id and name', () => {
    const item = { pk: 'VOTER#v1', sk: 'PROFILE', entity: 'Voter', voterId: 'v1', fullName: 'Ada' };
    expect(toVoter(item)).toEqual({ voterId: 'v1', fullName: 'Ada' });
  });

  it('throws ITEM_MALFORMED for a profile without a name', () => {
    expect(() => toVoter({ pk: 'VOTER#v1', sk: 'PROFILE', voterId: 'v1' })).toThrow(EvoteError);
    expect(() => toVoter({ voterId: 'v1' })).toThrow(expect.objectContaining({ code: 'ITEM_MALFORMED' }));
  });
});

describe('toIssuedBallot', () => {
  it('reads an ISSUED ballot', () => {
    const item = {
      pk: 'VOTER#v1',
      sk: 'BALLOT#b1',
      entity: 'Ballot',
      voterId: 'v1',
      ballotId: 'b1',
      ballotState: BallotState.Issued,
    };
    expect(toIssuedBallot(item)).toEqual({ voterId: 'v1', ballotId: 'b1', ballotState: BallotState.Issued });
  });

  it('reads who submitted a SUBMITTED ballot and when', () => {
    const item = {
      voterId: 'v1',
      ballotId: 'b1',
      ballotState: BallotState.Submitted,
      submittedBy: 'c1',
      submittedAt: 't',
    };
    expect(toIssuedBallot(item)).toEqual({ ...item });
  });

  it('throws ITEM_MALFORMED for an unknown state', () => {
    expect(() => toIssuedBallot({ voterId: 'v1', ballotId: 'b1', ballotState: 'LOST' })).toThrow(
      expect.objectContaining({ code: 'ITEM_MALFORMED' }),
    );
  });
});

describe('itemFromConditionFailure', () => {
  it('unwraps the raw AttributeValues a ConditionalCheckFailedException carries', () => {
    const error = Object.assign(new Error('failed'), {
      Item: { ballotState: { S: BallotState.Submitted }, submittedBy: { S: 'c1' }, pk: { S: 'VOTER#v1' } },
    });
    expect(itemFromConditionFailure(error)).toEqual({
      ballotState: BallotState.Submitted,
      submittedBy: 'c1',
      pk: 'VOTER#v1',
    });
  });

  it('accepts already plain values', () => {
    expect(itemFromConditionFailure({ Item: { ballotState: BallotState.Issued } })).toEqual({
      ballotState: BallotState.Issued,
    });
  });

  it('is undefined when the error carries no item', () => {
    expect(itemFromConditionFailure(new Error('failed'))).toBeUndefined();
    expect(itemFromConditionFailure({ Item: {} })).toBeUndefined();
    expect(itemFromConditionFailure(undefined)).toBeUndefined();
  });
});
