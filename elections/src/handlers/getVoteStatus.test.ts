import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { shardOf } from '../domain/keys';
import { capturingLogger, fakeDocumentClient } from '@evote/shared/testing';
import { createGetVoteStatusHandler } from './getVoteStatus';
import { DynamoElectionStore } from '../store/dynamodb/electionStore';

const VOTE = '0123456789abcdef0123456789abcdef';

function request(pathParameters: Record<string, string>, claims?: Record<string, string>) {
  return {
    pathParameters,
    requestContext: claims ? { authorizer: { jwt: { claims, scopes: null } } } : {},
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
const asVoter = (pathParameters: Record<string, string>) => request(pathParameters, { username: 'v1' });

function handlerWith(found: ('VOTE' | 'COUNTED')[]) {
  const { client, sent } = fakeDocumentClient((command) => {
    const keys = ((command.input.RequestItems as Record<string, { Keys: { pk: string; sk: string }[] }>).t?.Keys ??
      []) as { pk: string; sk: string }[];
    return { Responses: { t: keys.filter((key) => found.some((prefix) => key.sk.startsWith(`${prefix}#`))) } };
  });
  const votes = new DynamoElectionStore({ tableName: 't', client });
  const handler = createGetVoteStatusHandler({ votes, voterClaim: 'username', logger: capturingLogger().logger });
  return { handler, sent };
}

describe('getVoteStatus', () => {
  it.each([
    [[], false, false],
    [['VOTE'], true, false],
    [['VOTE', 'COUNTED'], true, true],
  ] as const)('items %j -> saved %s, counted %s', async (found, saved, counted) => {
    const response = await handlerWith([...found]).handler(asVoter({ electionId: 'e1', voteId: VOTE }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ voteId: VOTE, saved, counted });
  });

  it("reads the vote's and the marker's keys only, never the candidate", async () => {
    const { handler, sent } = handlerWith(['VOTE', 'COUNTED']);
    await handler(asVoter({ electionId: 'e1', voteId: VOTE }));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.input).toEqual({
      RequestItems: {
        t: {
          Keys: [
            { pk: `ELECTION#e1#VOTES#${shardOf(VOTE)}`, sk: `VOTE#${VOTE}` },
            { pk: `ELECTION#e1#COUNTED#${shardOf(VOTE)}`, sk: `COUNTED#${VOTE}` },
          ],
          ConsistentRead: true,
          ProjectionExpression: 'pk, sk',
        },
      },
    });
  });

  it('401 without claims, 400 for a bad id; neither reads anything', async () => {
    const { handler, sent } = handlerWith([]);
    expect((await handler(request({ electionId: 'e1', voteId: VOTE }))).statusCode).toBe(401);
    const bad = await handler(asVoter({ electionId: 'e1', voteId: 'no such/id' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).errors[0].path).toBe('/voteId');
    expect(sent).toHaveLength(0);
  });
});
