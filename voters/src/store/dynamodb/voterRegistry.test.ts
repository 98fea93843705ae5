import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BallotState } from '@evote/shared';
import { fakeDocumentClient } from '@evote/shared/testing';
import { DynamoVoterRegistry } from './voterRegistry';

const submission = { voterId: 'v1', ballotId: 'b1', correlationId: 'corr-1', submittedAt: '2024-05-01T10:00:00.000Z' };

function conditionFailed(Item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: Item as never,
  });
}

describe('DynamoVoterRegistry.find', () => {
  it('reads the profile and the ballot with two consistent Gets', async () => {
    const { client, sent } = fakeDocumentClient(({ input }) => {
      const key = input.Key as { sk: string };
      return key.sk === 'PROFILE'
        ? { Item: { pk: 'VOTER#v1', sk: 'PROFILE', voterId: 'v1', fullName: 'Ada' } }
        : { Item: undefined };
    });
    const facts = await new DynamoVoterRegistry({ tableName: 'voters', client }).find('v1', 'b1');
    expect(facts).toEqual({ voter: { voterId: 'v1', fullName: 'Ada' }, ballot: undefined });
    expect(sent.map((c) => c.name)).toEqual(['GetCommand', 'GetCommand']);
    expect(sent.filter((c) => c.input.ConsistentRead !== true || c.input.TableName !== 'voters')).toEqual([]);
  });
});

describe('DynamoVoterRegistry.submit', () => {
  it('reports success when the conditional update passes', async () => {
    const { client, sent } = fakeDocumentClient(() => ({}));
    const result = await new DynamoVoterRegistry({ tableName: 'voters', client }).submit(submission);
    expect(result).toEqual({ submitted: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ name: 'UpdateCommand', input: { ConditionExpression: 'ballotState = :issued' } });
  });

  it('returns the old item (raw AttributeValues) when the condition fails', async () => {
    const old = {
      pk: { S: 'VOTER#v1' },
      voterId: { S: 'v1' },
      ballotId: { S: 'b1' },
      ballotState: { S: BallotState.Submitted },
      submittedBy: { S: 'corr-0' },
    };
    const { client, sent } = fakeDocumentClient(() => {
      throw conditionFailed(old);
    });
    const result = await new DynamoVoterRegistry({ tableName: 'voters', client }).submit(submission);
    expect(result).toEqual({
      submitted: false,
      current: { voterId: 'v1', ballotId: 'b1', ballotState: BallotState.Submitted, submittedBy: 'corr-0' },
    });
    expect(sent).toHaveLength(1);
  });

  it('falls back to a consistent read when the failure carries no item', async () => {
    const { client, sent } = fakeDocumentClient(({ name }) => {
      if (name === 'UpdateCommand') throw conditionFailed();
      return { Item: { voterId: 'v1', ballotId: 'b1', ballotState: BallotState.Submitted, submittedBy: 'corr-1' } };
    });
    const result = await new DynamoVoterRegistry({ tableName: 'voters', client }).submit(submission);
    expect(result).toEqual({
      submitted: false,
      current: { voterId: 'v1', ballotId: 'b1', ballotState: BallotState.Submitted, submittedBy: 'corr-1' },
    });
    expect(sent[1]).toMatchObject({
      name: 'GetCommand',
      input: { ConsistentRead: true, Key: { pk: 'VOTER#v1', sk: 'BALLOT#b1' } },
    });
  });

  it('reports no ballot when neither the failure nor a read finds one', async () => {
    const { client } = fakeDocumentClient(({ name }) => {
      if (name === 'UpdateCommand') throw conditionFailed();
      return {};
    });
    const result = await new DynamoVoterRegistry({ tableName: 'voters', client }).submit(submission);
    expect(result).toEqual({ submitted: false, current: undefined });
  });

  it('rethrows any other error', async () => {
    const { client } = fakeDocumentClient(() => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    });
    await expect(new DynamoVoterRegistry({ tableName: 'voters', client }).submit(submission)).rejects.toThrow(
      'Rate exceeded',
    );
  });
});
