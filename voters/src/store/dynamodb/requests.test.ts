import { getBallotRequest, getVoterRequest, submitBallotRequest, voterPartitionRequest } from './requests';

describe('voters table requests', () => {
  it('reads the voter profile strongly consistent', () => {
    expect(getVoterRequest('voters-local', 'v1')).toEqual({
      TableName: 'voters-local',
      Key: { pk: 'VOTER#v1', sk: 'PROFILE' },
      ConsistentRead: true,
    });
  });

  it('reads the ballot under its voter strongly consistent', () => {
    expect(getBallotRequest('voters-local', 'v1', 'b1')).toEqual({
      TableName: 'voters-local',
      Key: { pk: 'VOTER#v1', sk: 'BALLOT#b1' },
      ConsistentRead: true,
    });
  });

  describe('submitBallotRequest', () => {
    const request = submitBallotRequest('voters-local', {
      voterId: 'v1',
      ballotId: 'b1',
      correlationId: 'corr-1',
      submittedAt: '2024-05-01T10:00:00.000Z',
    });

    it('updates the ballot under its voter', () => {
      expect(request.TableName).toBe('voters-local');
      expect(request.Key).toEqual({ pk: 'VOTER#v1', sk: 'BALLOT#b1' });
    });

    it('only moves an ISSUED ballot (and so never creates one)', () => {
      expect(request.ConditionExpression).toBe('ballotState = :issued');
      expect(request.ExpressionAttributeValues?.[':issued']).toBe('ISSUED');
    });

    it('sets SUBMITTED, submittedBy = correlationId and submittedAt', () => {
      expect(request.UpdateExpression).toBe(
        'SET ballotState = :submitted, submittedBy = :correlationId, submittedAt = :submittedAt',
      );
      expect(request.ExpressionAttributeValues).toEqual({
        ':issued': 'ISSUED',
        ':submitted': 'SUBMITTED',
        ':correlationId': 'corr-1',
        ':submittedAt': '2024-05-01T10:00:00.000Z',
      });
    });

    it('asks for the old item when the condition fails', () => {
      expect(request.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    });
  });
});

describe('voterPartitionRequest', () => {
  it("queries the voter's partition (profile and ballots), projecting only what the read API shows", () => {
    expect(voterPartitionRequest('voters-local', 'v1')).toEqual({
      TableName: 'voters-local',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'VOTER#v1' },
      ProjectionExpression: 'entity, voterId, fullName, ballotId, ballotState',
    });
  });

  it('continues from the last key', () => {
    expect(voterPartitionRequest('t', 'v1', { pk: 'x', sk: 'y' }).ExclusiveStartKey).toEqual({ pk: 'x', sk: 'y' });
  });
});
