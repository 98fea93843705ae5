import { resolveIntrinsics, type IntrinsicContext } from './intrinsics';

const ctx: IntrinsicContext = {
  region: 'us-east-1',
  accountId: '000000000000',
  stackName: 'evote-voters-local',
  exports: { 'evote-local-EventBusName': 'evote-local' },
  generatedNames: { CountVoteLambdaFunction: 'evote-elections-local-countVote' },
  resources: {
    VotersTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'evote-voters-local' } },
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-dlq' } } },
    Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'evote-local' } },
  },
};

describe('CloudFormation intrinsics, resolved locally', () => {
  it.each([
    ['Ref of a table is its name', { Ref: 'VotersTable' }, 'evote-voters-local'],
    ['Ref of a queue is its URL', { Ref: 'Dlq' }, 'http://sqs.us-east-1.localhost/000000000000/evote-voters-local-dlq'],
    ['Ref of a pseudo parameter', { Ref: 'AWS::Region' }, 'us-east-1'],
    [
      'GetAtt Arn of a table',
      { 'Fn::GetAtt': ['VotersTable', 'Arn'] },
      'arn:aws:dynamodb:us-east-1:000000000000:table/evote-voters-local',
    ],
    ['GetAtt Arn of a queue', { 'Fn::GetAtt': 'Dlq.Arn' }, 'arn:aws:sqs:us-east-1:000000000000:evote-voters-local-dlq'],
    [
      'GetAtt Arn of a function',
      { 'Fn::GetAtt': ['CountVoteLambdaFunction', 'Arn'] },
      'arn:aws:lambda:us-east-1:000000000000:function:evote-elections-local-countVote',
    ],
    ['ImportValue', { 'Fn::ImportValue': 'evote-local-EventBusName' }, 'evote-local'],
    [
      'Sub with resource attributes',
      { 'Fn::Sub': 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:rule/${Bus}/r' },
      'arn:aws:events:us-east-1:000000000000:rule/evote-local/r',
    ],
    [
      'Sub with variables',
      { 'Fn::Sub': ['${A}-${VotersTable.Arn}', { A: 'x' }] },
      'x-arn:aws:dynamodb:us-east-1:000000000000:table/evote-voters-local',
    ],
    ['Join', { 'Fn::Join': ['/', ['a', { Ref: 'VotersTable' }]] }, 'a/evote-voters-local'],
  ])('%s', (_name, input, expected) => {
    expect(resolveIntrinsics(input, ctx)).toBe(expected);
  });

  it('resolves inside nested structures and leaves plain values alone', () => {
    expect(resolveIntrinsics({ env: { T: { Ref: 'VotersTable' }, N: 3 }, list: ['a', { Ref: 'Bus' }] }, ctx)).toEqual({
      env: { T: 'evote-voters-local', N: 3 },
      list: ['a', 'evote-local'],
    });
  });

  it('fails loudly on an import nobody exports or an unknown resource', () => {
    expect(() => resolveIntrinsics({ 'Fn::ImportValue': 'missing' }, ctx)).toThrow(/no service exports it/);
    expect(() => resolveIntrinsics({ Ref: 'Nope' }, ctx)).toThrow(/unknown resource Nope/);
  });
});
